import type { Plan } from '../../types.js';
import type { ActorCritic } from './policy-net.js';
import { softmax } from './policy-net.js';
import type { Decision } from './ppo.js';
import { sampleIndex, type Rng } from './rng.js';
import { DecisionWalk, type FeatureInputs } from './state-features.js';

export interface RolloutStep extends Decision {
  readonly nodeId: string;
}

export interface Rollout {
  /** nodeId -> primary worker. */
  readonly assignment: Map<string, string>;
  /** Only nodes with a real choice (two or more candidates); the others have nothing to learn. */
  readonly steps: RolloutStep[];
}

/** Chooses a primary worker for every node: sampled from the policy (training) or its most likely worker (deployment). */
export function rolloutPlan(plan: Plan, net: ActorCritic, inputs: FeatureInputs, mode: 'sample' | 'argmax', rng?: Rng): Rollout {
  const walk = new DecisionWalk(plan, inputs);
  const assignment = new Map<string, string>();
  const steps: RolloutStep[] = [];
  while (!walk.done) {
    const d = walk.next();
    let action = 0;
    if (d.candidates.length > 1) {
      const { logits, value } = net.forward(d.state, d.workers);
      const p = softmax(logits);
      if (mode === 'sample') {
        if (!rng) throw new Error('rolloutPlan: sampling needs an rng');
        action = sampleIndex(p, rng);
      } else {
        action = p.indexOf(Math.max(...p));
      }
      steps.push({ nodeId: d.node.id, state: d.state, workers: d.workers, action, logProb: Math.log(Math.max(p[action] ?? 0, 1e-12)), value });
    }
    const worker = d.candidates[action];
    if (!worker) throw new Error(`no worker serves task "${d.node.task}" of node "${d.node.id}"`);
    assignment.set(d.node.id, worker);
    walk.choose(worker);
  }
  return { assignment, steps };
}
