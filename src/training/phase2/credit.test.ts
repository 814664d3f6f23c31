import { describe, expect, it } from 'vitest';
import type { Plan } from '../../types.js';
import { criticalPath, nodePenalties } from './credit.js';
import type { RunOutcome } from './fast-sim.js';
import { runReward } from './trainer.js';

// A diamond: 0 -> {1, 2} -> 3, with node 2 the slow branch.
const plan: Plan = {
  nodes: [
    { id: 'node-0', task: 'A', deps: [] },
    { id: 'node-1', task: 'A', deps: ['node-0'] },
    { id: 'node-2', task: 'A', deps: ['node-0'] },
    { id: 'node-3', task: 'A', deps: ['node-1', 'node-2'] },
  ],
};
const latency = new Map([['node-0', 100], ['node-1', 200], ['node-2', 900], ['node-3', 50]]);
const cost = new Map([['node-0', 0.01], ['node-1', 0.02], ['node-2', 0.001], ['node-3', 0.005]]);
const outcome: RunOutcome = { success: 1, costUsd: 0.036, latencyMs: 1050, nodeCostUsd: cost, nodeLatencyMs: latency, calls: [] };

describe('per-node credit', () => {
  it('finds the critical path through the slow branch', () => {
    expect(criticalPath(plan, latency)).toEqual(['node-0', 'node-2', 'node-3']);
  });

  it('splits the run reward into node penalties plus success, losing nothing', () => {
    const weights = { lambdaCost: 10, lambdaLatency: 0.02 };
    const penalties = nodePenalties(plan, outcome, weights);
    const total = [...penalties.values()].reduce((a, b) => a + b, 0) + outcome.success;
    expect(total).toBeCloseTo(runReward(outcome, weights), 12);
    // node-1 is off the critical path: it pays only its cost.
    expect(penalties.get('node-1')).toBeCloseTo(-10 * 0.02, 12);
  });
});
