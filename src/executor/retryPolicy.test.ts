import { describe, expect, it } from 'vitest';
import { isRetryable, NodeTimeoutError, retryAfterMs, retryDelayMs } from './retryPolicy.js';

const policy = { max: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

describe('retryDelayMs', () => {
  it('doubles from the base delay and caps at the maximum; jitter spans the upper half', () => {
    const low = () => 0;
    const high = () => 0.999_999;
    expect([1, 2, 3, 4, 5].map((r) => retryDelayMs(r, policy, low))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((r) => retryDelayMs(r, policy, high))).toEqual([100, 200, 400, 800, 1_000]);
  });

  it('never waits less than a retry-after floor, even above the cap', () => {
    expect(retryDelayMs(1, policy, () => 0.5, 5_000)).toBe(5_000);
    expect(retryDelayMs(3, policy, () => 0.5, 10)).toBe(300);
  });
});

describe('error protocol', () => {
  it('reads retryable and retryAfterMs structurally', () => {
    expect(isRetryable(Object.assign(new Error('x'), { retryable: true }))).toBe(true);
    expect(isRetryable({ retryable: 'yes' })).toBe(false);
    expect(isRetryable(new Error('plain'))).toBe(false);
    expect(isRetryable(undefined)).toBe(false);
    expect(retryAfterMs({ retryAfterMs: 1500 })).toBe(1500);
    expect(retryAfterMs({ retryAfterMs: -1 })).toBe(0);
    expect(retryAfterMs({ retryAfterMs: Number.NaN })).toBe(0);
    expect(retryAfterMs('nope')).toBe(0);
  });

  it('treats its own timeouts as retryable, named like DOM timeouts', () => {
    const err = new NodeTimeoutError(30);
    expect(isRetryable(err)).toBe(true);
    expect(err.name).toBe('TimeoutError');
    expect(err.message).toBe('timed out after 30 ms');
  });
});
