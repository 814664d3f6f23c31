import { z } from 'zod';
import type { WorkerProfile, WorkerTaskEstimate } from '../workers/profile.js';
import type { EstimateFn } from './types.js';

/**
 * Running per-(worker, task) statistics of what calls actually did: the only
 * view of worker quality that PPO and the greedy policy get (the zoo's true
 * parameters are for the oracle alone). Gathered during training, saved in
 * the Phase 2 checkpoint, and seedable from execution logs.
 */
const cellSchema = z.object({ n: z.number().min(0), successes: z.number().min(0), costSum: z.number().min(0), latencySum: z.number().min(0) }).strict();
export const observedStatsSchema = z.object({ version: z.literal(1), cells: z.record(z.string(), cellSchema) }).strict();
export type ObservedStatsJson = z.infer<typeof observedStatsSchema>;
type Cell = z.infer<typeof cellSchema>;

export interface CallObservation {
  readonly succeeded: boolean;
  readonly costUsd: number;
  readonly latencyMs: number;
}

/** Pseudo-calls of the prior: an unseen worker starts at its task's pooled success rate with this weight. */
const PRIOR_CALLS = 2;
/** Output tokens assumed when pricing an unseen LLM call. */
const PRIOR_OUTPUT_TOKENS = 150;
const DEFAULT_LATENCY_MS = 1000;

const key = (workerId: string, task: string): string => `${workerId}\u0000${task}`;

export class ObservedStats {
  private readonly cells = new Map<string, Cell>();
  private readonly profiles: ReadonlyMap<string, WorkerProfile>;
  /** Pooled figures per task, rebuilt lazily after `record` (estimate is called thousands of times per rollout). */
  private pools: Map<string, { success: number; latency: number }> | null = null;

  constructor(profiles: readonly WorkerProfile[], json?: ObservedStatsJson) {
    this.profiles = new Map(profiles.map((p) => [p.id, p] as const));
    if (json) for (const [k, c] of Object.entries(json.cells)) this.cells.set(k, { ...c });
  }

  record(workerId: string, task: string, obs: CallObservation): void {
    const k = key(workerId, task);
    const c = this.cells.get(k) ?? { n: 0, successes: 0, costSum: 0, latencySum: 0 };
    c.n += 1;
    c.successes += obs.succeeded ? 1 : 0;
    c.costSum += Math.max(0, obs.costUsd);
    c.latencySum += Math.max(0, obs.latencyMs);
    this.cells.set(k, c);
    this.pools = null;
  }

  count(workerId: string, task: string): number {
    return this.cells.get(key(workerId, task))?.n ?? 0;
  }

  /** Pooled over every worker seen on the task: the prior for unseen workers. */
  private taskPool(task: string): { success: number; latency: number } {
    if (!this.pools) {
      const sums = new Map<string, { n: number; s: number; l: number }>();
      for (const [k, c] of this.cells) {
        const t = k.slice(k.indexOf('\u0000') + 1);
        const acc = sums.get(t) ?? { n: 0, s: 0, l: 0 };
        acc.n += c.n;
        acc.s += c.successes;
        acc.l += c.latencySum;
        sums.set(t, acc);
      }
      this.pools = new Map([...sums].filter(([, a]) => a.n > 0).map(([t, a]) => [t, { success: a.s / a.n, latency: a.l / a.n }] as const));
    }
    return this.pools.get(task) ?? { success: 0.8, latency: DEFAULT_LATENCY_MS };
  }

  /** Cost of one call from list prices, for workers never observed on the task. */
  priceCost(workerId: string, inputTokens: number): number {
    const p = this.profiles.get(workerId);
    if (!p) return 0;
    if (p.usdPerCall !== undefined) return p.usdPerCall;
    return (inputTokens * p.priceInPer1M + PRIOR_OUTPUT_TOKENS * p.priceOutPer1M) / 1e6;
  }

  readonly estimate: EstimateFn = (workerId, task, inputTokens): WorkerTaskEstimate => {
    const c = this.cells.get(key(workerId, task));
    const pool = this.taskPool(task);
    const n = c?.n ?? 0;
    return {
      successProb: ((c?.successes ?? 0) + PRIOR_CALLS * pool.success) / (n + PRIOR_CALLS),
      expectedLatencyMs: n > 0 ? (c?.latencySum ?? 0) / n : pool.latency,
      expectedCostUsd: n > 0 ? (c?.costSum ?? 0) / n : this.priceCost(workerId, inputTokens),
    };
  };

  toJSON(): ObservedStatsJson {
    const cells: Record<string, Cell> = {};
    for (const k of [...this.cells.keys()].sort()) cells[k] = { ...(this.cells.get(k) as Cell) };
    return { version: 1, cells };
  }

  clone(): ObservedStats {
    return new ObservedStats([...this.profiles.values()], this.toJSON());
  }
}
