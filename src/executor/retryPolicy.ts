import { errorMessage } from '../errors.js';
import type { RetryOptions } from './options.js';

/**
 * The error protocol with workers is structural, so any worker library can
 * take part: an error is retryable when it has `retryable === true` and may
 * ask for a minimum wait with `retryAfterMs`.
 */

/** What a per-node timeout aborts the attempt's signal with; retryable like any timeout. */
export class NodeTimeoutError extends Error {
  readonly retryable = true;
  constructor(timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
    // Same name as DOM timeouts, so workers that tell timeouts from cancellations by name (src/workers) see one.
    this.name = 'TimeoutError';
  }
}

export function isRetryable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { retryable?: unknown }).retryable === true;
}

export function retryAfterMs(err: unknown): number {
  const ms = typeof err === 'object' && err !== null ? (err as { retryAfterMs?: unknown }).retryAfterMs : undefined;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/** Latency a failed simulated call stood for, when the worker says so. */
export function simulatedLatencyOf(value: unknown): number | undefined {
  const ms = typeof value === 'object' && value !== null ? (value as { simulatedLatencyMs?: unknown }).simulatedLatencyMs : undefined;
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/**
 * What a failed attempt was billed, when the error says (a provider bills an
 * answer it returned even if the answer was unusable).
 */
export function billedOf(err: unknown): { costUsd: number; inputTokens: number; outputTokens: number } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { costUsd?: unknown; usage?: { inputTokens?: unknown; outputTokens?: unknown } };
  const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);
  const billed = { costUsd: num(e.costUsd), inputTokens: num(e.usage?.inputTokens), outputTokens: num(e.usage?.outputTokens) };
  return billed.costUsd || billed.inputTokens || billed.outputTokens ? billed : undefined;
}

export function describeError(err: unknown): string {
  return errorMessage(err) || 'unknown error';
}

/**
 * Delay before retry number `retry` (1 for the first retry): exponential from
 * `baseDelayMs`, capped at `maxDelayMs`, with "equal jitter" (half fixed, half
 * random) so retries still back off while parallel nodes spread apart. A
 * worker's `retryAfterMs` is a floor, even above the cap.
 */
export function retryDelayMs(retry: number, policy: Required<RetryOptions>, random: () => number, floorMs = 0): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = exp / 2 + (random() * exp) / 2;
  return Math.round(Math.max(floorMs, jittered));
}
