import { mkdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDataImport, runDataPrepare, runDataStats } from './data.js';
import { collect, makeProject } from './test-support/command-fixture.js';

describe('data import', () => {
  it('copies the catalogue and writes normalised samples, reporting what it skipped', () => {
    const p = makeProject();
    const src = mkdtempSync(join(tmpdir(), 'orchestai-src-'));
    writeFileSync(join(src, 'tool_desc.json'), JSON.stringify({ nodes: [{ id: 'Summarization', desc: 's' }, { id: 'Translation', desc: 't' }] }));
    writeFileSync(join(src, 'graph_desc.json'), JSON.stringify({ links: [{ source: 'Translation', target: 'Summarization' }] }));
    const lines = [
      { id: '1', instruction: 'sum it', type: 'single', task_nodes: [{ task: 'Text Summarization' }], task_links: [] },
      { id: '2', instruction: 'bad', type: 'chain', task_nodes: [{ task: 'Translation' }, { task: 'Summarization' }], task_links: [{ source: 'Translation', destination: 'Summarization' }] },
    ];
    writeFileSync(join(src, 'data.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    const stdout = collect();
    const stderr = collect();
    expect(runDataImport({ config: p.config, domain: 'newdom', from: src }, { stdout, stderr })).toBe(0);
    const written = readFileSync(join(p.dataDir, 'newdom', 'train.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; task_nodes: { task: string }[] });
    expect(written.map((w) => [w.id, w.task_nodes[0]?.task])).toEqual([['1', 'Summarization']]);
    expect(stderr.text()).toMatch(/data\.jsonl:2: skipped-sample.*destination/);
    expect(stdout.text()).toMatch(/copied tool_desc\.json, graph_desc\.json; wrote 1 samples/);
    expect(() => runDataImport({ config: p.config, domain: 'newdom', from: src }, { stdout, stderr })).toThrow(/--force/);
  });
});

describe('data prepare', () => {
  it('writes training examples and reports malformed log lines with file:line', () => {
    const p = makeProject();
    const logs = join(p.root, 'logs');
    mkdirSync(logs);
    const rec = {
      version: 1, runId: 'r1', startedAt: 'a', finishedAt: 'b', instruction: 'translate', domain: 'mini', seed: null,
      planner: { name: 'retrieval', version: '1', confidence: 1 },
      plan: { nodes: [{ id: 'node-0', task: 'Translation', deps: [], worker: 'w' }] },
      nodes: [{ id: 'node-0', task: 'Translation', worker: 'w', status: 'succeeded', inputTokens: 1, outputTokens: 1, costUsd: 0.5, latencyMs: 3, attempts: 1 }],
      totals: { status: 'succeeded', wallMs: 2000, criticalPathMs: 3, speedup: 1, costUsd: 0.5, inputTokens: 1, outputTokens: 1 },
    };
    writeFileSync(join(logs, 'executions_20260101.jsonl'), `${JSON.stringify(rec)}\n{"oops"\n`);
    const out = join(p.root, 'train.jsonl');
    const stdout = collect();
    const stderr = collect();
    expect(runDataPrepare({ config: p.config, logs, out }, { stdout, stderr })).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ instruction: 'translate', targets: { task_types: ['Translation'], dependencies: [], model_selections: ['w'] }, rewards: { success: 1, cost: 0.5, latency: 2 } });
    expect(stderr.text()).toMatch(/executions_20260101\.jsonl:2: skipped/);
    expect(stdout.text()).toMatch(/1 training examples from 2 log lines/);
  });
});

describe('data stats', () => {
  it('prints counts by type and task', () => {
    const p = makeProject();
    const stdout = collect();
    runDataStats({ config: p.config, json: true }, { stdout, stderr: collect() });
    expect(JSON.parse(stdout.text())).toMatchObject({ domain: 'mini', samples: 4, byType: { single: 2, chain: 2 }, tasks: { Summarization: 2 } });
  });
});
