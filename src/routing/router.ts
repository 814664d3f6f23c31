import { join } from 'node:path';
import { resolveFrom, type LoadedConfig } from '../config/load.js';
import type { Phase2Config } from '../config/schema.js';
import { checkpointExists } from '../training/phase2/checkpoint.js';
import type { Plan } from '../types.js';
import { greedyPolicy } from './baseline-policies.js';
import { loadPpoPolicy } from './ppo-policy.js';
import { selectWorkers, type WorkerSelection } from './select-workers.js';
import type { EstimateFn, RewardWeights, RoutingPolicy, WorkerCatalog } from './types.js';

export interface RouteOptions {
  readonly budgetUsd?: number;
  readonly latencyTargetMs?: number;
}

/** What the orchestrator calls before executing a plan. */
export interface Router {
  select(plan: Plan, options?: RouteOptions): WorkerSelection;
  /** `ppo` or `greedy-prior`, for the run's log and /workers. */
  policyName(domain: string): string;
}

export interface RouterOptions {
  readonly loaded: LoadedConfig;
  /** The worker registry (buildWorkerRegistry's result fits). */
  readonly catalog: WorkerCatalog;
  /** @default training.phase2.preset */
  readonly preset?: Phase2Config['preset'];
}

/**
 * One router per process: per domain, the PPO policy from
 * `<checkpoint_dir>/<domain>/phase2` when it exists (judging budget moves by
 * its observed statistics), else greedy on the registry's prior figures.
 * Reward weights come from the configured preset; fallback from executor.fallback.
 */
export function createRouter(options: RouterOptions): Router {
  const { loaded, catalog } = options;
  const cfg = loaded.config;
  const preset = cfg.training.phase2.presets[options.preset ?? cfg.training.phase2.preset];
  const weights: RewardWeights = { lambdaCost: preset.lambda_cost, lambdaLatency: preset.lambda_latency };
  const execution = { fallback: cfg.executor.fallback };
  const byDomain = new Map<string, { policy: RoutingPolicy; estimateFn: EstimateFn }>();
  const forDomain = (domain: string): { policy: RoutingPolicy; estimateFn: EstimateFn } => {
    let entry = byDomain.get(domain);
    if (!entry) {
      const dir = join(resolveFrom(loaded, cfg.planner.checkpoint_dir), domain, 'phase2');
      if (checkpointExists(dir)) {
        const ppo = loadPpoPolicy(dir, catalog.profiles);
        entry = { policy: ppo, estimateFn: ppo.stats.estimate };
      } else {
        entry = { policy: greedyPolicy(catalog.estimate, 'greedy-prior'), estimateFn: catalog.estimate };
      }
      byDomain.set(domain, entry);
    }
    return entry;
  };
  return {
    select(plan, route = {}) {
      const { policy, estimateFn } = forDomain(plan.domain ?? cfg.planner.default_domain);
      return selectWorkers(plan, {
        policy,
        catalog,
        estimateFn,
        weights,
        execution,
        ...(route.budgetUsd !== undefined ? { budgetUsd: route.budgetUsd } : {}),
        ...(route.latencyTargetMs !== undefined ? { latencyTargetMs: route.latencyTargetMs } : {}),
      });
    },
    policyName: (domain) => forDomain(domain).policy.name,
  };
}

/**
 * The orchestrator's `SelectWorkersFn` shape ((plan, { budgetUsd }) => Plan):
 * BudgetExceededError propagates, which the orchestrator turns into a
 * `plan-refused` event.
 */
export function toSelectWorkersFn(router: Router): (plan: Plan, options: { readonly budgetUsd: number | null }) => Plan {
  return (plan, options) => router.select(plan, options.budgetUsd === null ? {} : { budgetUsd: options.budgetUsd }).plan;
}
