import type { WorkerCatalog } from './types.js';

/**
 * A small hand-made catalogue for tests: task `A` has three workers from cheap
 * and weak to dear and strong, `B` one worker, `C` two.
 */
const table: Record<string, Record<string, { p: number; cost: number; lat: number }>> = {
  A: { 'a-strong': { p: 0.95, cost: 0.02, lat: 2000 }, 'a-mid': { p: 0.85, cost: 0.005, lat: 1000 }, 'a-cheap': { p: 0.7, cost: 0.001, lat: 500 } },
  B: { 'b-only': { p: 0.9, cost: 0.002, lat: 300 } },
  C: { 'c-slow': { p: 0.9, cost: 0.004, lat: 8000 }, 'c-fast': { p: 0.8, cost: 0.003, lat: 400 } },
};

export const testCatalog: WorkerCatalog = {
  profiles: Object.values(table).flatMap((ws) =>
    Object.entries(ws).map(([id, w]) => ({ id, provider: 'test', model: id, simulated: true, tasks: '*' as const, priceInPer1M: w.cost * 1000, priceOutPer1M: 0, usdPerCall: w.cost })),
  ),
  candidatesFor: (task) => Object.entries(table[task] ?? {}).sort((a, b) => b[1].p - a[1].p).map(([id]) => id),
  estimate: (w, task) => {
    const e = table[task]?.[w];
    if (!e) throw new Error(`test catalog: ${w} does not serve ${task}`);
    return { successProb: e.p, expectedCostUsd: e.cost, expectedLatencyMs: e.lat };
  },
};
