import { createHash } from 'node:crypto';

export interface SplitOptions {
  /** Different seeds give independent splits. */
  readonly seed: number | string;
  /** Share of samples in validation, in [0, 1]. */
  readonly valFraction: number;
  /**
   * Share of the non-validation samples set aside for calibration (choosing
   * decoding weights and thresholds), drawn by an independent hash. @default 0
   */
  readonly calibrationFraction?: number;
}

export interface Split<T> {
  readonly train: T[];
  readonly validation: T[];
  /** Empty unless `calibrationFraction` > 0; never overlaps train or validation. */
  readonly calibration: T[];
}

/**
 * A sample's position in [0, 1) from a hash of seed and id. Each sample's side
 * depends only on its own id, so adding or removing samples never moves the
 * others between train and validation.
 */
export function hashUnit(seed: number | string, id: string): number {
  const digest = createHash('sha256').update(`${seed}\u0000${id}`).digest();
  // 48 bits are exact in a double and plenty to spread a few thousand ids.
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** Deterministic train/validation split by id; input order is kept within each side. */
export function splitByHash<T extends { readonly id: string }>(samples: readonly T[], options: SplitOptions): Split<T> {
  const { seed, valFraction, calibrationFraction = 0 } = options;
  if (!(valFraction >= 0 && valFraction <= 1)) throw new RangeError(`valFraction must be in [0, 1], got ${valFraction}`);
  if (!(calibrationFraction >= 0 && calibrationFraction <= 1)) throw new RangeError(`calibrationFraction must be in [0, 1], got ${calibrationFraction}`);
  const train: T[] = [];
  const validation: T[] = [];
  const calibration: T[] = [];
  for (const s of samples) {
    if (hashUnit(seed, s.id) < valFraction) validation.push(s);
    // A second, independent hash: the validation side is exactly what it was without calibration.
    else if (calibrationFraction > 0 && hashUnit(`${seed}/calibration`, s.id) < calibrationFraction) calibration.push(s);
    else train.push(s);
  }
  return { train, validation, calibration };
}
