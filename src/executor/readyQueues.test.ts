import { describe, expect, it } from 'vitest';
import { ReadyQueues } from './readyQueues.js';

describe('ReadyQueues', () => {
  it('starts the oldest ready node whose provider has a free slot, so a full provider blocks no one else', () => {
    // Bucket 0: unlimited providers; bucket 1: a provider limited to 1.
    const q = new ReadyQueues([Number.POSITIVE_INFINITY, 1], 3, 10);
    q.push(0, 1);
    q.push(1, 1);
    q.push(2, 0);
    expect([q.take(), q.takenBucket]).toEqual([0, 1]);
    expect([q.take(), q.takenBucket]).toEqual([2, 0]);
    expect(q.take()).toBe(-1); // node 1 waits for bucket 1
    q.release(1);
    expect([q.take(), q.takenBucket]).toEqual([1, 1]);
    expect(q.runningCount).toBe(2);
  });

  it('never exceeds the global limit', () => {
    const q = new ReadyQueues([Number.POSITIVE_INFINITY], 2, 10);
    for (let i = 0; i < 5; i++) q.push(i, 0);
    expect([q.take(), q.take(), q.take()]).toEqual([0, 1, -1]);
    q.release(0);
    expect(q.take()).toBe(2);
  });

  it('keeps FIFO order through queue compaction', () => {
    const q = new ReadyQueues([Number.POSITIVE_INFINITY], Number.POSITIVE_INFINITY, 5000);
    const taken: number[] = [];
    for (let i = 0; i < 3000; i++) {
      q.push(i, 0);
      if (i % 3 === 2) taken.push(q.take(), q.take());
    }
    for (let v = q.take(); v >= 0; v = q.take()) taken.push(v);
    expect(taken).toEqual([...Array(3000).keys()]);
  });
});
