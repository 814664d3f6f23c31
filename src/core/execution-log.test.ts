import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan, RunResult } from '../types.js';
import { appendExecutionRecord, buildExecutionRecord, logFileFor, readRecentRecords } from './execution-log.js';

const plan: Plan = {
  instruction: 'transcribe a.wav',
  domain: 'huggingface',
  planner: { name: 'retrieval', version: '1', confidence: 0.8 },
  nodes: [{ id: 'node-0', task: 'Automatic Speech Recognition', deps: [], worker: 'sim/whisper-large-v3' }],
};

const result: RunResult = {
  status: 'succeeded',
  wallMs: 12,
  nodes: [
    {
      id: 'node-0',
      task: 'Automatic Speech Recognition',
      status: 'succeeded',
      worker: 'sim/whisper-large-v3',
      latencyMs: 11,
      costUsd: 0.001,
      attempts: 1,
      usage: { inputTokens: 10, outputTokens: 20 },
      output: 'x'.repeat(500) + ' key sk-abcdefghijklmnop',
    },
  ],
  totals: { costUsd: 0.001, inputTokens: 10, outputTokens: 20, criticalPathMs: 11, speedup: 0.9 },
};

describe('execution log', () => {
  it('writes one parseable line per run, summarised and redacted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orchestai-logs-'));
    const record = buildExecutionRecord({
      runId: 'r1',
      startedAt: new Date('2026-11-24T10:00:00Z'),
      finishedAt: new Date('2026-11-24T10:00:01Z'),
      instruction: plan.instruction ?? '',
      domain: 'huggingface',
      seed: 42,
      plan,
      result,
      outputSummaryChars: 600,
      secrets: ['sk-abcdefghijklmnop'],
    });
    const file = appendExecutionRecord(dir, record);
    appendExecutionRecord(dir, { ...record, runId: 'r2' });
    expect(file).toBe(logFileFor(dir, new Date('2026-11-24T10:00:01Z')));
    expect(readdirSync(dir)).toEqual(['executions_20261124.jsonl']);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const parsed = JSON.parse(lines[0] ?? '') as typeof record;
    expect(parsed.planner.name).toBe('retrieval');
    expect(parsed.plan.nodes[0]?.worker).toBe('sim/whisper-large-v3');
    expect(parsed.nodes[0]?.outputSummary).not.toContain('sk-abcdefghijklmnop');
    expect(parsed.totals.costUsd).toBeCloseTo(0.001);
    expect(readRecentRecords(dir, 1).map((r) => r.runId)).toEqual(['r2']);
  });

  it('truncates long outputs to the configured summary length', () => {
    const record = buildExecutionRecord({
      runId: 'r',
      startedAt: new Date(),
      finishedAt: new Date(),
      instruction: 'i',
      domain: 'd',
      seed: null,
      plan,
      result,
      outputSummaryChars: 50,
    });
    expect(record.nodes[0]?.outputSummary?.length).toBe(50);
  });
});
