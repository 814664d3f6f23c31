import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan, RunResult, SessionEvent } from '../types.js';
import type { Domain } from '../data/domain.js';
import { abPlanner, fakeCatalogue } from './test-support/fake-domain.js';
import { readRecentRecords } from './execution-log.js';
import { createOrchestrator, type ExecuteFn } from './orchestrator.js';
import { insertNodeAfter } from './plan-edit.js';

const planner = abPlanner;

const execute: ExecuteFn = async (plan, opts) => {
  opts.onEvent({ type: 'run-started', runId: opts.runId, plan, atMs: 0 });
  const nodes = plan.nodes.map((n) => ({
    id: n.id,
    task: n.task,
    status: 'succeeded' as const,
    worker: n.worker ?? '',
    latencyMs: 5,
    costUsd: 0.01,
    attempts: 1,
    usage: { inputTokens: 1, outputTokens: 2 },
    output: `${n.task} done`,
  }));
  for (const r of nodes) opts.onEvent({ type: 'node-finished', nodeId: r.id, result: r, atMs: 1 });
  const result: RunResult = { status: 'succeeded', wallMs: 10, nodes, totals: { costUsd: 0.02, inputTokens: 2, outputTokens: 4, criticalPathMs: 10, speedup: 1 } };
  opts.onEvent({ type: 'run-finished', runId: opts.runId, result, atMs: 10 });
  return result;
};

function make(budgetRefuses = false, logDir: string | null = null, catalogue?: Domain) {
  return createOrchestrator({
    ...(catalogue ? { catalogues: new Map([['d', catalogue]]) } : {}),
    domainNames: ['d'],
    loadPlanner: () => planner,
    defaultDomain: 'd',
    workers: [],
    profiles: [],
    selectWorkers: (plan: Plan, { budgetUsd }) => {
      if (budgetRefuses && budgetUsd !== null) throw new Error(`plan needs at least $1.00 but the budget is $${budgetUsd}`);
      return { ...plan, nodes: plan.nodes.map((n) => ({ ...n, worker: 'w1' })) };
    },
    execute,
    logDir,
    outputSummaryChars: 100,
    seed: 1,
    secrets: [],
  });
}

describe('orchestrator', () => {
  it('streams plan-ready, then the run events, and logs one record', async () => {
    const logDir = mkdtempSync(join(tmpdir(), 'orch-'));
    const o = make(false, logDir);
    const events: SessionEvent[] = [];
    for await (const e of o.run('do A then B')) events.push(e);
    expect(events.map((e) => e.type)).toEqual(['plan-ready', 'run-started', 'node-finished', 'node-finished', 'run-finished']);
    const first = events[0];
    expect(first?.type === 'plan-ready' && first.plan.nodes.every((n) => n.worker === 'w1')).toBe(true);
    const records = readRecentRecords(logDir, 10);
    expect(records).toHaveLength(1);
    expect(records[0]?.plan.nodes.map((n) => n.worker)).toEqual(['w1', 'w1']);
    expect(o.recentRuns(5)).toHaveLength(1);
  });

  it('refuses a plan that does not fit the budget instead of running it', async () => {
    const o = make(true);
    o.budgetUsd = 0.5;
    const events: SessionEvent[] = [];
    for await (const e of o.run('do A then B')) events.push(e);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'plan-refused' });
    expect(events[0]?.type === 'plan-refused' && events[0].reason).toMatch(/budget/);
  });

  it('rejects unknown domains and empty instructions clearly', async () => {
    const o = make();
    expect(() => o.setDomain('nope')).toThrow(/unknown domain "nope"; known domains: d/);
    const outcome = await o.runToEnd('   ');
    expect(outcome).toEqual({ ok: false, reason: 'empty instruction' });
  });

  it('runs a plan edited by hand instead of planning, routes it, and logs who made it', async () => {
    const logDir = mkdtempSync(join(tmpdir(), 'orch-'));
    const o = make(false, logDir, fakeCatalogue(['A', 'B', 'C']));
    expect(o.tasks()).toEqual(['A', 'B', 'C']);
    const edited = insertNodeAfter(o.plan('do A then B'), 'C', 'n0');
    const events: SessionEvent[] = [];
    for await (const e of o.run('ignored when a plan is given', { plan: edited })) events.push(e);
    const ready = events[0];
    expect(ready?.type === 'plan-ready' && ready.plan.nodes.map((n) => [n.task, n.worker])).toEqual([['A', 'w1'], ['C', 'w1'], ['B', 'w1']]);
    const [record] = readRecentRecords(logDir, 1);
    expect(record?.instruction).toBe('do A then B');
    expect(record?.planner).toEqual({ name: 'edited', version: 'fake 1', confidence: 1 });
    const unknown = insertNodeAfter(edited, 'Z');
    const refused: SessionEvent[] = [];
    for await (const e of o.run('x', { plan: unknown })) refused.push(e);
    expect(refused).toEqual([{ type: 'plan-refused', reason: expect.stringContaining('unknown task "Z"') }]);
  });
});
