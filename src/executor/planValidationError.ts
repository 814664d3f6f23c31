import { UserError } from '../errors.js';

/** A plan the executor refuses to run; `issues` lists every problem found, one sentence each. */
export class PlanValidationError extends UserError {
  readonly issues: readonly string[];

  constructor(issues: readonly string[]) {
    const head = issues.length === 1 ? 'Invalid plan: ' : `Invalid plan (${issues.length} problems):\n  - `;
    super(head + issues.join('\n  - '));
    this.name = 'PlanValidationError';
    this.issues = issues;
  }

  static override isInstance(err: unknown): err is PlanValidationError {
    return err instanceof Error && err.name === 'PlanValidationError' && Array.isArray((err as PlanValidationError).issues);
  }
}
