import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { evaluatePhase2 } from './phase2-eval.js';
import { formatPhase2Report } from './phase2-report.js';

describe('evaluatePhase2 with the shipped huggingface checkpoint', () => {
  const loaded = loadConfig();

  it('meets the Phase 2 targets on held-out instructions', async () => {
    const r = await evaluatePhase2({ loaded, domain: 'huggingface', episodes: 200, seed: 5, engine: 'fast', curveLambdas: [] });
    const { ppo, best_single: best } = r.policies;
    if (!ppo || !best) throw new Error('missing policies');
    expect(r.gap_closed).toBeGreaterThanOrEqual(0.95);
    expect(ppo.success / best.success).toBeGreaterThanOrEqual(0.95);
    expect(ppo.cost_usd / best.cost_usd).toBeLessThanOrEqual(0.4);
  });

  it('never sees the oracle beaten by more than noise, over seeds', async () => {
    for (const seed of [11, 12, 13]) {
      const r = await evaluatePhase2({ loaded, domain: 'huggingface', episodes: 100, seed, engine: 'fast', curveLambdas: [] });
      const oracle = r.policies.oracle;
      if (!oracle) throw new Error('no oracle');
      for (const [name, p] of Object.entries(r.policies)) {
        expect(p.reward, `${name} vs oracle, seed ${seed}`).toBeLessThanOrEqual(oracle.reward + 3 * Math.hypot(p.reward_se, oracle.reward_se));
      }
    }
  });

  it('prints the JSON shape the CLI promises and a readable report with the curve', async () => {
    const r = await evaluatePhase2({ loaded, domain: 'huggingface', episodes: 20, seed: 1, engine: 'fast', curveLambdas: [0, 10], curveEpisodes: 10 });
    for (const name of ['ppo', 'random', 'cheapest', 'best_single', 'greedy', 'oracle']) {
      expect(Object.keys(r.policies[name] ?? {})).toEqual(expect.arrayContaining(['reward', 'success', 'cost_usd', 'latency_s']));
    }
    expect(r.cost_quality_curve.map((c) => c.lambda_cost)).toEqual([0, 0, 0, 10, 10, 10]);
    const text = formatPhase2Report(r);
    expect(text).toMatch(/oracle/);
    expect(text).toMatch(/Cost-quality curve/);
  });
});
