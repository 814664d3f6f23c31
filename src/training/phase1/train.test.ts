import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, packageRoot } from '../../config/load.js';
import { loadDomainSamples } from '../../data/import-taskbench.js';
import { readCheckpoint } from '../../planner/learned/checkpoint.js';
import { createLearnedPlanner } from '../../planner/learned/learned-planner.js';
import type { MetricsLine } from '../../types.js';
import { membersFor, runPhase1Ensemble } from './ensemble.js';
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

describe('runPhase1Ensemble (tiny end to end)', () => {
  it('trains member 0 exactly as a single run, member 1 from another seed, and publishes both as one checkpoint', async () => {
    const single = await runPhase1(options('solo', { epochs: 2 }));
    const lines: MetricsLine[] = [];
    const result = await runPhase1Ensemble({ ...options('ens', { epochs: 2 }), members: 2, parallel: false }, { onMetrics: (l) => lines.push(l) });
    expect(result.members).toHaveLength(2);
    const solo = readCheckpoint(single.bestDir, 'huggingface');
    const member0 = readCheckpoint(join(result.runDir, 'member-0', 'best'), 'huggingface');
    const member1 = readCheckpoint(join(result.runDir, 'member-1', 'best'), 'huggingface');
    expect(Buffer.from(member0.weightData).equals(Buffer.from(solo.weightData))).toBe(true);
    expect(Buffer.from(member1.weightData).equals(Buffer.from(solo.weightData))).toBe(false);
    const published = readCheckpoint(result.checkpointDir as string, 'huggingface');
    expect(published.manifest.members).toBe(2);
    expect(Buffer.from(published.memberWeightData[0] as ArrayBuffer).equals(Buffer.from(member1.weightData))).toBe(true);
    expect(published.manifest.metrics).toHaveProperty('val_hybrid_node_f1');
    expect(createLearnedPlanner(published).plan("Transcribe 'example.wav' and read it aloud").nodes.length).toBeGreaterThan(0);
    // One metrics.jsonl for the dashboard and the monitor: both members' lines, steps numbered across them, one final done line.
    const file = readFileSync(join(result.runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as MetricsLine);
    expect(file).toHaveLength(lines.length);
    expect(file.filter((l) => l.kind === 'start').map((l) => l.message?.slice(0, 13))).toEqual(['member 1 of 2', 'member 2 of 2']);
    const steps = file.filter((l) => l.kind === 'step').map((l) => l.step as number);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    const seconds = file.map((l) => l.elapsed_s);
    expect(seconds).toEqual([...seconds].sort((a, b) => a - b));
    expect(file.at(-1)?.message).toMatch(/^ensemble of 2/);

    // The same two members trained at once, one worker thread each: the same weights.
    const parallel = await runPhase1Ensemble({ ...options('ens-par', { epochs: 2 }), members: 2, parallel: true });
    for (const k of [0, 1]) {
      const a = readCheckpoint(join(parallel.runDir, `member-${k}`, 'best'), 'huggingface');
      const b = readCheckpoint(join(result.runDir, `member-${k}`, 'best'), 'huggingface');
      expect(Buffer.from(a.weightData).equals(Buffer.from(b.weightData))).toBe(true);
    }
    const parLines = readFileSync(join(parallel.runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as MetricsLine);
    expect(parLines.filter((l) => l.kind === 'info' && /^member 2 of 2, epoch/.test(l.message ?? ''))).toHaveLength(2);
    expect(readCheckpoint(parallel.checkpointDir as string, 'huggingface').manifest.members).toBe(2);
  });

  it('resumes by skipping finished members, and reads members per domain from config', async () => {
    const runDir = join(root, 'ens-resume');
    await runPhase1Ensemble({ ...options('ens-resume', { epochs: 2 }), members: 2, outDir: null, parallel: false });
    const again = await runPhase1Ensemble({ ...options('ens-resume', { epochs: 2 }), members: 2, resume: true, runDir });
    expect(again.members).toHaveLength(0);
    expect(readCheckpoint(join(again.checkpointDir as string), 'huggingface').manifest.members).toBe(2);
    // Interrupted in member 0: resuming finishes member 0 from its last epoch, then trains member 1.
    const cut = join(root, 'ens-cut');
    const stop = new AbortController();
    const interrupted = await runPhase1Ensemble({ ...options('ens-cut', { epochs: 2 }), members: 2, parallel: false }, { signal: stop.signal, onMetrics: (l) => l.kind === 'epoch' && stop.abort() });
    expect(interrupted.stopReason).toBe('aborted');
    expect(interrupted.checkpointDir).toBeNull();
    const resumed = await runPhase1Ensemble({ ...options('ens-cut', { epochs: 2 }), members: 2, resume: true, runDir: cut, parallel: false });
    expect(resumed.members.map((r) => r.epochsRun)).toEqual([1, 2]);
    expect(readCheckpoint(resumed.checkpointDir as string, 'huggingface').manifest.members).toBe(2);
    expect(membersFor({ ...loaded.config.training.phase1, members: { huggingface: 2 } }, 'huggingface')).toBe(2);
    expect(membersFor({ ...loaded.config.training.phase1, members: { huggingface: 2 } }, 'ultratool')).toBe(1);
    expect(membersFor({ ...loaded.config.training.phase1, members: 3 }, 'ultratool')).toBe(3);
  });
});
