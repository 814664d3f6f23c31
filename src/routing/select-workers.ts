import type { Plan } from '../types.js';
import { BudgetExceededError, formatUsd } from './budget-error.js';
import { chainExpectation, expectedOutcome, workerChain } from './expected-outcome.js';
import { nodeInputTokens } from './plan-graph.js';
import type { Assignment, EstimateFn, ExecutionModel, ExpectedOutcome, RewardWeights, RoutingPolicy, WorkerCatalog } from './types.js';

export interface SelectWorkersOptions {
  readonly policy: RoutingPolicy;
  readonly catalog: WorkerCatalog;
  /**
   * Figures used to judge choices when fitting the budget and latency target
   * (success, latency; cost comes from list prices either way). Observed
   * statistics in deployment. @default catalog.estimate
   */
  readonly estimateFn?: EstimateFn;
  readonly weights: RewardWeights;
  /** @default { fallback: true } */
  readonly execution?: ExecutionModel;
  /** Per-run budget in USD. */
  readonly budgetUsd?: number;
  /** Soft target on the expected critical-path latency. */
  readonly latencyTargetMs?: number;
}

export interface WorkerSelection {
  /** The plan with `worker` and `fallbacks` filled on every node. */
  readonly plan: Plan;
  /** Expected outcome under `estimateFn`, costs from list prices. */
  readonly expected: ExpectedOutcome;
  /** What the run would cost if every call of every node's chain were made (every call failing but the last). */
  readonly worstCaseCostUsd: number;
  /** Changes made to fit the budget or latency target, and targets missed. */
  readonly notes: readonly string[];
}

/**
 * Chooses a worker (+ ordered fallbacks) for every node: the policy's choice,
 * then, when a budget is set, downgrades by best value per dollar until the
 * EXPECTED cost fits. Expected cost includes fallbacks: a node's chain costs
 * cost(primary) + P(primary fails) * cost(next) + ..., weighted by the chance
 * that the node runs at all (its ancestors succeeded). Retries of transient
 * faults are not priced in (the zoo injects none by default). The expected
 * cost is an average, not a cap: the cap is `guardBudget` (budget-guard.ts),
 * which refuses any call that could take the run's spend over the budget.
 * A plan whose cheapest choice cannot fit is refused with BudgetExceededError.
 * The latency target is soft: nodes move to faster workers by the best
 * latency saved per reward lost, within the budget; when it still cannot be
 * met, a note says so.
 */
