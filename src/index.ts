/**
 * OrchestAI library entry. The executor is usable on its own: plug in any
 * objects with `{ id, tasks, run(call, signal) }` as workers.
 */
export * from './types.js';
export { executePlan, runPlan, validatePlan, PlanValidationError } from './executor/index.js';
export type { Planner } from './planner/types.js';
export type { WorkerProfile, WorkerTaskEstimate } from './workers/profile.js';
export { UserError } from './errors.js';
