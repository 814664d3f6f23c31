import { ActorCritic } from '../training/phase2/policy-net.js';
import { rolloutPlan } from '../training/phase2/rollout.js';
import type { NodeEmbeddingFn } from '../training/phase2/state-features.js';
import { loadCheckpoint, type Phase2Checkpoint } from '../training/phase2/checkpoint.js';
import type { Plan } from '../types.js';
import { ObservedStats } from './observed-stats.js';
import type { Assignment, PolicyContext, RoutingPolicy } from './types.js';
import type { WorkerProfile } from '../workers/profile.js';

export interface PpoPolicy extends RoutingPolicy {
  readonly checkpoint: Phase2Checkpoint;
  readonly stats: ObservedStats;
}

/**
 * The trained Phase 2 policy: each node's most likely worker under the PPO
 * actor, with features from the checkpoint's observed statistics. The
 * context's reward weights and budget are fed to the policy (it was trained
 * on its preset's weights; far from them it extrapolates).
 */
export function ppoPolicyFromCheckpoint(
  checkpoint: Phase2Checkpoint,
  profiles: readonly WorkerProfile[],
  options: { readonly nodeEmbedding?: NodeEmbeddingFn; readonly name?: string } = {},
): PpoPolicy {
  const net = ActorCritic.fromWeights(checkpoint.net);
  const stats = new ObservedStats(profiles, checkpoint.stats);
  return {
    name: options.name ?? 'ppo',
    checkpoint,
    stats,
    assign(plan: Plan, context: PolicyContext): Assignment {
      // Workers added since training (e.g. a new provider) are scored from their features like any other.
      return rolloutPlan(
        plan,
        net,
        {
          spec: checkpoint.features,
          estimate: stats.estimate,
          count: (w, t) => stats.count(w, t),
          candidatesFor: (t) => context.catalog.candidatesFor(t),
          execution: context.execution,
          weights: context.weights,
          ...(context.budgetUsd !== undefined ? { budgetUsd: context.budgetUsd } : {}),
          ...(options.nodeEmbedding ? { nodeEmbedding: options.nodeEmbedding } : {}),
        },
        'argmax',
      ).assignment;
    },
  };
}

export function loadPpoPolicy(dir: string, profiles: readonly WorkerProfile[], options: { readonly nodeEmbedding?: NodeEmbeddingFn } = {}): PpoPolicy {
  return ppoPolicyFromCheckpoint(loadCheckpoint(dir), profiles, options);
}