export function selectWorkers(plan: Plan, options: SelectWorkersOptions): WorkerSelection {
  const { catalog, weights } = options;
  const execution = options.execution ?? { fallback: true };
  const judge = options.estimateFn ?? catalog.estimate;
  // Success and latency from the judge, cost from list prices (the catalogue).
  const estimate: EstimateFn = (w, t, n) => ({ ...judge(w, t, n), expectedCostUsd: catalog.estimate(w, t, n).expectedCostUsd });
  const notes: string[] = [];
  const assignment = new Map(options.policy.assign(plan, { catalog, weights, execution, ...(options.budgetUsd !== undefined ? { budgetUsd: options.budgetUsd } : {}) }));
  const outcome = (a: Assignment): ExpectedOutcome => expectedOutcome(plan, a, catalog, estimate, execution, weights);
  const candidates = new Map(plan.nodes.map((n) => [n.id, catalog.candidatesFor(n.task)] as const));

  const moves = function* (a: Assignment): Generator<[string, string]> {
    for (const node of plan.nodes) for (const w of candidates.get(node.id) ?? []) if (w !== a.get(node.id)) yield [node.id, w];
  };

  if (options.budgetUsd !== undefined) {
    const budget = options.budgetUsd;
    if (!(budget > 0)) throw new RangeError(`budgetUsd must be positive, got ${budget}`);
    // The cheapest choice: per node, the primary whose chain costs least.
    const cheapest = new Map(
      plan.nodes.map((node) => {
        const c = candidates.get(node.id) ?? [];
        const tokens = nodeInputTokens(plan, node);
        let best = c[0] as string;
        let bestCost = Infinity;
        for (const w of c) {
          const cost = chainExpectation(workerChain(w, c, execution), node.task, tokens, estimate).costUsd;
          if (cost < bestCost) {
            bestCost = cost;
            best = w;
          }
        }
        return [node.id, best] as const;
      }),
    );
    const cheapestCost = outcome(cheapest).costUsd;
    if (cheapestCost > budget) throw new BudgetExceededError(budget, cheapestCost, `${plan.nodes.length} nodes`);
    let current = outcome(assignment);
    const before = current.costUsd;
    while (current.costUsd > budget) {
      let best: { node: string; worker: string; score: number; out: ExpectedOutcome } | undefined;
      for (const [node, worker] of moves(assignment)) {
        const trial = new Map(assignment).set(node, worker);
        const out = outcome(trial);
        const saved = current.costUsd - out.costUsd;
        if (saved <= 0) continue;
        // Reward lost per dollar saved, the cost term left out (it is what we are buying back).
        const lost = current.success - weights.lambdaLatency * (current.latencyMs / 1000) - (out.success - weights.lambdaLatency * (out.latencyMs / 1000));
        const score = Math.max(0, lost) / saved;
        if (!best || score < best.score) best = { node, worker, score, out };
      }
      if (!best) {
        // Local moves stalled short of the cheapest choice (interactions through fallbacks): take the cheapest outright.
        for (const [k, v] of cheapest) assignment.set(k, v);
        current = outcome(assignment);
        break;
      }
      assignment.set(best.node, best.worker);
      current = best.out;
    }
    if (current.costUsd < before) notes.push(`downgraded to fit the budget ${formatUsd(budget)}: expected cost ${formatUsd(before)} -> ${formatUsd(current.costUsd)}`);
  }

  if (options.latencyTargetMs !== undefined) {
    let current = outcome(assignment);
    const before = current.latencyMs;
    while (current.latencyMs > options.latencyTargetMs) {
      let best: { node: string; worker: string; score: number; out: ExpectedOutcome } | undefined;
      for (const [node, worker] of moves(assignment)) {
        const trial = new Map(assignment).set(node, worker);
        const out = outcome(trial);
        const saved = current.latencyMs - out.latencyMs;
        if (saved <= 0) continue;
        if (options.budgetUsd !== undefined && out.costUsd > options.budgetUsd) continue;
        const lost = Math.max(0, current.success - weights.lambdaCost * current.costUsd - (out.success - weights.lambdaCost * out.costUsd));
        const score = lost / saved;
        if (!best || score < best.score) best = { node, worker, score, out };
      }
      if (!best) break;
      assignment.set(best.node, best.worker);
      current = best.out;
    }
    if (current.latencyMs < before) notes.push(`moved to faster workers for the latency target: expected ${(before / 1000).toFixed(2)} s -> ${(current.latencyMs / 1000).toFixed(2)} s`);
    if (current.latencyMs > options.latencyTargetMs) {
      notes.push(`latency target ${(options.latencyTargetMs / 1000).toFixed(2)} s not reachable: expected ${(current.latencyMs / 1000).toFixed(2)} s with the fastest choice that fits`);
    }
  }

  const filled: Plan = {
    ...plan,
    nodes: plan.nodes.map((n) => {
      const worker = assignment.get(n.id) as string;
      return { ...n, worker, fallbacks: execution.fallback ? (candidates.get(n.id) ?? []).filter((c) => c !== worker) : [] };
    }),
  };
  let worst = 0;
  for (const n of filled.nodes) {
    const tokens = nodeInputTokens(plan, n);
    for (const w of workerChain(n.worker as string, candidates.get(n.id) ?? [], execution)) worst += estimate(w, n.task, tokens).expectedCostUsd;
  }
  return { plan: filled, expected: outcome(assignment), worstCaseCostUsd: worst, notes };
}
