import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, packageRoot, type LoadedConfig } from '../config/load.js';
import type { Plan } from '../types.js';
import { createPlanner } from './create-planner.js';
import { HybridPlanner } from './hybrid-planner.js';
import type { Planner } from './types.js';

const root = mkdtempSync(join(tmpdir(), 'orchestai-planner-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function configWith(checkpointDir: string, threshold = 0.3): LoadedConfig {
  const base = loadConfig(join(packageRoot, 'config.yaml'));
  return {
    ...base,
    config: { ...base.config, planner: { ...base.config.planner, data_dir: join(packageRoot, 'data'), checkpoint_dir: checkpointDir, confidence_threshold: threshold } },
  };
}

const fixed = (name: string, confidence: number, nodes: Plan['nodes']): Planner => ({
  name,
  version: '1',
  domain: 'd',
  plan: (instruction) => ({ nodes, instruction, planner: { name, version: '1', confidence } }),
});

describe('HybridPlanner', () => {
  const node = { id: 'node-0', task: 'Translation', deps: [] };
  it('keeps a confident learned plan and falls back below the threshold or on an empty plan', () => {
    let built = 0;
    const fallback = (): Planner => {
      built++;
      return fixed('retrieval', 0.9, [node]);
    };
    expect(new HybridPlanner(fixed('learned', 0.8, [node]), fallback, 0.5).plan('x').planner?.name).toBe('learned');
    expect(built).toBe(0);
    expect(new HybridPlanner(fixed('learned', 0.2, [node]), fallback, 0.5).plan('x').planner?.name).toBe('retrieval');
    expect(new HybridPlanner(fixed('learned', 0.99, []), fallback, 0.5).plan('x').planner?.name).toBe('retrieval');
  });
});

describe('createPlanner', () => {
  it('serves the shipped learned checkpoint, recording planner name, version and confidence', async () => {
    const planner = await createPlanner(configWith(join(packageRoot, 'checkpoints'), 0), 'huggingface', { kind: 'learned' });
    const plan = planner.plan("Please transcribe 'example.wav' for me.");
    expect(plan.planner?.name).toBe('learned');
    expect(plan.planner?.confidence).toBeGreaterThan(0);
    expect(plan.nodes.length).toBeGreaterThan(0);
  });

  it('falls back to retrieval when no checkpoint exists or when asked to', async () => {
    const none = await createPlanner(configWith(join(root, 'nothing')), 'huggingface', { kind: 'learned' });
    expect(none.name).toBe('retrieval');
    const asked = await createPlanner(configWith(join(packageRoot, 'checkpoints')), 'huggingface', { kind: 'retrieval' });
    expect(asked.name).toBe('retrieval');
  });

  it('fails with a clear message on a corrupt checkpoint', async () => {
    const dir = join(root, 'corrupt');
    cpSync(join(packageRoot, 'checkpoints', 'huggingface'), join(dir, 'huggingface'), { recursive: true });
    writeFileSync(join(dir, 'huggingface', 'weights.bin'), 'nope');
    await expect(createPlanner(configWith(dir), 'huggingface', { kind: 'learned' })).rejects.toThrow(/corrupt checkpoint: .*weights\.bin/);
  });
});
