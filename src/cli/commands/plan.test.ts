import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../types.js';
import { planLines, runPlanCommand } from './plan.js';
import { collect, makeProject } from './test-support/command-fixture.js';

const twoNodePlan: Plan = {
  nodes: [
    { id: 'node-0', task: 'Translation', deps: [] },
    { id: 'node-1', task: 'Summarization', deps: ['node-0'], worker: 'chosen' },
  ],
  planner: { name: 'fake', version: '1', confidence: 0.75 },
};

describe('planLines', () => {
  it('writes one record per input line in order, error records for bad lines, and nothing else on output', async () => {
    const input = Readable.from(['{"id":"a","instruction":"go"}\n', '{not json\n', '\n', '{"id":"c","instruction":"boom"}\n', '{"id":"d","instruction":"go"}\n']);
    const output = collect();
    const stderr = collect();
    let t = 0;
    const planner = { name: 'fake', plan: (i: string): Plan => { if (i === 'boom') throw new Error('kaput'); return twoNodePlan; } };
    const result = await planLines({ planner, input, output, stderr, workerFor: (task) => `w-${task}`, now: () => (t += 2) });
    expect(result).toEqual({ lines: 4, failed: 2 });
    const records = output.text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((r) => r.id)).toEqual(['a', '2', 'c', 'd']);
    expect(records[0]).toEqual({
      id: 'a',
      task_nodes: [{ task: 'Translation', worker: 'w-Translation' }, { task: 'Summarization', worker: 'chosen' }],
      task_links: [{ source: 'Translation', target: 'Summarization' }],
      planner: 'fake',
      confidence: 0.75,
      latency_ms: 2,
    });
    expect(records[1]).toMatchObject({ error: expect.stringMatching(/line 2: not valid JSON/) });
    expect(records[2]).toMatchObject({ error: expect.stringMatching(/kaput/) });
    expect(stderr.text()).toMatch(/kaput/);
  });
});

describe('runPlanCommand', () => {
  it('plans a file with the configured planner and exits 0', async () => {
    const p = makeProject();
    const input = join(p.root, 'in.jsonl');
    writeFileSync(input, '{"id":"q1","instruction":"please translate to English then summarize"}\n{"id":"q2","instruction":"classify my photo"}\n');
    const stdout = collect();
    const stderr = collect();
    const code = await runPlanCommand({ config: p.config, input }, { stdout, stderr });
    expect(code).toBe(0);
    const records = stdout.text().trim().split('\n').map((l) => JSON.parse(l) as { id: string; task_nodes: { task: string; worker: string | null }[]; planner: string });
    expect(records.map((r) => r.task_nodes.map((n) => n.task))).toEqual([['Translation', 'Summarization'], ['Image Classification']]);
    expect(records[0]?.planner).toBe('retrieval');
    expect(stderr.text()).toBe('');
  });

  it('writes to --output and exits 1 when a line failed', async () => {
    const p = makeProject();
    const input = join(p.root, 'in.jsonl');
    const out = join(p.root, 'out.jsonl');
    writeFileSync(input, '{"id":"q1","instruction":"translate"}\n{"id":"q2"}\n');
    const stdout = collect();
    const code = await runPlanCommand({ config: p.config, input, output: out }, { stdout, stderr: collect() });
    expect(code).toBe(1);
    expect(stdout.text()).toBe('');
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('throws a UserError for a missing input or an unknown domain', async () => {
    const p = makeProject();
    await expect(runPlanCommand({ config: p.config, input: join(p.root, 'nope.jsonl') }, { stdout: collect(), stderr: collect() })).rejects.toThrow(/input not found/);
    await expect(runPlanCommand({ config: p.config, input: '-', domain: 'atlantis' }, { stdout: collect(), stderr: collect() })).rejects.toThrow(/unknown domain/);
  });
});

describe('runPlanCommand on stdin', () => {
  it('reads stdin when --input is absent or "-"', async () => {
    const p = makeProject();
    for (const input of [undefined, '-']) {
      const stdout = collect();
      const stdin = Readable.from(['{"id":"s","instruction":"translate this"}\n']);
      const code = await runPlanCommand({ config: p.config, ...(input ? { input } : {}) }, { stdout, stderr: collect(), stdin });
      expect(code).toBe(0);
      expect(JSON.parse(stdout.text())).toMatchObject({ id: 's', planner: 'retrieval' });
    }
  });
});
