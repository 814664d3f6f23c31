import * as tf from '@tensorflow/tfjs';
import { normalize } from './gae.js';
import type { ActorCritic, DecisionBatch } from './policy-net.js';
import { shuffleInPlace, type Rng } from './rng.js';

/** One decision (choosing a worker for one plan node) as collected during a rollout. */
export interface Decision {
  readonly state: Float32Array;
  /** Feature rows of the candidate workers, in candidate order. */
  readonly workers: readonly Float32Array[];
  /** Index into `workers`. */
  readonly action: number;
  /** log pi_old(action | state), under the policy that collected it. */
  readonly logProb: number;
  readonly value: number;
}

export interface PpoHyper {
  readonly clip: number;
  readonly epochs: number;
  readonly minibatchSize: number;
  readonly valueCoef: number;
  readonly entropyCoef: number;
  /** Global gradient-norm clip. */
  readonly maxGradNorm: number;
  /** Stop the epochs early once the approximate KL to the old policy passes this (0 = never). */
  readonly targetKl: number;
}

export interface PpoStats {
  readonly policyLoss: number;
  readonly valueLoss: number;
  readonly entropy: number;
  /** Approximate KL(old || new), the (r - 1) - log r estimator. */
  readonly kl: number;
  /** Fraction of decisions whose ratio left [1 - clip, 1 + clip]. */
  readonly clipFrac: number;
  readonly minibatches: number;
}

/** Pads a list of decisions into tensors; K is the widest candidate set among them. */
export function toBatch(decisions: readonly Pick<Decision, 'state' | 'workers'>[], workerDim: number): DecisionBatch {
  const b = decisions.length;
  const k = Math.max(1, ...decisions.map((d) => d.workers.length));
  const stateDim = decisions[0]?.state.length ?? 0;
  const states = new Float32Array(b * stateDim);
  const workers = new Float32Array(b * k * workerDim);
  const mask = new Float32Array(b * k);
  decisions.forEach((d, i) => {
    states.set(d.state, i * stateDim);
    d.workers.forEach((f, j) => {
      workers.set(f, (i * k + j) * workerDim);
      mask[i * k + j] = 1;
    });
  });
  return {
    states: tf.tensor2d(states, [b, stateDim]),
    workers: tf.tensor3d(workers, [b, k, workerDim]),
    mask: tf.tensor2d(mask, [b, k]),
  };
}

function disposeBatch(batch: DecisionBatch): void {
  batch.states.dispose();
  batch.workers.dispose();
  batch.mask.dispose();
}

/**
 * Clips gradients to a global norm, separately for the actor and the critic:
 * they share no weights, and one norm over both lets a large value error
 * (rewards reach -50 on a slow video plan) shrink the policy step to nothing.
 */
function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  if (!(maxNorm > 0)) return grads;
  return tf.tidy(() => {
    const out: tf.NamedTensorMap = {};
    for (const prefix of ['a', 'c']) {
      const group = Object.entries(grads).filter(([k]) => k.startsWith(prefix));
      if (group.length === 0) continue;
      const norm = Math.sqrt(tf.addN(group.map(([, g]) => g.square().sum())).dataSync()[0] ?? 0);
      const scale = norm > maxNorm ? maxNorm / norm : 1;
      for (const [k, g] of group) out[k] = g.mul(scale);
    }
    return out;
  });
}

/**
 * The PPO-clip update (Schulman et al. 2017): several epochs of shuffled
 * minibatches over the collected decisions, clipped surrogate + value MSE
 * - entropy bonus, advantages normalised over the whole batch.
 */
export function ppoUpdate(
  net: ActorCritic,
  optimizer: tf.Optimizer,
  decisions: readonly Decision[],
  advantages: ArrayLike<number>,
  returns: ArrayLike<number>,
  hyper: PpoHyper,
  rng: Rng,
): PpoStats {
  const n = decisions.length;
  const adv = normalize(advantages);
  const order = Array.from({ length: n }, (_, i) => i);
  const sums = { policyLoss: 0, valueLoss: 0, entropy: 0, kl: 0, clipFrac: 0 };
  let minibatches = 0;
  let stop = false;
  const vars = net.trainableVariables();
  for (let epoch = 0; epoch < hyper.epochs && !stop; epoch++) {
    shuffleInPlace(order, rng);
    let epochKl = 0;
    let epochBatches = 0;
    for (let start = 0; start < n; start += hyper.minibatchSize) {
      const idx = order.slice(start, start + hyper.minibatchSize);
      const mb = idx.map((i) => decisions[i] as Decision);
      const batch = toBatch(mb, net.shape.workerDim);
      const actionsOneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(mb.map((d) => d.action), 'int32'), batch.mask.shape[1]).toFloat());
      const oldLogp = tf.tensor1d(mb.map((d) => d.logProb));
      const advT = tf.tensor1d(idx.map((i) => adv[i] ?? 0));
      const retT = tf.tensor1d(idx.map((i) => returns[i] ?? 0));
      let stats: number[] = [];
      const { value: _loss, grads } = tf.variableGrads(() => {
        const logp = net.logProbs(batch);
        const newLogp = logp.mul(actionsOneHot).sum(1);
        const ratio = tf.exp(newLogp.sub(oldLogp));
        const surr1 = ratio.mul(advT);
        const surr2 = tf.clipByValue(ratio, 1 - hyper.clip, 1 + hyper.clip).mul(advT);
        const policyLoss = tf.minimum(surr1, surr2).mean().neg();
        const valueLoss = net.values(batch.states).sub(retT).square().mean();
        // Padding has p = 0; exp(logp) * logp is then 0 * (-1e9) = -0, so no mask is needed.
        const probs = tf.exp(logp);
        const entropy = probs.mul(logp).sum(1).mean().neg();
        const loss = policyLoss.add(valueLoss.mul(hyper.valueCoef)).sub(entropy.mul(hyper.entropyCoef));
        const logRatio = newLogp.sub(oldLogp);
        const kl = ratio.sub(1).sub(logRatio).mean();
        const clipFrac = ratio.sub(1).abs().greater(hyper.clip).toFloat().mean();
        stats = [policyLoss, valueLoss, entropy, kl, clipFrac].map((t) => t.dataSync()[0] ?? 0);
        return loss as tf.Scalar;
      }, vars);
      _loss.dispose();
      const clipped = clipByGlobalNorm(grads, hyper.maxGradNorm);
      optimizer.applyGradients(clipped);
      tf.dispose([grads, clipped, actionsOneHot, oldLogp, advT, retT]);
      disposeBatch(batch);
      net.invalidate();
      const [pl = 0, vl = 0, ent = 0, kl = 0, cf = 0] = stats;
      sums.policyLoss += pl;
      sums.valueLoss += vl;
      sums.entropy += ent;
      sums.kl += kl;
      sums.clipFrac += cf;
      epochKl += kl;
      epochBatches++;
      minibatches++;
    }
    if (hyper.targetKl > 0 && epochKl / Math.max(1, epochBatches) > hyper.targetKl) stop = true;
  }
  const m = Math.max(1, minibatches);
  return {
    policyLoss: sums.policyLoss / m,
    valueLoss: sums.valueLoss / m,
    entropy: sums.entropy / m,
    kl: sums.kl / m,
    clipFrac: sums.clipFrac / m,
    minibatches,
  };
}
