import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import { initBackend } from '../../training/backend.js';
import { captureModel } from '../../training/phase1/model-io.js';
import { CHECKPOINT_FORMAT, readCheckpoint, writeCheckpoint, type CheckpointFiles } from './checkpoint.js';
import { createLearnedPlanner } from './learned-planner.js';
import { buildPlannerModel } from './model.js';
import { CHECKPOINT_VERSION } from './spec.js';
import { tinyDesc, tinySpec } from './test-support/tiny-model.js';
import { SubwordTokenizer } from './tokenizer.js';

const root = mkdtempSync(join(tmpdir(), 'orchestai-ckpt-'));
let files: CheckpointFiles;

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
  const spec = tinySpec({ vocabSize: 30 });
  const tokenizer = new SubwordTokenizer(['[PAD]', '[UNK]', ...Array.from({ length: 28 }, (_, i) => String.fromCharCode(97 + (i % 26)) + (i >= 26 ? 'x' : ''))]);
  const { model } = buildPlannerModel(spec, tinyDesc);
  files = {
    ...(await captureModel(model)),
    tokenizer,
    manifest: {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      domain: 'toy',
      createdAt: '2026-01-01T00:00:00.000Z',
      backend: 'cpu',
      spec,
      descTokens: tinyDesc,
      prior: { toolLinks: [[0, 1]], linkRate: [[0, 1, 0.5]] },
      edgeThreshold: 0.5,
      members: 1,
      dataHash: 'sha256:abc',
      metrics: { val_node_f1: 0.5 },
      epoch: 1,
    },
    metricsJsonl: '{"kind":"start"}\n',
  };
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function fresh(name: string): string {
  const dir = join(root, name);
  writeCheckpoint(dir, files);
  return dir;
}

function expectUserError(fn: () => unknown, pattern: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(UserError.isInstance(err)).toBe(true);
    expect((err as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected a UserError');
}

describe('checkpoint files', () => {
  it('round-trips and plans with the loaded weights', () => {
    const dir = fresh('ok');
    expect(readdirSync(dir).sort()).toEqual(['manifest.json', 'metrics.jsonl', 'model.json', 'tokenizer.json', 'weights.bin']);
    const loaded = readCheckpoint(dir, 'toy');
    expect(loaded.manifest.metrics.val_node_f1).toBe(0.5);
    const plan = createLearnedPlanner(loaded).plan('abc');
    expect(plan.planner?.name).toBe('learned');
    expect(plan.nodes.length).toBeGreaterThan(0);
  });

  it('replaces atomically and keeps foreign entries such as phase2/', () => {
    const dir = fresh('replace');
    mkdirSync(join(dir, 'phase2'));
    writeFileSync(join(dir, 'phase2', 'policy.json'), '{}');
    writeCheckpoint(dir, files);
    expect(existsSync(join(dir, 'phase2', 'policy.json'))).toBe(true);
    expect(readdirSync(root).filter((e) => e.startsWith('.tmp-'))).toEqual([]);
  });

  it('names the file when manifest.json is not JSON', () => {
    const dir = fresh('badjson');
    writeFileSync(join(dir, 'manifest.json'), '{oops');
    expectUserError(() => readCheckpoint(dir), /manifest\.json is not valid JSON/);
  });

  it('refuses another version', () => {
    const dir = fresh('version');
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...m, version: 99 }));
    expectUserError(() => readCheckpoint(dir), /version 99/);
  });

  it('refuses a checkpoint of another domain', () => {
    expectUserError(() => readCheckpoint(fresh('domain'), 'other'), /domain "toy", not "other"/);
  });

  it('refuses a weight of the wrong shape', () => {
    const dir = fresh('shape');
    const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { weightsManifest: { weights: { name: string; shape: number[] }[] }[] };
    const w = model.weightsManifest[0]?.weights.find((x) => x.name === 'decoder/class_bias');
    if (w) w.shape = [99];
    writeFileSync(join(dir, 'model.json'), JSON.stringify(model));
    expectUserError(() => readCheckpoint(dir), /decoder\/class_bias has shape \[99\]/);
  });

  it('refuses a truncated weights.bin', () => {
    const dir = fresh('trunc');
    const bytes = readFileSync(join(dir, 'weights.bin'));
    writeFileSync(join(dir, 'weights.bin'), bytes.subarray(0, bytes.length - 8));
    expectUserError(() => readCheckpoint(dir), /weights\.bin has \d+ bytes/);
  });

  it('round-trips an ensemble, drops a replaced checkpoint\'s extra members, and names a missing or truncated member file', () => {
    const other = new Float32Array(files.weightData.byteLength / 4).map((_, i) => Math.sin(i));
    const ensemble: CheckpointFiles = { ...files, manifest: { ...files.manifest, members: 2 }, memberWeightData: [other.buffer] };
    const dir = join(root, 'ensemble');
    writeCheckpoint(dir, ensemble);
    expect(readdirSync(dir)).toContain('weights-1.bin');
    const loaded = readCheckpoint(dir, 'toy');
    expect(loaded.members).toHaveLength(2);
    expect(Array.from(loaded.members[1]?.get('decoder/class_bias') ?? [])).not.toEqual(Array.from(loaded.members[0]?.get('decoder/class_bias') ?? []));
    // The ensemble's plan differs from member 0's alone (weights that far apart cannot agree on every probability).
    const alone = createLearnedPlanner(readCheckpoint(fresh('member0'), 'toy')).plan('abc');
    expect(createLearnedPlanner(loaded).plan('abc').planner?.confidence).not.toBeCloseTo(alone.planner?.confidence ?? 0, 6);
    expect(() => writeCheckpoint(dir, { ...ensemble, memberWeightData: [] })).toThrow(/2 members, got weights for 1/);

    const bytes = readFileSync(join(dir, 'weights-1.bin'));
    writeFileSync(join(dir, 'weights-1.bin'), bytes.subarray(0, 16));
    expectUserError(() => readCheckpoint(dir), /weights-1\.bin has 16 bytes/);
    rmSync(join(dir, 'weights-1.bin'));
    expectUserError(() => readCheckpoint(dir), /weights-1\.bin is missing/);

    writeCheckpoint(dir, ensemble);
    writeCheckpoint(dir, files);
    expect(readdirSync(dir)).not.toContain('weights-1.bin');
    expect(readCheckpoint(dir, 'toy').members).toHaveLength(1);
  });

  it('refuses a tokenizer that does not fit the model', () => {
    const dir = fresh('tok');
    writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify({ kind: 'wordpiece', version: 1, vocab: ['[PAD]', '[UNK]', 'a'] }));
    expectUserError(() => readCheckpoint(dir), /tokenizer\.json has 3 subwords, the model expects 30/);
  });

  it('loads a checkpoint from before the attention choice as content attention, and refuses a spec its weights do not fit', () => {
    const dir = fresh('attention');
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { spec: Record<string, unknown> };
    delete m.spec.attention;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    expect(readCheckpoint(dir).manifest.spec.attention).toBe('content');
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...m, spec: { ...m.spec, attention: 'location' } }));
    expectUserError(() => readCheckpoint(dir), /decoder\/feed_kernel/);
  });

  it('reports a missing file', () => {
    const dir = fresh('missing');
    rmSync(join(dir, 'model.json'));
    expectUserError(() => readCheckpoint(dir), /model\.json is missing/);
  });
});
