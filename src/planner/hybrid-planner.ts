import type { Plan } from '../types.js';
import type { Planner } from './types.js';

/**
 * The learned planner with a safety net: when the learned plan's confidence
 * is below `threshold` (or it produced no node), the retrieval planner's plan
 * is used instead. Each plan's `planner` field says which one made it.
 */
export class HybridPlanner implements Planner {
  readonly name = 'learned';
  readonly version: string;
  readonly domain: string;
  private fallbackPlanner: Planner | null = null;

  constructor(
    private readonly learned: Planner,
    /** Built on first use: the fallback's index costs start-up time that most sessions never need. */
    private readonly fallback: () => Planner,
    readonly threshold: number,
  ) {
    this.version = learned.version;
    this.domain = learned.domain;
  }

  plan(instruction: string): Plan {
    const plan = this.learned.plan(instruction);
    const confidence = plan.planner?.confidence ?? 0;
    if (plan.nodes.length > 0 && confidence >= this.threshold) return plan;
    this.fallbackPlanner ??= this.fallback();
    return this.fallbackPlanner.plan(instruction);
  }
}
