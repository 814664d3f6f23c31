import { UserError } from '../errors.js';

const usd = (x: number): string => `$${x < 0.01 ? x.toPrecision(3) : x.toFixed(4)}`;

/**
 * A plan that cannot fit the run's budget even with the cheapest worker on
 * every node. Refused before anything runs; never silently run over budget.
 */
export class BudgetExceededError extends UserError {
  readonly budgetUsd: number;
  /** Expected cost of the cheapest possible worker choice. */
  readonly cheapestUsd: number;

  constructor(budgetUsd: number, cheapestUsd: number, detail = '') {
    super(
      `plan refused: its cheapest possible worker choice is expected to cost ${usd(cheapestUsd)}, over the budget of ${usd(budgetUsd)}${detail ? ` (${detail})` : ''}. Raise the budget (--budget or /budget) or ask for less.`,
      2,
    );
    this.name = 'BudgetExceededError';
    this.budgetUsd = budgetUsd;
    this.cheapestUsd = cheapestUsd;
  }

  static override isInstance(err: unknown): err is BudgetExceededError {
    return err instanceof Error && err.name === 'BudgetExceededError' && typeof (err as BudgetExceededError).cheapestUsd === 'number';
  }
}

export { usd as formatUsd };
