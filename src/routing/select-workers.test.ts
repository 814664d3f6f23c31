import { describe, expect, it } from 'vitest';
import type { Plan, Worker } from '../types.js';
import { bestSinglePolicy, cheapestPolicy } from './baseline-policies.js';
import { BudgetExceededError } from './budget-error.js';
import { guardBudget } from './budget-guard.js';
import { selectWorkers } from './select-workers.js';
import { testCatalog } from './test-catalog.js';

const plan: Plan = {
  instruction: 'do A twice then B',
  nodes: [
    { id: 'node-0', task: 'A', deps: [] },
    { id: 'node-1', task: 'A', deps: ['node-0'] },
    { id: 'node-2', task: 'B', deps: ['node-1'] },
  ],
};
const weights = { lambdaCost: 10, lambdaLatency: 0.02 };

describe('selectWorkers', () => {
  it('keeps the policy choice without a budget and fills fallbacks in catalogue order', () => {
    const s = selectWorkers(plan, { policy: bestSinglePolicy, catalog: testCatalog, weights });
    expect(s.plan.nodes.map((n) => n.worker)).toEqual(['a-strong', 'a-strong', 'b-only']);
    expect(s.plan.nodes[0]?.fallbacks).toEqual(['a-mid', 'a-cheap']);
    expect(s.notes).toEqual([]);
    expect(s.worstCaseCostUsd).toBeGreaterThanOrEqual(s.expected.costUsd);
  });

  it('downgrades to cheaper workers until the expected cost fits the budget', () => {
    const full = selectWorkers(plan, { policy: bestSinglePolicy, catalog: testCatalog, weights });
    const budget = full.expected.costUsd * 0.6;
    const s = selectWorkers(plan, { policy: bestSinglePolicy, catalog: testCatalog, weights, budgetUsd: budget });
    expect(s.expected.costUsd).toBeLessThanOrEqual(budget);
    expect(s.plan.nodes.some((n) => n.worker !== 'a-strong' && n.task === 'A')).toBe(true);
    expect(s.notes.join(' ')).toMatch(/downgraded/);
  });

  it('refuses a plan that cannot fit even with the cheapest workers, naming the cheapest cost', () => {
    const cheapest = selectWorkers(plan, { policy: cheapestPolicy, catalog: testCatalog, weights }).expected.costUsd;
    let caught: unknown;
    try {
      selectWorkers(plan, { policy: bestSinglePolicy, catalog: testCatalog, weights, budgetUsd: cheapest / 2 });
    } catch (err) {
      caught = err;
    }
    expect(BudgetExceededError.isInstance(caught)).toBe(true);
    const err = caught as BudgetExceededError;
    expect(err.cheapestUsd).toBeGreaterThan(cheapest / 2);
    expect(err.message).toContain(err.cheapestUsd.toPrecision(3));
  });

  it('moves to faster workers for a latency target and says when it cannot be met', () => {
    const p: Plan = { nodes: [{ id: 'node-0', task: 'C', deps: [] }] };
    const s = selectWorkers(p, { policy: bestSinglePolicy, catalog: testCatalog, weights, latencyTargetMs: 3000 });
    expect(s.plan.nodes[0]?.worker).toBe('c-fast');
    const t = selectWorkers(p, { policy: bestSinglePolicy, catalog: testCatalog, weights, latencyTargetMs: 10 });
    expect(t.notes.join(' ')).toMatch(/not reachable/);
  });
});

describe('guardBudget', () => {
  it('never lets a run spend over the budget', async () => {
    const spend: Worker = { id: 'a-strong', tasks: '*', run: async () => ({ output: 'ok', costUsd: 0.02 }) };
    const guard = guardBudget([spend], 0.05, testCatalog.estimate, () => 100, 1);
    const call = { node: { id: 'node-0', task: 'A', deps: [] }, inputs: {}, attempt: 1 };
    const signal = new AbortController().signal;
    const w = guard.workers[0] as Worker;
    await w.run(call, signal);
    await w.run(call, signal);
    await expect(w.run(call, signal)).rejects.toMatchObject({ retryable: false, name: 'BudgetGuardError' });
    expect(guard.spentUsd()).toBeLessThanOrEqual(0.05);
  });
});
