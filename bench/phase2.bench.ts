/**
 * Phase 2 benchmark (not a test): `npm run bench:phase2 [-- --domain huggingface] [--seeds 1,2,3] [--episodes 500] [--train]`.
 *
 * Scores the shipped huggingface PPO checkpoint (or, with --train, a fresh
 * one trained into a temp dir with the default settings, timed) against
 * random, cheapest, best_single, greedy and the oracle on held-out
 * instructions, over several seeds, and checks the Phase 2 targets:
 *  - PPO closes >= 95% of the random -> oracle gap in mean reward;
 *  - PPO success >= 95% of best_single's at <= 40% of its cost;
 *  - PPO beats the Phase 1 selector (reported when one is available).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { evaluatePhase2, type Phase2EvalReport } from '../src/evaluation/phase2-eval.js';
import { runPhase2 } from '../src/training/phase2/trainer.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

async function main(): Promise<void> {
  const seeds = arg('seeds', '1,2,3').split(',').map(Number);
  const episodes = Number(arg('episodes', '500'));
  const domain = arg('domain', 'huggingface');
  const loaded = loadConfig();
  let checkpointDir: string | undefined;
  if (process.argv.includes('--train')) {
    checkpointDir = join(mkdtempSync(join(tmpdir(), 'phase2-bench-')), 'phase2');
    const t0 = Date.now();
    const r = await runPhase2({ loaded, domain, checkpointDir, runDir: join(checkpointDir, '..', 'run') });
    console.log(`trained ${r.iterations} iterations in ${((Date.now() - t0) / 1000).toFixed(1)} s -> ${r.checkpointPath}`);
  }
  const reports: Phase2EvalReport[] = [];
  for (const seed of seeds) {
    reports.push(await evaluatePhase2({ loaded, domain, episodes, seed, curveLambdas: [], ...(checkpointDir ? { checkpointDir } : {}) }));
  }
  const names = Object.keys(reports[0]?.policies ?? {});
  const avg = (name: string, key: 'reward' | 'success' | 'cost_usd' | 'latency_s'): number =>
    reports.reduce((a, r) => a + (r.policies[name]?.[key] ?? 0), 0) / reports.length;
  console.log(`\n${domain}, preset ${reports[0]?.preset}, engine ${reports[0]?.engine}, ${episodes} episodes x seeds ${seeds.join(',')} (mean over seeds)`);
  console.log(`${'policy'.padEnd(12)}${'reward'.padStart(10)}${'success'.padStart(9)}${'cost $'.padStart(10)}${'latency s'.padStart(11)}`);
  for (const n of names) {
    console.log(`${n.padEnd(12)}${avg(n, 'reward').toFixed(4).padStart(10)}${avg(n, 'success').toFixed(3).padStart(9)}${avg(n, 'cost_usd').toFixed(5).padStart(10)}${avg(n, 'latency_s').toFixed(2).padStart(11)}`);
  }
  const gap = (avg('ppo', 'reward') - avg('random', 'reward')) / (avg('oracle', 'reward') - avg('random', 'reward'));
  const succRatio = avg('ppo', 'success') / avg('best_single', 'success');
  const costRatio = avg('ppo', 'cost_usd') / avg('best_single', 'cost_usd');
  const pass = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
  console.log('\nTargets');
  console.log(`  gap closed (random -> oracle)       ${(100 * gap).toFixed(1)}%   target >= 95%   ${pass(gap >= 0.95)}`);
  console.log(`  success vs best_single              ${(100 * succRatio).toFixed(1)}%   target >= 95%   ${pass(succRatio >= 0.95)}`);
  console.log(`  cost vs best_single                 ${(100 * costRatio).toFixed(1)}%   target <= 40%   ${pass(costRatio <= 0.4)}`);
  if (names.includes('phase1')) {
    console.log(`  PPO vs Phase 1 selector (reward)    ${avg('ppo', 'reward').toFixed(4)} vs ${avg('phase1', 'reward').toFixed(4)}   ${pass(avg('ppo', 'reward') > avg('phase1', 'reward'))}`);
  } else {
    console.log('  PPO vs Phase 1 selector             not measured: no Phase 1 worker selector available');
  }
}

void main();
