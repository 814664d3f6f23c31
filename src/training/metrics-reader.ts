/**
 * Parsing of a training run's metrics.jsonl, shared by the monitor, the
 * training dashboard and ensemble training (which reads its members' runs). Lines are validated with zod; a bad line is counted and
 * skipped, never thrown, because the file is written by another process and a
 * half-written or foreign line must not take the monitor down.
 */
import { StringDecoder } from 'node:string_decoder';
import { z } from 'zod';
import type { MetricsLine } from '../types.js';

const finite = z.number().finite();

export const metricsLineSchema = z.object({
  kind: z.enum(['start', 'step', 'epoch', 'checkpoint', 'info', 'done']),
  phase: z.enum(['phase1', 'phase2']),
  t: z.string(),
  elapsed_s: finite,
  epoch: finite.optional(),
  total_epochs: finite.optional(),
  step: finite.optional(),
  total_steps: finite.optional(),
  // A NaN loss is written as null by JSON.stringify: keep the line, drop the value.
  metrics: z
    .record(z.string(), z.union([z.number(), z.null()]))
    .transform((m) => Object.fromEntries(Object.entries(m).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]))))
    .optional(),
  message: z.string().optional(),
  path: z.string().optional(),
});

/** Parses one line; null for blank, non-JSON or invalid lines. */
export function parseMetricsLine(text: string): MetricsLine | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return null;
  }
  const parsed = metricsLineSchema.safeParse(json);
  if (!parsed.success) return null;
  const { metrics, ...rest } = parsed.data;
  const line: MetricsLine = { ...stripUndefined(rest), ...(metrics ? { metrics } : {}) };
  return line;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export interface ParsedMetrics {
  readonly lines: MetricsLine[];
  /** Non-blank lines that were not valid MetricsLines. */
  readonly malformed: number;
}

/** Whole-file parse (for `--once` and tests). A last line without a newline is accepted: the file may be complete. */
export function parseMetricsText(text: string): ParsedMetrics {
  const lines: MetricsLine[] = [];
  let malformed = 0;
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    const line = parseMetricsLine(raw);
    if (line) lines.push(line);
    else malformed += 1;
  }
  return { lines, malformed };
}

/**
 * Splits a byte stream into complete lines, holding back a trailing partial
 * line (a writer caught mid-line) and multi-byte characters split across reads.
 */
export class LineSplitter {
  private decoder = new StringDecoder('utf8');
  private partial = '';

  push(chunk: Buffer | string): string[] {
    const text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    return parts.map((p) => (p.endsWith('\r') ? p.slice(0, -1) : p));
  }

  /** The held-back partial line, if any, e.g. when the writer finished without a final newline. */
  pending(): string {
    return this.partial;
  }

  reset(): void {
    this.decoder = new StringDecoder('utf8');
    this.partial = '';
  }
}
