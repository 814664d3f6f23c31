/**
 * Seeded random numbers for Phase 2. Everything random in training and
 * evaluation (weight init, sampling, shuffles, episode draws) goes through
 * one of these so a fixed seed gives the same run bit for bit.
 */
import { seededRandom } from '../../data/random.js';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  normal(): number;
  /** A new generator whose stream does not overlap this one in practice. */
  fork(): Rng;
}

export function createRng(seed: number): Rng {
  const u = seededRandom(seed);
  const rng: Rng = {
    next: u,
    int: (n) => Math.min(n - 1, Math.floor(u() * n)),
    normal: () => {
      // Box-Muller; 1 - u keeps the log argument away from 0.
      const a = 1 - u();
      const b = u();
      return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * b);
    },
    fork: () => createRng(Math.floor(u() * 4294967296) ^ 0x9e3779b9),
  };
  return rng;
}

/** Fisher-Yates, in place. */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}

/** Samples an index from unnormalised non-negative weights. */
export function sampleIndex(weights: ArrayLike<number>, rng: Rng): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i] ?? 0;
  let r = rng.next() * total;
  let last = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] ?? 0;
    if (w <= 0) continue;
    last = i;
    r -= w;
    if (r < 0) return i;
  }
  return last;
}
