import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, packageRoot } from '../../config/load.js';
import { loadDomainSamples } from '../../data/import-taskbench.js';
import { readCheckpoint } from '../../planner/learned/checkpoint.js';
import { createLearnedPlanner } from '../../planner/learned/learned-planner.js';
import type { MetricsLine } from '../../types.js';
import { runPhase1, type Phase1Options } from './train.js';

const root = mkdtempSync(join(tmpdir(), 'orchestai-p1-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const loaded = loadConfig(join(packageRoot, 'config.yaml'));
const samples = loadDomainSamples(join(packageRoot, 'data'), 'huggingface').samples.slice(0, 60);

function options(name: string, extra: Partial<Phase1Options> = {}): Phase1Options {
  return {
    domain: 'huggingface',
    config: loaded,
    samples,
    epochs: 3,
    batchSize: 16,
    lr: 1e-2,
    seed: 5,
    backend: 'cpu',
    augmentation: false,
    synthetic: false,
    printEpochs: false,
    runDir: join(root, name),
    outDir: join(root, name, 'published'),
    model: { vocabSize: 300, maxTokens: 24, embedDim: 8, hidden: 16, maxNodes: 6, gnnLayers: 1 },
    ...extra,
  };
}

const epochMetrics = (lines: readonly MetricsLine[]): Record<string, number>[] =>
  lines
    .filter((l) => l.kind === 'epoch')
    .map((l) => {
      const { examples_per_s: _, ...rest } = l.metrics ?? {};
      return rest;
    });

describe('runPhase1 (tiny end to end)', () => {
  const lines: MetricsLine[] = [];
  let first: Awaited<ReturnType<typeof runPhase1>>;

  it('trains, reduces the loss, logs metrics and publishes a loadable checkpoint', async () => {
    first = await runPhase1(options('a'), { onMetrics: (l) => lines.push(l) });
    expect(lines[0]?.kind).toBe('start');
    expect(lines[0]?.message).toMatch(/backend: tfjs cpu/);
    expect(lines.at(-1)?.kind).toBe('done');
    const epochs = epochMetrics(lines);
    expect(epochs).toHaveLength(3);
    expect(epochs[2]?.train_loss).toBeLessThan(epochs[0]?.train_loss as number);
    for (const key of ['train_loss', 'train_ce', 'train_dag', 'val_loss', 'val_node_f1', 'val_link_f1', 'lr']) expect(epochs[0]).toHaveProperty(key);
    expect(lines.filter((l) => l.kind === 'step').length).toBeGreaterThan(3);
    const fileLines = readFileSync(join(first.runDir, 'metrics.jsonl'), 'utf8').trim().split('\n');
    expect(fileLines).toHaveLength(lines.length);
    expect(first.checkpointDir).not.toBeNull();
    const ckpt = readCheckpoint(first.checkpointDir as string, 'huggingface');
    expect(readFileSync(join(first.checkpointDir as string, 'metrics.jsonl'), 'utf8')).toContain('"kind":"done"');
    const plan = createLearnedPlanner(ckpt).plan("Transcribe 'example.wav' and read it aloud");
    expect(plan.nodes.length).toBeGreaterThan(0);
  });

  it('is deterministic for a seed', async () => {
    const again: MetricsLine[] = [];
    await runPhase1(options('b'), { onMetrics: (l) => again.push(l) });
    expect(epochMetrics(again)).toEqual(epochMetrics(lines));
  });

  it('resumes from the last epoch to the same result', async () => {
    const part: MetricsLine[] = [];
    await runPhase1(options('c', { epochs: 2 }), { onMetrics: (l) => part.push(l) });
    await runPhase1(options('c', { epochs: 3, resume: true }), { onMetrics: (l) => part.push(l) });
    expect(epochMetrics(part)).toEqual(epochMetrics(lines));
  });

  it('refuses to resume without a run dir, or to overwrite a run', async () => {
    await expect(runPhase1({ ...options('d'), runDir: undefined, resume: true })).rejects.toThrow(/--resume needs --run-dir/);
    await expect(runPhase1(options('a'))).rejects.toThrow(/already holds a run/);
  });
});
