import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ObservedStats } from '../../routing/observed-stats.js';
import { testCatalog } from '../../routing/test-catalog.js';
import { warmStartFromLogs } from './log-warm-start.js';
import { ActorCritic, softmax } from './policy-net.js';
import { createRng } from './rng.js';
import { DecisionWalk, stateDim, WORKER_DIM } from './state-features.js';

function record(worker: string, ok: boolean, cost: number): object {
  return {
    version: 1, runId: `r-${worker}-${Math.random()}`, startedAt: '', finishedAt: '', instruction: 'x', domain: 'test', seed: null,
    planner: { name: 'retrieval', version: '1', confidence: 1 },
    plan: { nodes: [{ id: 'node-0', task: 'A', deps: [], worker }] },
    nodes: [{ id: 'node-0', task: 'A', worker, status: ok ? 'succeeded' : 'failed', inputTokens: 10, outputTokens: 10, costUsd: cost, latencyMs: 500, attempts: 1 }],
    totals: { status: ok ? 'succeeded' : 'failed', wallMs: 500, criticalPathMs: 500, speedup: 1, costUsd: cost, inputTokens: 10, outputTokens: 10 },
  };
}

describe('warm start from execution logs', () => {
  it('fills observed statistics and clones the choices of rewarding runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'p2logs-'));
    const lines = [
      ...Array.from({ length: 20 }, () => record('a-mid', true, 0.005)),
      ...Array.from({ length: 20 }, () => record('a-strong', false, 0.02)),
    ];
    writeFileSync(join(dir, 'executions_20260101.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n{"torn');
    const spec = { tasks: ['A', 'B', 'C'], embeddingDim: 0 };
    const net = ActorCritic.create({ stateDim: stateDim(spec), workerDim: WORKER_DIM, hidden: 8 }, createRng(1));
    const stats = new ObservedStats(testCatalog.profiles);
    const weights = { lambdaCost: 10, lambdaLatency: 0.02 };
    const inputs = { spec, estimate: stats.estimate, candidatesFor: testCatalog.candidatesFor, execution: { fallback: true }, weights };
    const opt = tf.train.adam(0.02);
    const res = warmStartFromLogs({ logsDir: dir, domain: 'test', stats, net, optimizer: opt, inputs, epochs: 20, weights });
    expect(res).toMatchObject({ records: 40, calls: 40, cloned: 40 });
    expect(stats.count('a-mid', 'A')).toBe(20);
    expect(stats.estimate('a-strong', 'A', 10).successProb).toBeLessThan(0.2);
    const walk = new DecisionWalk({ nodes: [{ id: 'node-0', task: 'A', deps: [] }] }, inputs);
    const d = walk.next();
    const p = softmax(net.forward(d.state, d.workers).logits);
    expect(p[d.candidates.indexOf('a-mid')]).toBeGreaterThan(p[d.candidates.indexOf('a-strong')] ?? 1);
  });
});
