import type * as tf from '@tensorflow/tfjs';
import type { ExecutionModel, RewardWeights, RoutingPolicy, WorkerCatalog } from '../../routing/types.js';
import type { Plan } from '../../types.js';
import { behaviourClone, type CloneSample } from './behaviour-clone.js';
import type { ActorCritic } from './policy-net.js';
import { DecisionWalk, type FeatureInputs } from './state-features.js';

/**
 * Starts PPO from another policy's choices: behaviour-clones `teacher` (the
 * Phase 1 selector wrapped as a RoutingPolicy, once the learned planner
 * ships one) on the training plans. Returns the number of cloned decisions.
 */
export function initFromPolicy(
  net: ActorCritic,
  optimizer: tf.Optimizer,
  teacher: RoutingPolicy,
  plans: readonly Plan[],
  inputs: FeatureInputs,
  context: { readonly catalog: WorkerCatalog; readonly weights: RewardWeights; readonly execution: ExecutionModel },
  epochs: number,
): number {
  const samples: CloneSample[] = [];
  for (const plan of plans) {
    const chosen = teacher.assign(plan, context);
    const walk = new DecisionWalk(plan, inputs);
    while (!walk.done) {
      const d = walk.next();
      const w = chosen.get(d.node.id) ?? d.candidates[0] ?? '';
      const action = d.candidates.indexOf(w);
      if (d.candidates.length > 1 && action >= 0) samples.push({ state: d.state, workers: d.workers, action, weight: 1 });
      walk.choose(action >= 0 ? w : (d.candidates[0] as string));
    }
  }
  if (samples.length > 0 && epochs > 0) behaviourClone(net, optimizer, samples, epochs);
  return samples.length;
}
