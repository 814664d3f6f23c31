import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutionRecord, Plan, PlannerInfo, RunResult } from '../types.js';
import { redactSecrets } from './redact.js';

export function logFileFor(dir: string, when: Date): string {
  const y = when.getUTCFullYear();
  const m = String(when.getUTCMonth() + 1).padStart(2, '0');
  const d = String(when.getUTCDate()).padStart(2, '0');
  return join(dir, `executions_${y}${m}${d}.jsonl`);
}

function summarize(value: unknown, maxChars: number): string | undefined {
  if (value === undefined || maxChars === 0) return undefined;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === undefined) return undefined;
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

export interface RecordInput {
  readonly runId: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly instruction: string;
  readonly domain: string;
  readonly seed: number | null;
  readonly plan: Plan;
  readonly result: RunResult;
  readonly budgetUsd?: number | null;
  readonly outputSummaryChars: number;
  readonly secrets?: readonly string[];
}

const UNKNOWN_PLANNER: PlannerInfo = { name: 'unknown', version: '0', confidence: 0 };

export function buildExecutionRecord(input: RecordInput): ExecutionRecord {
  const clean = (text: string | undefined): string | undefined => (text === undefined ? undefined : redactSecrets(text, input.secrets));
  const byId = new Map(input.result.nodes.map((n) => [n.id, n] as const));
  return {
    version: 1,
    runId: input.runId,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    instruction: redactSecrets(input.instruction, input.secrets),
    domain: input.domain,
    seed: input.seed,
    planner: input.plan.planner ?? UNKNOWN_PLANNER,
    plan: {
      nodes: input.plan.nodes.map((n) => ({ id: n.id, task: n.task, deps: [...n.deps], worker: byId.get(n.id)?.worker || n.worker || '' })),
    },
    nodes: input.result.nodes.map((n) => {
      const outputSummary = clean(summarize(n.output, input.outputSummaryChars));
      const error = clean(n.error);
      return {
        id: n.id,
        task: n.task,
        worker: n.worker,
        status: n.status,
        ...(outputSummary !== undefined ? { outputSummary } : {}),
        ...(error !== undefined ? { error } : {}),
        inputTokens: n.usage.inputTokens,
        outputTokens: n.usage.outputTokens,
        costUsd: n.costUsd,
        latencyMs: n.latencyMs,
        attempts: n.attempts,
      };
    }),
    totals: {
      status: input.result.status,
      wallMs: input.result.wallMs,
      criticalPathMs: input.result.totals.criticalPathMs,
      speedup: input.result.totals.speedup,
      costUsd: input.result.totals.costUsd,
      inputTokens: input.result.totals.inputTokens,
      outputTokens: input.result.totals.outputTokens,
    },
    ...(input.budgetUsd != null ? { budgetUsd: input.budgetUsd } : {}),
  };
}

/**
 * Appends one record as one line with a single O_APPEND write, so concurrent
 * runs never interleave and a killed process leaves no partial line.
 */
export function appendExecutionRecord(dir: string, record: ExecutionRecord): string {
  mkdirSync(dir, { recursive: true });
  const file = logFileFor(dir, new Date(record.finishedAt));
  appendFileSync(file, `${JSON.stringify(record)}\n`, { encoding: 'utf8', flag: 'a' });
  return file;
}

/** Most recent records across the log files, newest last; unparseable lines are skipped. */
export function readRecentRecords(dir: string, limit: number): ExecutionRecord[] {
  if (!existsSync(dir) || limit <= 0) return [];
  const files = readdirSync(dir)
    .filter((f) => /^executions_\d{8}\.jsonl$/.test(f))
    .sort()
    .reverse();
  const out: ExecutionRecord[] = [];
  for (const f of files) {
    const lines = readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).reverse();
    for (const line of lines) {
      try {
        out.push(JSON.parse(line) as ExecutionRecord);
      } catch {
        continue;
      }
      if (out.length >= limit) return out.reverse();
    }
  }
  return out.reverse();
}
