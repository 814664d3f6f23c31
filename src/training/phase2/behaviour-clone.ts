import * as tf from '@tensorflow/tfjs';
import type { ActorCritic } from './policy-net.js';
import { toBatch } from './ppo.js';

/** One choice to imitate: the decision's features, the chosen candidate and how much it counts. */
export interface CloneSample {
  readonly state: Float32Array;
  readonly workers: readonly Float32Array[];
  readonly action: number;
  readonly weight: number;
}

/**
 * Weighted behaviour cloning of the actor: minimises -sum(w * log pi(a|s)) / sum(w)
 * over a few epochs. Used to start PPO from logged choices (weights from the
 * logged runs' rewards) or from the Phase 1 selector's choices.
 */
export function behaviourClone(net: ActorCritic, optimizer: tf.Optimizer, samples: readonly CloneSample[], epochs: number, batchSize = 64): number {
  let last = 0;
  const vars = net.trainableVariables();
  for (let e = 0; e < epochs; e++) {
    for (let start = 0; start < samples.length; start += batchSize) {
      const mb = samples.slice(start, start + batchSize);
      const batch = toBatch(mb, net.shape.workerDim);
      const onehot = tf.tidy(() => tf.oneHot(tf.tensor1d(mb.map((s) => s.action), 'int32'), batch.mask.shape[1]).toFloat());
      const w = tf.tensor1d(mb.map((s) => s.weight));
      const { value, grads } = tf.variableGrads(() => {
        const logp = net.logProbs(batch).mul(onehot).sum(1);
        return logp.mul(w).sum().div(w.sum().add(1e-8)).neg() as tf.Scalar;
      }, vars);
      last = value.dataSync()[0] ?? 0;
      optimizer.applyGradients(grads);
      tf.dispose([value, grads, onehot, w, batch.states, batch.workers, batch.mask]);
      net.invalidate();
    }
  }
  return last;
}
