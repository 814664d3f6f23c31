import { describe, expect, it } from 'vitest';
import type { Planner } from '../planner/types.js';
import type { Plan } from '../types.js';
import { phase1SelectorPolicy } from './phase1-policy.js';
import { testCatalog } from './test-catalog.js';

const planner: Planner = {
  name: 'fake',
  version: '1',
  domain: 'test',
  plan: (instruction) => ({ instruction, nodes: [{ id: 'node-0', task: 'A', deps: [], worker: 'a-cheap' }, { id: 'node-1', task: 'C', deps: [], worker: 'default' }] }),
};
const ctx = { catalog: testCatalog, weights: { lambdaCost: 10, lambdaLatency: 0.02 }, execution: { fallback: true } };

describe('phase1SelectorPolicy', () => {
  it('takes the worker the planner head names for the task, else the catalogue first candidate', () => {
    const plan: Plan = { instruction: 'x', nodes: [{ id: 'node-0', task: 'A', deps: [] }, { id: 'node-1', task: 'C', deps: ['node-0'] }, { id: 'node-2', task: 'B', deps: [] }] };
    const a = phase1SelectorPolicy(planner, ['a-cheap', 'default']).assign(plan, ctx);
    expect([...a]).toEqual([['node-0', 'a-cheap'], ['node-1', 'c-slow'], ['node-2', 'b-only']]);
  });
});
