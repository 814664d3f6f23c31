import { seededRandom } from '../../data/random.js';

export { seededRandom };

export function shuffled(count: number, seed: number): number[] {
  const rand = seededRandom(seed);
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

/**
 * Mini-batches of indices with little padding: the shuffled `order` is cut
 * into pools of `poolBatches` batches, each pool is sorted by `lengths`, cut
 * into batches, and the batches are shuffled. Batches then pad to a similar
 * length (makeBatch trims to the longest), while which samples meet in a
 * batch still changes every epoch with the shuffle.
 */
export function bucketedBatches(order: readonly number[], lengths: readonly number[], batchSize: number, seed: number, poolBatches = 16): number[][] {
  const batches: number[][] = [];
  const pool = batchSize * poolBatches;
  for (let p = 0; p < order.length; p += pool) {
    const sorted = order.slice(p, p + pool).sort((a, b) => (lengths[a] as number) - (lengths[b] as number) || a - b);
    for (let s = 0; s < sorted.length; s += batchSize) batches.push(sorted.slice(s, s + batchSize));
  }
  return shuffled(batches.length, seed).map((i) => batches[i] as number[]);
}
