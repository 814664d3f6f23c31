import { describe, expect, it } from 'vitest';
import { bucketedBatches, shuffled } from './rng.js';

describe('bucketedBatches', () => {
  const lengths = Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 97) + 3);

  it('uses every sample exactly once, in batches of at most the batch size', () => {
    const batches = bucketedBatches(shuffled(lengths.length, 1), lengths, 32, 2);
    const seen = batches.flat().sort((a, b) => a - b);
    expect(seen).toEqual(lengths.map((_, i) => i));
    for (const b of batches) expect(b.length).toBeLessThanOrEqual(32);
    expect(batches.length).toBe(Math.ceil(lengths.length / 32));
  });

  it('groups similar lengths, so batches pad much less than random ones', () => {
    const spread = (batches: number[][]): number => batches.reduce((s, b) => s + Math.max(...b.map((i) => lengths[i] as number)) - Math.min(...b.map((i) => lengths[i] as number)), 0) / batches.length;
    const order = shuffled(lengths.length, 3);
    const random = Array.from({ length: Math.ceil(order.length / 32) }, (_, k) => order.slice(k * 32, k * 32 + 32));
    expect(spread(bucketedBatches(order, lengths, 32, 4))).toBeLessThan(spread(random) / 4);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const order = shuffled(lengths.length, 5);
    expect(bucketedBatches(order, lengths, 32, 6)).toEqual(bucketedBatches(order, lengths, 32, 6));
    expect(bucketedBatches(order, lengths, 32, 6)).not.toEqual(bucketedBatches(order, lengths, 32, 7));
  });
});
