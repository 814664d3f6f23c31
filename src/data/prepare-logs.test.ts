import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExecutionRecord } from '../types.js';
import { prepareFromLogs, recordToExample } from './prepare-logs.js';

const node = (id: string, task: string, worker: string) => ({ id, task, worker, status: 'succeeded' as const, inputTokens: 1, outputTokens: 2, costUsd: 0.001, latencyMs: 10, attempts: 1 });

function record(runId: string, status: 'succeeded' | 'failed' | 'cancelled' = 'succeeded'): ExecutionRecord {
  return {
    version: 1,
    runId,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.500Z',
    instruction: `instruction ${runId}`,
    domain: 'huggingface',
    seed: 42,
    planner: { name: 'retrieval', version: 'tfidf-1', confidence: 0.8 },
    plan: {
      nodes: [
        { id: 'node-0', task: 'Translation', deps: [], worker: 'planned-a' },
        { id: 'node-1', task: 'Summarization', deps: ['node-0'], worker: 'planned-b' },
      ],
    },
    nodes: [node('node-0', 'Translation', 'gpt-4o-mini'), node('node-1', 'Summarization', 'fallback-b')],
    totals: { status, wallMs: 1500, criticalPathMs: 20, speedup: 1, costUsd: 0.002, inputTokens: 2, outputTokens: 4 },
  };
}

describe('recordToExample', () => {
  it('maps plan order, deps and executed workers, with wall time in seconds', () => {
    expect(recordToExample(record('r1', 'failed'))).toEqual({
      id: 'r1',
      domain: 'huggingface',
      instruction: 'instruction r1',
      targets: { task_types: ['Translation', 'Summarization'], dependencies: [[0, 1]], model_selections: ['gpt-4o-mini', 'fallback-b'] },
      rewards: { success: 0, cost: 0.002, latency: 1.5 },
    });
  });
});

describe('prepareFromLogs', () => {
  it('reads every log file, skips cancelled runs and reports malformed lines with file:line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orchestai-logs-'));
    writeFileSync(join(dir, 'executions_20260101.jsonl'), [JSON.stringify(record('a')), '{"version": 1, "runId": "cut', JSON.stringify(record('b', 'cancelled'))].join('\n') + '\n');
    writeFileSync(join(dir, 'executions_20260102.jsonl'), [JSON.stringify({ ...record('c'), totals: { status: 'weird' } }), JSON.stringify(record('d'))].join('\n'));
    writeFileSync(join(dir, 'other.txt'), 'ignored');
    const { examples, issues, report } = prepareFromLogs(dir);
    expect(examples.map((e) => e.id)).toEqual(['a', 'd']);
    expect(issues.map((i) => [i.file.endsWith('executions_20260101.jsonl') ? 1 : 2, i.line])).toEqual([[1, 2], [2, 1]]);
    expect(issues[1]?.reason).toMatch(/totals/);
    expect(report).toMatchObject({ files: 2, lines: 5, examples: 2, malformed: 2, cancelled: 1, byDomain: { huggingface: 2 } });
  });

  it('throws a UserError for a missing path', () => {
    expect(() => prepareFromLogs('/nonexistent/logs')).toThrow(/not found/);
  });
});
