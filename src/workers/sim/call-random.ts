import { createHash } from 'node:crypto';

/**
 * Randomness for one simulated call, derived from a hash of what identifies
 * the call rather than from a shared stream: the executor runs nodes in
 * parallel, so a shared stream would make results depend on scheduling.
 */
export interface CallRandom {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** Lognormal with median 1: exp(sigma * N(0, 1)). */
  lognormal(sigma: number): number;
}

export function callRandom(parts: readonly (string | number)[]): CallRandom {
  const digest = createHash('sha256').update(JSON.stringify(parts)).digest();
  // sfc32: small, fast, good enough for simulation, seeded with 128 bits of the digest.
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const normal = (): number => {
    // Box-Muller; 1 - u keeps the log argument in (0, 1].
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return { uniform: next, normal, lognormal: (sigma) => Math.exp(sigma * normal()) };
}
