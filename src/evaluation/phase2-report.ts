import { createRequire } from 'node:module';
import type { CurvePoint, Phase2EvalReport } from './phase2-eval.js';

interface AsciiChart {
  plot(series: number[] | number[][], config?: { height?: number; min?: number; max?: number; format?: (x: number) => string }): string;
}
const chart = createRequire(import.meta.url)('asciichart') as AsciiChart;

const order = ['ppo', 'phase1', 'oracle', 'greedy', 'best_single', 'cheapest', 'random'];

/** The table and the cost-quality plots printed by `orchestai eval phase2` without --json. */
export function formatPhase2Report(r: Phase2EvalReport): string {
  const lines: string[] = [];
  lines.push(`Phase 2 worker selection, domain ${r.domain}, preset ${r.preset} (lambda_cost ${r.lambda_cost}, lambda_latency ${r.lambda_latency})`);
  lines.push(`${r.episodes} episodes on ${r.held_out_plans} held-out plans, seed ${r.seed}, engine ${r.engine}`);
  lines.push('');
  lines.push(`${'policy'.padEnd(12)} ${'reward'.padStart(10)} ${'± se'.padStart(8)} ${'success'.padStart(8)} ${'cost $'.padStart(10)} ${'latency s'.padStart(10)}`);
  const names = Object.keys(r.policies).sort((a, b) => (order.indexOf(a) + 99) % 99 - ((order.indexOf(b) + 99) % 99));
  for (const name of names) {
    const p = r.policies[name];
    if (!p) continue;
    lines.push(
      `${name.padEnd(12)} ${p.reward.toFixed(4).padStart(10)} ${p.reward_se.toFixed(4).padStart(8)} ${p.success.toFixed(3).padStart(8)} ${p.cost_usd.toFixed(5).padStart(10)} ${p.latency_s.toFixed(2).padStart(10)}`,
    );
  }
  if (r.gap_closed !== undefined) lines.push('', `PPO closes ${(100 * r.gap_closed).toFixed(1)}% of the random -> oracle reward gap`);
  const ppo = r.policies.ppo;
  const best = r.policies.best_single;
  if (ppo && best && best.success > 0 && best.cost_usd > 0) {
    lines.push(`PPO success = ${((100 * ppo.success) / best.success).toFixed(1)}% of best_single's at ${((100 * ppo.cost_usd) / best.cost_usd).toFixed(1)}% of its cost`);
  }
  if (r.cost_quality_curve.length > 0) lines.push('', formatCurve(r.cost_quality_curve));
  for (const n of r.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}

/** Success and cost against lambda_cost (x: the lambda values in order), one line per policy. */
export function formatCurve(curve: readonly CurvePoint[]): string {
  const lambdas = [...new Set(curve.map((c) => c.lambda_cost))];
  const policies = [...new Set(curve.map((c) => c.policy))];
  const series = (key: 'success' | 'cost_usd'): number[][] =>
    policies.map((p) => lambdas.map((l) => curve.find((c) => c.policy === p && c.lambda_cost === l)?.[key] ?? 0));
  const out: string[] = [];
  out.push(`Cost-quality curve over lambda_cost = ${lambdas.join(', ')} at lambda_latency 0 (series: ${policies.join(', ')})`);
  out.push('success:');
  const succ = series('success').flat();
  // asciichart labels a flat series oddly; a small margin keeps the axis honest.
  out.push(chart.plot(series('success'), { height: 6, min: Math.min(...succ) - 0.005, max: Math.max(...succ) + 0.005, format: (x) => x.toFixed(3).padStart(8) }));
  out.push('mean cost (USD):');
  out.push(chart.plot(series('cost_usd'), { height: 6, format: (x) => x.toFixed(4).padStart(8) }));
  out.push(`${'lambda_cost'.padEnd(12)}${policies.map((p) => `${p} success/cost`.padStart(26)).join('')}`);
  for (const l of lambdas) {
    const cells = policies.map((p) => {
      const c = curve.find((q) => q.policy === p && q.lambda_cost === l);
      return (c ? `${c.success.toFixed(3)} / ${c.cost_usd.toFixed(5)}` : '-').padStart(26);
    });
    out.push(`${String(l).padEnd(12)}${cells.join('')}`);
  }
  return out.join('\n');
}
