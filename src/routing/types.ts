import type { Plan } from '../types.js';
import type { WorkerProfile, WorkerTaskEstimate } from '../workers/profile.js';

/** Expected behaviour of one call of `workerId` on `task` with `inputTokens` of input. */
export type EstimateFn = (workerId: string, task: string, inputTokens: number) => WorkerTaskEstimate;

/**
 * What routing needs from the worker registry (src/workers `buildWorkerRegistry`
 * satisfies it structurally). `estimate` is the registry's figure: for sim
 * workers the zoo's TRUE parameters, so only the oracle, best_single and cost
 * accounting use it; learned and greedy policies use observed statistics.
 */
export interface WorkerCatalog {
  readonly profiles: readonly WorkerProfile[];
  /** Worker ids serving `task`, most capable first (the fallback order). */
  candidatesFor(task: string): readonly string[];
  estimate: EstimateFn;
}

/** Reward = success - lambdaCost * cost_usd - lambdaLatency * latency_s. */
export interface RewardWeights {
  readonly lambdaCost: number;
  readonly lambdaLatency: number;
}

/** How the executor will run the chosen workers; it changes what a choice is worth. */
export interface ExecutionModel {
  /**
   * When true, a node whose worker fails moves on to the next candidate
   * (`fallbacks`, then every other worker serving the task), as the executor
   * does with `fallback: true`.
   */
  readonly fallback: boolean;
}

/** nodeId -> chosen primary worker id. */
export type Assignment = ReadonlyMap<string, string>;

/** Expected run outcome of an assignment (see expected-outcome.ts for the model). */
export interface ExpectedOutcome {
  readonly success: number;
  readonly costUsd: number;
  readonly latencyMs: number;
  readonly reward: number;
}

/** Everything a policy may look at when choosing workers for a plan. */
export interface PolicyContext {
  readonly catalog: WorkerCatalog;
  readonly weights: RewardWeights;
  readonly execution: ExecutionModel;
  /** Budget for the whole run, when set. */
  readonly budgetUsd?: number;
  /** Uniform [0, 1) source for stochastic policies. */
  readonly random?: () => number;
}

/** A worker-selection policy: fills a primary worker for every node of a plan. */
export interface RoutingPolicy {
  readonly name: string;
  assign(plan: Plan, context: PolicyContext): Assignment;
}
