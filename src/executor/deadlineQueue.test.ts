import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineQueue } from './deadlineQueue.js';

describe('DeadlineQueue', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('expires live attempts in start order with one timer, skipping ended ones', async () => {
    const live = new Set(['0#1', '1#1', '2#1']);
    const expired: string[] = [];
    const q = new DeadlineQueue(100, (n, t) => live.has(`${n}#${t}`), (n, t) => expired.push(`${n}#${t}@${performance.now()}`));
    q.add(0, 1);
    await vi.advanceTimersByTimeAsync(30);
    q.add(1, 1);
    await vi.advanceTimersByTimeAsync(30);
    q.add(2, 1);
    expect(vi.getTimerCount()).toBe(1);
    live.delete('1#1'); // attempt 1 ended in time
    await vi.advanceTimersByTimeAsync(500);
    expect(expired).toEqual(['0#1@100', '2#1@160']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not let a deadline added while expiring delay older ones', async () => {
    const expired: number[] = [];
    let q: DeadlineQueue;
    q = new DeadlineQueue(100, () => true, (n) => {
      expired.push(performance.now());
      if (n === 0) q.add(9, 1); // a retry started from the timeout handler
    });
    q.add(0, 1);
    await vi.advanceTimersByTimeAsync(1);
    q.add(1, 1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(expired).toEqual([100, 101, 200]);
  });

  it('clear() drops everything and the timer', async () => {
    const onExpire = vi.fn();
    const q = new DeadlineQueue(50, () => true, onExpire);
    q.add(0, 1);
    q.clear();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(onExpire).not.toHaveBeenCalled();
  });
});
