import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { UserError } from '../errors.js';
import type { RunEvent, Worker } from '../types.js';

export interface RetryOptions {
  /** Retries per worker after its first try (so each candidate worker gets `max + 1` tries). @default 2 */
  readonly max?: number;
  /** Delay before the first retry; doubles on each further retry. @default 250 */
  readonly baseDelayMs?: number;
  /** Cap on the exponential delay (a worker's `retryAfterMs` may exceed it). @default 8000 */
  readonly maxDelayMs?: number;
}

export interface ExecuteOptions {
  /** Workers the plan's nodes run on; order matters when a node names no worker. */
  readonly workers: readonly Worker[];
  /** Most nodes running at once, over all providers. `Infinity` for no limit. @default 8 */
  readonly concurrency?: number;
  /** Most nodes running at once per `Worker.provider`; providers not listed are only bound by `concurrency`. @default {} */
  readonly perProviderConcurrency?: Readonly<Record<string, number>>;
  /** Per-attempt time limit; a timeout aborts the attempt's signal and counts as a retryable error. @default Infinity */
  readonly timeoutMs?: number;
  readonly retries?: RetryOptions;
  /** After a worker's retries (or on a non-retryable error), try the node's next candidate worker. @default true */
  readonly fallback?: boolean;
  /** Cancels the run: finished nodes are kept, the rest are reported cancelled. */
  readonly signal?: AbortSignal;
  /** Called synchronously for every event; must not throw (if it does, the run is cancelled and the error rethrown). */
  readonly onEvent?: (event: RunEvent) => void;
  /** @default a random UUID */
  readonly runId?: string;
  /** Passed to workers in `WorkerCall.instruction`. @default plan.instruction */
  readonly instruction?: string;
  /** Source of jitter in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Monotonic clock in ms, for timings. @default performance.now */
  readonly now?: () => number;
}

export interface ResolvedOptions {
  readonly workers: readonly Worker[];
  readonly concurrency: number;
  readonly perProviderConcurrency: Readonly<Record<string, number>>;
  readonly timeoutMs: number;
  readonly retries: Required<RetryOptions>;
  readonly fallback: boolean;
  readonly signal: AbortSignal | undefined;
  readonly onEvent: ((event: RunEvent) => void) | undefined;
  readonly runId: string;
  readonly instruction: string | undefined;
  readonly random: () => number;
  readonly now: () => number;
}

const positiveOrInfinite = z.union([z.number().positive(), z.literal(Number.POSITIVE_INFINITY)]);
const limit = z.union([z.number().int().min(1), z.literal(Number.POSITIVE_INFINITY)]);
const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'expected a function');

// Only the plain-data options are checked here; workers are checked against the plan in compilePlan.
const optionsSchema = z.object({
  workers: z.array(z.unknown()),
  concurrency: limit.default(8),
  perProviderConcurrency: z.record(z.string(), limit).default({}),
  timeoutMs: positiveOrInfinite.default(Number.POSITIVE_INFINITY),
  retries: z
    .object({
      max: z.number().int().min(0).default(2),
      baseDelayMs: z.number().min(0).default(250),
      maxDelayMs: z.number().min(0).default(8_000),
    })
    .prefault({}),
  fallback: z.boolean().default(true),
  signal: z.custom<AbortSignal>((v) => v instanceof AbortSignal, 'expected an AbortSignal').optional(),
  onEvent: fn.optional(),
  runId: z.string().min(1).optional(),
  instruction: z.string().optional(),
  random: fn.optional(),
  now: fn.optional(),
});

/** Fills defaults and rejects bad option values with a UserError naming the option. */
export function resolveOptions(options: ExecuteOptions, planInstruction: string | undefined): ResolvedOptions {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`);
    throw new UserError(`Invalid executor options: ${problems.join('; ')}`);
  }
  const o = parsed.data;
  return {
    workers: options.workers,
    concurrency: o.concurrency,
    perProviderConcurrency: o.perProviderConcurrency,
    timeoutMs: o.timeoutMs,
    retries: o.retries,
    fallback: o.fallback,
    signal: options.signal,
    onEvent: options.onEvent,
    runId: options.runId ?? randomUUID(),
    instruction: options.instruction ?? planInstruction,
    random: options.random ?? Math.random,
    now: options.now ?? (() => performance.now()),
  };
}
