import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { ExecutionRecord, TrainingExample } from '../types.js';
import { executionRecordSchema } from './execution-record-schema.js';
import { parseJsonl, readTextFile } from './jsonl.js';

/**
 * Execution logs to TrainingExamples (the seed's training format), for
 * learning from the system's own runs:
 * - targets: the executed plan's task types in node order, its dependencies as
 *   [parentIndex, childIndex], and the worker each node ended up on (after
 *   any fallback; the planned worker when the node never started);
 * - rewards: success 1 when the run succeeded, else 0; cost in USD; latency
 *   as the run's wall time in SECONDS (the unit of the Phase 2 `latency_s`).
 * Cancelled runs (the user stopped them) and runs with an empty plan say
 * nothing about plan quality and are skipped; lines that are not valid
 * records are skipped and reported with file:line.
 */

export interface LogIssue {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

export interface PrepareReport {
  readonly files: number;
  readonly lines: number;
  readonly examples: number;
  readonly malformed: number;
  readonly cancelled: number;
  readonly emptyPlans: number;
  readonly byDomain: Record<string, number>;
}

export function recordToExample(record: ExecutionRecord): TrainingExample | null {
  const nodes = record.plan.nodes;
  if (nodes.length === 0) return null;
  const index = new Map(nodes.map((n, i) => [n.id, i] as const));
  const executed = new Map(record.nodes.map((n) => [n.id, n] as const));
  const dependencies: [number, number][] = [];
  nodes.forEach((n, child) => {
    for (const dep of n.deps) {
      const parent = index.get(dep);
      if (parent !== undefined) dependencies.push([parent, child]);
    }
  });
  return {
    id: record.runId,
    domain: record.domain,
    instruction: record.instruction,
    targets: {
      task_types: nodes.map((n) => n.task),
      dependencies,
      model_selections: nodes.map((n) => executed.get(n.id)?.worker || n.worker),
    },
    rewards: {
      success: record.totals.status === 'succeeded' ? 1 : 0,
      cost: record.totals.costUsd,
      latency: record.totals.wallMs / 1000,
    },
  };
}

/** The `executions_*.jsonl` files of a log directory in date order, or the one file given. */
export function listLogFiles(path: string): string[] {
  if (!existsSync(path)) throw new UserError(`execution logs not found: ${path}`);
  if (statSync(path).isFile()) return [path];
  return readdirSync(path)
    .filter((f) => /^executions_.*\.jsonl$/.test(f))
    .sort()
    .map((f) => join(path, f));
}

export function prepareFromLogs(path: string, options: { readonly domain?: string } = {}): { examples: TrainingExample[]; issues: LogIssue[]; report: PrepareReport } {
  const files = listLogFiles(path);
  const examples: TrainingExample[] = [];
  const issues: LogIssue[] = [];
  const byDomain: Record<string, number> = {};
  let lines = 0;
  let cancelled = 0;
  let emptyPlans = 0;
  for (const file of files) {
    for (const entry of parseJsonl(readTextFile(file))) {
      lines++;
      if (!entry.ok) {
        issues.push({ file, line: entry.line, reason: entry.error });
        continue;
      }
      const parsed = executionRecordSchema.safeParse(entry.value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        issues.push({ file, line: entry.line, reason: `not an execution record: ${issue?.path.map(String).join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` });
        continue;
      }
      const record = parsed.data;
      if (options.domain && record.domain !== options.domain) continue;
      if (record.totals.status === 'cancelled') {
        cancelled++;
        continue;
      }
      const example = recordToExample(record);
      if (!example) {
        emptyPlans++;
        continue;
      }
      byDomain[record.domain] = (byDomain[record.domain] ?? 0) + 1;
      examples.push(example);
    }
  }
  return { examples, issues, report: { files: files.length, lines, examples: examples.length, malformed: issues.length, cancelled, emptyPlans, byDomain } };
}
