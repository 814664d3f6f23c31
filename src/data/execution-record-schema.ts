import { z } from 'zod';
import type { ExecutionRecord } from '../types.js';

/**
 * zod schema for one execution-log line (ExecutionRecord in src/types.ts).
 * Logs are external input (hand-edited, older versions, cut by a crash), so
 * `data prepare` validates each line before using it. Unknown keys are kept.
 */

const status = z.enum(['succeeded', 'failed', 'skipped', 'cancelled']);
const runStatus = z.enum(['succeeded', 'failed', 'cancelled']);
const count = z.number().finite().min(0);

export const executionRecordSchema = z
  .object({
    version: z.literal(1),
    runId: z.string().min(1),
    startedAt: z.string(),
    finishedAt: z.string(),
    instruction: z.string(),
    domain: z.string().min(1),
    seed: z.number().nullable(),
    planner: z.object({ name: z.string(), version: z.string(), confidence: z.number() }).passthrough(),
    plan: z.object({
      nodes: z.array(z.object({ id: z.string().min(1), task: z.string().min(1), deps: z.array(z.string()), worker: z.string() }).passthrough()),
    }),
    nodes: z.array(
      z
        .object({
          id: z.string(),
          task: z.string(),
          worker: z.string(),
          status,
          outputSummary: z.string().optional(),
          error: z.string().optional(),
          inputTokens: count,
          outputTokens: count,
          costUsd: count,
          latencyMs: count,
          attempts: count,
        })
        .passthrough(),
    ),
    totals: z
      .object({ status: runStatus, wallMs: count, criticalPathMs: count, speedup: z.number(), costUsd: count, inputTokens: count, outputTokens: count })
      .passthrough(),
    budgetUsd: z.number().optional(),
  })
  .passthrough();

/** Compile-time check that the schema's output fits the shared type. */
export type ParsedExecutionRecord = z.infer<typeof executionRecordSchema>;
const _fits = (r: ParsedExecutionRecord): ExecutionRecord => r;
void _fits;
