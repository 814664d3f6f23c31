import type { TokenUsage } from '../types.js';

/**
 * Typed worker errors. The executor reads `retryable` and `retryAfterMs`
 * structurally (any error with those fields works), so keep the names.
 */

export type WorkerErrorKind =
  | 'http' // the provider answered with an error status
  | 'network' // no answer: connection refused, reset, DNS
  | 'timeout' // the call took longer than allowed
  | 'aborted' // the caller cancelled
  | 'rate-limit' // 429
  | 'unusable-output' // the model answered but the result cannot be used
  | 'invalid-response'; // the answer did not have the expected shape

export interface WorkerErrorOptions {
  readonly provider: string;
  readonly kind: WorkerErrorKind;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  /** For simulated workers: how long the failed call stood for, in ms. */
  readonly simulatedLatencyMs?: number;
  /** What the failed call was billed (a model that answered uselessly still costs). */
  readonly costUsd?: number;
  readonly usage?: TokenUsage;
  readonly cause?: unknown;
}

export class WorkerError extends Error {
  readonly provider: string;
  readonly kind: WorkerErrorKind;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly simulatedLatencyMs?: number;
  readonly costUsd?: number;
  readonly usage?: TokenUsage;

  constructor(message: string, options: WorkerErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WorkerError';
    this.provider = options.provider;
    this.kind = options.kind;
    this.retryable = options.retryable;
    if (options.status !== undefined) this.status = options.status;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.simulatedLatencyMs !== undefined) this.simulatedLatencyMs = options.simulatedLatencyMs;
    if (options.costUsd !== undefined) this.costUsd = options.costUsd;
    if (options.usage !== undefined) this.usage = options.usage;
  }

  /** Works across module copies, where `instanceof` would not. */
  static isInstance(err: unknown): err is WorkerError {
    return (
      err instanceof Error &&
      err.name === 'WorkerError' &&
      typeof (err as WorkerError).retryable === 'boolean' &&
      typeof (err as WorkerError).provider === 'string'
    );
  }
}

/** 408 request timeout, 409 conflict (lock contention), 429 rate limit and every 5xx are worth retrying. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Header lookup over a fetch `Headers` or a plain record (any case). */
type HeaderSource = { get(name: string): string | null } | Readonly<Record<string, string | string[] | undefined>>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Readonly<Record<string, string | string[] | undefined>>;
  for (const [key, value] of Object.entries(record)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/**
 * How long the server asked us to wait: `retry-after-ms` (OpenAI, Azure), else
 * `retry-after` as seconds or as an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfterMs(headers: HeaderSource | undefined, nowMs: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = header(headers, 'retry-after')?.trim();
  if (!after) return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Number(after) * 1000;
  const date = Date.parse(after);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * The error to reject with when the call's signal fired: a timeout (the
 * signal's reason is a `TimeoutError`, as from `AbortSignal.timeout`) is
 * retryable, a user cancellation is not.
 */
export function abortError(provider: string, signal: AbortSignal, simulatedLatencyMs?: number): WorkerError {
  const reason: unknown = signal.reason;
  const isTimeout = reason instanceof Error && reason.name === 'TimeoutError';
  return new WorkerError(isTimeout ? `${provider} call timed out` : `${provider} call was cancelled`, {
    provider,
    kind: isTimeout ? 'timeout' : 'aborted',
    retryable: isTimeout,
    cause: reason,
    ...(simulatedLatencyMs === undefined ? {} : { simulatedLatencyMs }),
  });
}
