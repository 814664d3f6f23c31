import type { Plan } from '../types.js';

/**
 * A planner turns an instruction into a Plan for one domain. Plans carry
 * `planner` info (name, version, confidence) so every run records who made it.
 * Node ids are `node-0`, `node-1`, ... in emission order; `deps` hold parent ids.
 * `worker` may be left empty: the orchestrator's worker selection fills it.
 */
export interface Planner {
  readonly name: string;
  readonly version: string;
  readonly domain: string;
  plan(instruction: string): Plan;
}
