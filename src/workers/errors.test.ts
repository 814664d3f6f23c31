import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkerError, abortError, isRetryableStatus, parseRetryAfterMs } from './errors.js';

describe('isRetryableStatus', () => {
  it('retries 408, 409, 429 and every 5xx, nothing else', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), (status) => {
        expect(isRetryableStatus(status)).toBe(status === 408 || status === 409 || status === 429 || status >= 500);
      }),
    );
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads seconds, HTTP dates and retry-after-ms (which wins)', () => {
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }), now)).toBe(7000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }), now)).toBe(0);
    expect(parseRetryAfterMs({ 'Retry-After-Ms': '120', 'retry-after': '9' }, now)).toBe(120);
  });
  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfterMs(undefined)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers(), now)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
  });
});

describe('WorkerError', () => {
  it('is recognised structurally and keeps its fields', () => {
    const err = new WorkerError('x', { provider: 'sim', kind: 'rate-limit', retryable: true, status: 429, retryAfterMs: 10 });
    expect(WorkerError.isInstance(err)).toBe(true);
    expect(WorkerError.isInstance(new Error('x'))).toBe(false);
    expect(err).toMatchObject({ retryable: true, retryAfterMs: 10, status: 429, provider: 'sim' });
  });
  it('tells a timeout abort (retryable) from a cancellation (not)', () => {
    const timeout = new AbortController();
    timeout.abort(new DOMException('t', 'TimeoutError'));
    expect(abortError('sim', timeout.signal)).toMatchObject({ kind: 'timeout', retryable: true });
    const cancel = new AbortController();
    cancel.abort();
    expect(abortError('sim', cancel.signal)).toMatchObject({ kind: 'aborted', retryable: false });
  });
});
