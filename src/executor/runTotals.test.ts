import { describe, expect, it } from 'vitest';
import type { NodeResult } from '../types.js';
import { criticalPathMs, runTotals } from './runTotals.js';

describe('criticalPathMs', () => {
  it('is the heaviest chain, not the longest by node count', () => {
    // 0 -> 1 -> 3, 0 -> 2 -> 3; 2 is slow. Latencies 10, 5, 40, 1 => 10 + 40 + 1.
    const parentStart = [0, 0, 1, 2, 4];
    const parentList = [0, 0, 1, 2];
    expect(criticalPathMs([10, 5, 40, 1], [0, 1, 2, 3], parentStart, parentList)).toBe(51);
  });

  it('takes the longest of independent branches', () => {
    expect(criticalPathMs([3, 7, 2], [0, 1, 2], [0, 0, 0, 1], [0])).toBe(7);
  });
});

describe('runTotals', () => {
  const node = (latencyMs: number, costUsd: number): NodeResult => ({
    id: 'x',
    task: 't',
    status: 'succeeded',
    worker: 'w',
    latencyMs,
    costUsd,
    attempts: 1,
    usage: { inputTokens: 2, outputTokens: 3 },
  });

  it('sums cost and tokens; speed-up is total latency over wall time', () => {
    expect(runTotals([node(30, 0.5), node(10, 0.25)], 20, 30)).toEqual({
      costUsd: 0.75,
      inputTokens: 4,
      outputTokens: 6,
      criticalPathMs: 30,
      speedup: 2,
    });
    expect(runTotals([], 0, 0).speedup).toBe(0);
  });
});
