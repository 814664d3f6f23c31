import { describe, expect, it } from 'vitest';
import type { Worker } from '../types.js';
import { executePlan } from './index.js';

class BilledError extends Error {
  readonly retryable: boolean;
  readonly costUsd = 0.01;
  readonly usage = { inputTokens: 100, outputTokens: 5 };
  constructor(retryable: boolean) {
    super('unusable answer');
    this.retryable = retryable;
  }
}

describe('billing of failed attempts', () => {
  it('adds what failed attempts were billed to the node and the run totals', async () => {
    let calls = 0;
    const worker: Worker = {
      id: 'w',
      tasks: '*',
      run: async () => {
        calls += 1;
        if (calls === 1) throw new BilledError(true);
        return { output: 'ok', costUsd: 0.02, usage: { inputTokens: 100, outputTokens: 50 } };
      },
    };
    const r = await executePlan({ nodes: [{ id: 'a', task: 't', deps: [] }] }, { workers: [worker], retries: { baseDelayMs: 0 } });
    expect(r.status).toBe('succeeded');
    expect(r.nodes[0]?.costUsd).toBeCloseTo(0.03, 10);
    expect(r.nodes[0]?.usage).toEqual({ inputTokens: 200, outputTokens: 55 });
    expect(r.totals.costUsd).toBeCloseTo(0.03, 10);
  });

  it('bills a node that failed on every worker', async () => {
    const failing = (id: string): Worker => ({ id, tasks: '*', run: async () => Promise.reject(new BilledError(false)) });
    const r = await executePlan({ nodes: [{ id: 'a', task: 't', deps: [] }] }, { workers: [failing('x'), failing('y')] });
    expect(r.nodes[0]?.status).toBe('failed');
    expect(r.nodes[0]?.costUsd).toBeCloseTo(0.02, 10);
  });
});
