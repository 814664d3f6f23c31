import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { randomPolicy } from '../../routing/baseline-policies.js';
import type { Plan } from '../../types.js';
import { executeForOutcome } from './executor-run.js';
import { simulateRun, type RunOutcome } from './fast-sim.js';
import { createPhase2Env } from './phase2-env.js';
import { createRng } from './rng.js';

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const se = (xs: readonly number[]): number => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1) / Math.max(1, xs.length));
};

describe('fast path vs executor path', () => {
  it('gives the same success, cost and latency statistics on the huggingface zoo', async () => {
    const env = createPhase2Env(loadConfig(), 'huggingface');
    // Plans without Text-to-Video: its 40-minute calls would make the latency comparison all noise.
    const plans = env.plans.train.filter((p) => p.nodes.length >= 2 && !p.nodes.some((n) => n.task === 'Text-to-Video')).slice(0, 60);
    const rng = createRng(3);
    const ctx = { catalog: env.catalog, weights: { lambdaCost: 10, lambdaLatency: 0.02 }, execution: env.execution, random: () => rng.next() };
    const fast: RunOutcome[] = [];
    const slow: RunOutcome[] = [];
    const episodes = 600;
    for (let k = 0; k < episodes; k++) {
      const plan = plans[k % plans.length] as Plan;
      const a = randomPolicy.assign(plan, ctx);
      fast.push(simulateRun(plan, a, env.catalog.candidatesFor, env.catalog.estimate, env.execution, rng));
      slow.push(await executeForOutcome(plan, a, env.workersFor(1000 + k), env.catalog.candidatesFor, env.catalog.estimate, env.execution));
    }
    for (const key of ['success', 'costUsd', 'latencyMs'] as const) {
      const f = fast.map((o) => o[key]);
      const s = slow.map((o) => o[key]);
      const tolerance = 4 * Math.hypot(se(f), se(s));
      expect(Math.abs(mean(f) - mean(s)), `${key}: fast ${mean(f)} vs executor ${mean(s)}`).toBeLessThan(tolerance);
    }
    // The number of calls per run (fallbacks walked) agrees too.
    expect(Math.abs(mean(fast.map((o) => o.calls.length)) - mean(slow.map((o) => o.calls.length)))).toBeLessThan(4 * Math.hypot(se(fast.map((o) => o.calls.length)), se(slow.map((o) => o.calls.length))) + 1e-9);
  });
});
