import type { Worker, WorkerCall } from '../types.js';
import { formatUsd } from './budget-error.js';
import type { EstimateFn } from './types.js';

/** Thrown by a guarded worker instead of making a call the budget cannot cover; not retryable. */
export class BudgetGuardError extends Error {
  readonly retryable = false;
  readonly kind = 'budget';
  constructor(message: string) {
    super(message);
    this.name = 'BudgetGuardError';
  }
}

export interface BudgetGuard {
  readonly workers: readonly Worker[];
  /** USD spent so far by calls through the guard. */
  spentUsd(): number;
}

/**
 * The hard cap behind `--budget`: wraps a run's workers so a call is only
 * made when spent + headroom x its expected cost still fits the budget.
 * Spend is counted from each result's `costUsd`, and from the estimate for
 * failed calls (providers bill unusable answers too). `headroom` covers the
 * spread of output length (the zoo's sigma 0.2 puts 2x at ~3.5 sd). Use a
 * fresh guard per run.
 */
export function guardBudget(
  workers: readonly Worker[],
  budgetUsd: number,
  estimate: EstimateFn,
  inputTokens: (call: WorkerCall) => number,
  headroom = 2,
): BudgetGuard {
  let spent = 0;
  const guarded = workers.map(
    (w): Worker => ({
      id: w.id,
      tasks: w.tasks,
      ...(w.provider !== undefined ? { provider: w.provider } : {}),
      async run(call, signal) {
        let expected = 0;
        try {
          expected = estimate(w.id, call.node.task, inputTokens(call)).expectedCostUsd;
        } catch {
          expected = 0;
        }
        if (spent + headroom * expected > budgetUsd) {
          throw new BudgetGuardError(`budget ${formatUsd(budgetUsd)} reached: ${formatUsd(spent)} spent, ${w.id} would need about ${formatUsd(expected)}`);
        }
        try {
          const r = await w.run(call, signal);
          spent += typeof r.costUsd === 'number' && Number.isFinite(r.costUsd) ? r.costUsd : expected;
          return r;
        } catch (err) {
          spent += expected;
          throw err;
        }
      },
    }),
  );
  return { workers: guarded, spentUsd: () => spent };
}
