import { performance } from 'node:perf_hooks';
import type { LabelledTaskSample } from '../data/import-taskbench.js';
import type { Planner } from '../planner/types.js';
import type { TaskSample } from '../types.js';
import { aggregateScores, scorePlan, type PlannerMetrics, type SampleScore } from './planner-metrics.js';

export type SampleTypeFilter = TaskSample['type'] | 'all';

export interface PlannerEvaluation {
  readonly planner: { readonly name: string; readonly version: string };
  readonly metrics: PlannerMetrics;
  readonly scores: readonly SampleScore[];
  /** Samples where `plan()` threw; they score 0. */
  readonly failures: readonly { readonly id: string; readonly error: string }[];
}

export function filterByType<T extends TaskSample>(samples: readonly T[], type: SampleTypeFilter = 'all'): T[] {
  return type === 'all' ? [...samples] : samples.filter((s) => s.type === type);
}

/**
 * Runs a planner over labelled samples and scores every plan. A planner that
 * throws on a sample gets 0 for it (a missing prediction) rather than ending
 * the evaluation. `now` is injectable so tests need no wall clock.
 */
export function evaluatePlanner(
  planner: Pick<Planner, 'name' | 'version' | 'plan'>,
  samples: readonly LabelledTaskSample[],
  options: { readonly now?: () => number } = {},
): PlannerEvaluation {
  const now = options.now ?? (() => performance.now());
  const scores: SampleScore[] = [];
  const failures: { id: string; error: string }[] = [];
  for (const sample of samples) {
    const start = now();
    try {
      const plan = planner.plan(sample.instruction);
      scores.push(scorePlan(plan, sample, now() - start));
    } catch (err) {
      failures.push({ id: sample.id, error: err instanceof Error ? err.message : String(err) });
      scores.push(scorePlan(null, sample, now() - start));
    }
  }
  return { planner: { name: planner.name, version: planner.version }, metrics: aggregateScores(scores), scores, failures };
}
