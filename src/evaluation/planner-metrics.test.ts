import { describe, expect, it } from 'vitest';
import { aggregateScores, percentile, planGraph, scorePlan, scoreSample, setF1 } from './planner-metrics.js';
import type { Plan, TaskSample } from '../types.js';

const gold: TaskSample = { id: '1', instruction: 'x', type: 'chain', nodes: [{ task: 'A' }, { task: 'B' }, { task: 'C' }], links: [[0, 1], [1, 2]] };

describe('planner metrics', () => {
  it('computes set F1 over task names and source,target pairs', () => {
    const s = scoreSample({ tasks: ['A', 'B', 'D'], links: [[0, 1], [1, 2]] }, { tasks: ['A', 'B', 'C'], links: [[0, 1], [1, 2]] });
    expect(s.nodeF1).toBeCloseTo(2 / 3);
    expect(s.linkF1).toBeCloseTo(0.5);
    expect(s.exactMatch).toBe(false);
    expect(s.dagValid).toBe(true);
  });

  it('scores a missing prediction 0 and two empty link sets 1', () => {
    expect(scoreSample(null, { tasks: ['A'], links: [] })).toMatchObject({ nodeF1: 0, linkF1: 0, dagValid: false });
    expect(scoreSample({ tasks: ['A'], links: [] }, { tasks: ['A'], links: [] })).toMatchObject({ nodeF1: 1, linkF1: 1, exactMatch: true });
    expect(setF1(new Set(['x']), new Set())).toBe(0);
  });

  it('treats node and link lists as sets (repeats do not count twice)', () => {
    const s = scoreSample({ tasks: ['A', 'A', 'B'], links: [[0, 2], [1, 2]] }, { tasks: ['A', 'B'], links: [[0, 1]] });
    expect(s).toMatchObject({ nodeF1: 1, linkF1: 1, exactMatch: true });
  });

  it('reads plans and flags invalid DAGs', () => {
    const plan: Plan = { nodes: [{ id: 'node-0', task: 'A', deps: [] }, { id: 'node-1', task: 'B', deps: ['node-0'] }, { id: 'node-2', task: 'C', deps: ['node-1'] }] };
    expect(scorePlan(plan, gold, 3)).toMatchObject({ nodeF1: 1, linkF1: 1, exactMatch: true, dagValid: true, latencyMs: 3 });
    const cyclic: Plan = { nodes: [{ id: 'a', task: 'A', deps: ['b'] }, { id: 'b', task: 'B', deps: ['a'] }] };
    expect(planGraph(cyclic).dagValid).toBe(false);
    expect(planGraph({ nodes: [{ id: 'a', task: 'A', deps: ['zzz'] }] }).dagValid).toBe(false);
  });

  it('computes worker accuracy only over labelled nodes', () => {
    const s = scoreSample({ tasks: ['A', 'B'], links: [], workers: ['w1', 'w9'] }, { tasks: ['A', 'B'], links: [], workers: ['w1', 'w2'] });
    expect([s.workerLabelled, s.workerCorrect]).toEqual([2, 1]);
    const m = aggregateScores([s, scoreSample({ tasks: ['A'], links: [] }, { tasks: ['A'], links: [] })]);
    expect(m.workerAccuracy).toBe(0.5);
    expect(aggregateScores([scoreSample(null, { tasks: ['A'], links: [] })]).workerAccuracy).toBeNull();
  });

  it('aggregates means and nearest-rank latency percentiles', () => {
    const scores = [1, 2, 3, 4, 100].map((ms, i) => scoreSample(i % 2 ? null : { tasks: ['A'], links: [] }, { tasks: ['A'], links: [] }, { latencyMs: ms }));
    const m = aggregateScores(scores);
    expect(m.nodeF1).toBeCloseTo(3 / 5);
    expect(m.latencyP50Ms).toBe(3);
    expect(m.latencyP95Ms).toBe(100);
    expect(percentile([], 50)).toBeNull();
    expect(aggregateScores([]).nodeF1).toBe(0);
  });
});
