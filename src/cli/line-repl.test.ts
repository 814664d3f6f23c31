import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createOrchestrator, type ExecuteFn } from '../core/orchestrator.js';
import { abPlanner, fakeCatalogue } from '../core/test-support/fake-domain.js';
import type { Plan, RunResult } from '../types.js';
import { runLineRepl } from './line-repl.js';


const ran: Plan[] = [];
const execute: ExecuteFn = async (plan) => {
  ran.push(plan);
  const nodes = plan.nodes.map((n) => ({ id: n.id, task: n.task, status: 'succeeded' as const, worker: 'w1', latencyMs: 5, costUsd: 0, attempts: 1, usage: { inputTokens: 1, outputTokens: 1 }, output: `${n.task} done` }));
  const result: RunResult = { status: 'succeeded', wallMs: 5, nodes, totals: { costUsd: 0, inputTokens: 2, outputTokens: 2, criticalPathMs: 5, speedup: 1 } };
  return result;
};


async function session(lines: readonly string[]): Promise<{ code: number; out: string }> {
  const orchestrator = createOrchestrator({
    domainNames: ['d'],
    loadPlanner: () => abPlanner,
    defaultDomain: 'd',
    workers: [],
    profiles: [],
    selectWorkers: (plan) => ({ ...plan, nodes: plan.nodes.map((n) => ({ ...n, worker: 'w1' })) }),
    execute,
    catalogues: new Map([['d', fakeCatalogue(['A', 'B', 'C'])]]),
    logDir: null,
    outputSummaryChars: 100,
    seed: 1,
    secrets: [],
  });
  const output = new PassThrough();
  let out = '';
  output.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await runLineRepl(orchestrator, { input: Readable.from(lines.map((l) => `${l}\n`)), output, prompt: false });
  return { code, out };
}

describe('plain line session', () => {
  it('takes the interactive commands: /plan, /add, /go run the edited plan', async () => {
    ran.length = 0;
    const { code, out } = await session(['/plan do A then B', '/add C after n0', '/go', '/quit', 'never read']);
    expect(code).toBe(0);
    expect(out).toContain('plan by fake 1 (confidence 0.90), 2 node(s):');
    expect(out).toContain('plan edited by hand (planned by fake 1), 3 node(s):');
    expect(ran.map((p) => p.nodes.map((n) => n.task))).toEqual([['A', 'C', 'B']]);
    expect(out).toContain('answer (node-1 B): B done');
  });

  it('reports a bad command and exits non-zero, going on with the next line', async () => {
    ran.length = 0;
    const { code, out } = await session(['/add C', '/help', 'do A then B']);
    expect(code).toBe(2);
    expect(out).toContain('error: no plan to edit: /plan <instruction> first');
    expect(out).toContain('/add <task> [after|before|from nK]');
    expect(out).not.toContain('Keys:');
    expect(ran).toHaveLength(1);
  });
});
