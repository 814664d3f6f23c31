/**
 * The parallel DAG executor: library API. Pure (no console, no files); every
 * observable step is a RunEvent.
 */
export { executePlan, runPlan } from './executePlan.js';
export { validatePlan } from './compilePlan.js';
export { PlanValidationError } from './planValidationError.js';
export { NodeTimeoutError } from './retryPolicy.js';
export type { ExecuteOptions, RetryOptions } from './options.js';
