import { describe, expect, it } from 'vitest';
import type { Plan, TaskSample } from '../types.js';
import { evaluatePlanner, filterByType } from './planner-eval.js';

const samples: TaskSample[] = [
  { id: '1', instruction: 'one', type: 'single', nodes: [{ task: 'A' }], links: [] },
  { id: '2', instruction: 'two', type: 'chain', nodes: [{ task: 'A' }, { task: 'B' }], links: [[0, 1]] },
  { id: '3', instruction: 'boom', type: 'chain', nodes: [{ task: 'A' }, { task: 'B' }], links: [[0, 1]] },
];

const plans: Record<string, Plan> = {
  one: { nodes: [{ id: 'node-0', task: 'A', deps: [] }] },
  two: { nodes: [{ id: 'node-0', task: 'A', deps: [] }, { id: 'node-1', task: 'B', deps: ['node-0'] }] },
};

const planner = {
  name: 'fake',
  version: '0',
  plan(instruction: string): Plan {
    const p = plans[instruction];
    if (!p) throw new Error('no plan');
    return p;
  },
};

describe('evaluatePlanner', () => {
  it('scores plans, counts a throwing planner as a zero, and measures latency with the injected clock', () => {
    let t = 0;
    const result = evaluatePlanner(planner, samples, { now: () => (t += 5) });
    expect(result.metrics.samples).toBe(3);
    expect(result.metrics.nodeF1).toBeCloseTo(2 / 3);
    expect(result.metrics.exactMatch).toBeCloseTo(2 / 3);
    expect(result.failures).toEqual([{ id: '3', error: 'no plan' }]);
    expect(result.metrics.latencyP50Ms).toBe(5);
  });

  it('filters by type', () => {
    expect(filterByType(samples, 'chain').map((s) => s.id)).toEqual(['2', '3']);
    expect(filterByType(samples, 'all')).toHaveLength(3);
  });
});
