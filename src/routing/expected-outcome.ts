import type { Plan } from '../types.js';
import { nodeInputTokens, planGraph } from './plan-graph.js';
import type { Assignment, EstimateFn, ExecutionModel, ExpectedOutcome, RewardWeights, WorkerCatalog } from './types.js';

/** One node's outcome over its chain of workers (primary, then fallbacks in order). */
export interface NodeExpectation {
  readonly success: number;
  readonly costUsd: number;
  readonly latencyMs: number;
}

/** The chain the executor walks for a node: the primary, then (with fallback on) the other candidates in catalogue order. */
export function workerChain(primary: string, candidates: readonly string[], execution: ExecutionModel): string[] {
  return execution.fallback ? [primary, ...candidates.filter((c) => c !== primary)] : [primary];
}

/**
 * A failed call (unusable output) is billed and takes its full latency, then
 * the next worker of the chain is called. Faults the executor retries on the
 * same worker (5xx, 429) are not modelled: the zoo injects none by default.
 */
export function chainExpectation(chain: readonly string[], task: string, inputTokens: number, estimate: EstimateFn): NodeExpectation {
  let reach = 1;
  let cost = 0;
  let latency = 0;
  for (const w of chain) {
    const e = estimate(w, task, inputTokens);
    cost += reach * e.expectedCostUsd;
    latency += reach * e.expectedLatencyMs;
    reach *= 1 - e.successProb;
  }
  return { success: 1 - reach, costUsd: cost, latencyMs: latency };
}

export function rewardOf(outcome: { readonly success: number; readonly costUsd: number; readonly latencyMs: number }, weights: RewardWeights): number {
  return outcome.success - weights.lambdaCost * outcome.costUsd - weights.lambdaLatency * (outcome.latencyMs / 1000);
}

/**
 * Expected outcome of running `plan` with `assignment` when calls behave as
 * `estimate` says. Nodes fail independently; a node runs only when all its
 * ancestors succeeded (otherwise it is skipped and costs nothing). Latency is
 * the longest path of (P(node runs) x expected node latency): an
 * approximation, since E[max] >= max E; it ranks choices the same way in
 * practice and keeps the oracle cheap to evaluate.
 */
export function expectedOutcome(
  plan: Plan,
  assignment: Assignment,
  catalog: Pick<WorkerCatalog, 'candidatesFor'>,
  estimate: EstimateFn,
  execution: ExecutionModel,
  weights: RewardWeights,
): ExpectedOutcome {
  const g = planGraph(plan);
  const per = g.nodes.map((node) => {
    const primary = assignment.get(node.id) ?? catalog.candidatesFor(node.task)[0];
    if (!primary) throw new Error(`no worker serves task "${node.task}" of node "${node.id}"`);
    return chainExpectation(workerChain(primary, catalog.candidatesFor(node.task), execution), node.task, nodeInputTokens(plan, node), estimate);
  });
  let success = 1;
  let cost = 0;
  const finish = g.nodes.map(() => 0);
  for (const i of g.order) {
    const e = per[i] as NodeExpectation;
    let reach = 1;
    for (const a of g.ancestors[i] ?? []) reach *= per[a]?.success ?? 1;
    success *= e.success;
    cost += reach * e.costUsd;
    const start = Math.max(0, ...(g.parents[i] ?? []).map((p) => finish[p] ?? 0));
    finish[i] = start + reach * e.latencyMs;
  }
  const latencyMs = Math.max(0, ...finish);
  const outcome = { success, costUsd: cost, latencyMs };
  return { ...outcome, reward: rewardOf(outcome, weights) };
}
