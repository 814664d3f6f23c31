import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import { ObservedStats } from '../../routing/observed-stats.js';
import { ppoPolicyFromCheckpoint } from '../../routing/ppo-policy.js';
import { testCatalog } from '../../routing/test-catalog.js';
import type { Plan } from '../../types.js';
import { loadCheckpoint, PHASE2_CHECKPOINT_FILE, saveCheckpoint, type Phase2Checkpoint } from './checkpoint.js';
import { ActorCritic } from './policy-net.js';
import { createRng } from './rng.js';
import { stateDim, WORKER_DIM } from './state-features.js';

function makeCheckpoint(): Phase2Checkpoint {
  const features = { tasks: ['A', 'B', 'C'], embeddingDim: 0 };
  const net = ActorCritic.create({ stateDim: stateDim(features), workerDim: WORKER_DIM, hidden: 8 }, createRng(2));
  const stats = new ObservedStats(testCatalog.profiles);
  stats.record('a-mid', 'A', { succeeded: true, costUsd: 0.005, latencyMs: 900 });
  return {
    version: 1,
    kind: 'orchestai-phase2-ppo',
    domain: 'test',
    preset: 'balanced',
    weights: { lambdaCost: 10, lambdaLatency: 0.02 },
    features,
    execution: { fallback: true },
    net: net.toWeights(),
    stats: stats.toJSON(),
    training: { iterations: 1, episodes: 8, seed: 1, engine: 'fast', trainedAt: '2026-01-01T00:00:00.000Z', final: { reward: 0.5 } },
  };
}

const plan: Plan = { nodes: [{ id: 'node-0', task: 'A', deps: [] }, { id: 'node-1', task: 'C', deps: ['node-0'] }] };
const ctx = { catalog: testCatalog, weights: { lambdaCost: 10, lambdaLatency: 0.02 }, execution: { fallback: true } };

describe('Phase 2 checkpoint', () => {
  it('round-trips: the loaded policy makes the same choices', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'p2ck-')), 'phase2');
    const ck = makeCheckpoint();
    saveCheckpoint(dir, ck);
    saveCheckpoint(dir, ck); // overwriting an existing checkpoint goes through the same renames
    const loaded = loadCheckpoint(dir);
    expect(loaded.features).toEqual(ck.features);
    expect(loaded.stats).toEqual(ck.stats);
    const a = ppoPolicyFromCheckpoint(ck, testCatalog.profiles).assign(plan, ctx);
    const b = ppoPolicyFromCheckpoint(loaded, testCatalog.profiles).assign(plan, ctx);
    expect([...b]).toEqual([...a]);
    // No temp or old directories are left behind.
    expect(readdirSync(join(dir, '..'))).toEqual(['phase2']);
  });

  it('fails with a clear error on a corrupt or incomplete file, and on a missing one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'p2bad-'));
    writeFileSync(join(dir, PHASE2_CHECKPOINT_FILE), '{"version": 1, "kind": "orchestai-phase2-ppo", "net": ');
    expect(() => loadCheckpoint(dir)).toThrow(UserError);
    expect(() => loadCheckpoint(dir)).toThrow(/corrupt Phase 2 checkpoint .*policy\.json/);
    const { net: _net, ...rest } = makeCheckpoint();
    writeFileSync(join(dir, PHASE2_CHECKPOINT_FILE), JSON.stringify(rest));
    expect(() => loadCheckpoint(dir)).toThrow(/corrupt Phase 2 checkpoint .*net/);
    expect(() => loadCheckpoint(join(dir, 'nope'))).toThrow(/no Phase 2 checkpoint/);
  });
});
