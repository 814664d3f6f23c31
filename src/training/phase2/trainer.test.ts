import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import type { MetricsLine } from '../../types.js';
import { loadCheckpoint } from './checkpoint.js';
import { runPhase2 } from './trainer.js';

const PHASE2_KEYS = ['reward', 'success', 'cost_usd', 'latency_s', 'kl', 'clip_frac', 'entropy', 'value_loss', 'lr', 'episodes_per_s'];

async function train(seed: number, extra: { resume?: boolean; dir?: string } = {}): Promise<{ lines: MetricsLine[]; dir: string }> {
  const dir = extra.dir ?? mkdtempSync(join(tmpdir(), 'p2train-'));
  const result = await runPhase2({
    loaded: loadConfig(),
    domain: 'huggingface',
    engine: 'fast',
    iterations: 2,
    episodesPerIteration: 16,
    seed,
    runDir: join(dir, extra.resume ? 'run2' : 'run'),
    checkpointDir: join(dir, 'ck'),
    ...(extra.resume ? { resume: true } : {}),
  });
  const lines = readFileSync(result.metricsPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as MetricsLine);
  return { lines, dir };
}

describe('runPhase2', () => {
  it('writes metrics.jsonl in the MetricsLine format and a loadable checkpoint', async () => {
    const { lines, dir } = await train(5);
    expect(lines.map((l) => l.kind)).toEqual(['start', 'step', 'step', 'checkpoint', 'done']);
    expect(lines.every((l) => l.phase === 'phase2')).toBe(true);
    expect(lines[0]?.message).toMatch(/backend=cpu/);
    for (const l of lines.filter((x) => x.kind === 'step')) expect(Object.keys(l.metrics ?? {}).sort()).toEqual([...PHASE2_KEYS].sort());
    const ck = loadCheckpoint(join(dir, 'ck'));
    expect(ck.training.iterations).toBe(2);
    // --resume continues the iteration count from the checkpoint.
    const resumed = await train(5, { resume: true, dir });
    expect(resumed.lines.filter((l) => l.kind === 'step').map((l) => l.step)).toEqual([3, 4]);
  });

  it('gives the same result for the same seed', async () => {
    const a = await train(9);
    const b = await train(9);
    const strip = (ls: MetricsLine[]): unknown[] => ls.filter((l) => l.kind === 'step').map((l) => ({ ...l.metrics, episodes_per_s: 0 }));
    expect(strip(a.lines)).toEqual(strip(b.lines));
    expect(loadCheckpoint(join(a.dir, 'ck')).net).toEqual(loadCheckpoint(join(b.dir, 'ck')).net);
  });
});
