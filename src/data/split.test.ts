import { describe, expect, it } from 'vitest';
import { splitByHash } from './split.js';

const samples = Array.from({ length: 2000 }, (_, i) => ({ id: `s${i}` }));

describe('splitByHash', () => {
  it('is deterministic and near the requested fraction', () => {
    const a = splitByHash(samples, { seed: 7, valFraction: 0.1 });
    const b = splitByHash(samples, { seed: 7, valFraction: 0.1 });
    expect(a).toEqual(b);
    expect(a.validation.length).toBeGreaterThan(140);
    expect(a.validation.length).toBeLessThan(260);
    expect(a.train.length + a.validation.length).toBe(2000);
  });

  it('does not move existing samples when new ones are added', () => {
    const before = splitByHash(samples.slice(0, 1000), { seed: 1, valFraction: 0.2 });
    const after = splitByHash([...samples.slice(0, 1000), ...samples.slice(1000)], { seed: 1, valFraction: 0.2 });
    const val = new Set(after.validation.map((s) => s.id));
    expect(before.validation.every((s) => val.has(s.id))).toBe(true);
    expect(before.train.some((s) => val.has(s.id))).toBe(false);
  });

  it('gives different splits for different seeds and rejects bad fractions', () => {
    const a = splitByHash(samples, { seed: 1, valFraction: 0.5 }).validation.map((s) => s.id);
    const b = splitByHash(samples, { seed: 2, valFraction: 0.5 }).validation.map((s) => s.id);
    expect(a).not.toEqual(b);
    expect(() => splitByHash(samples, { seed: 1, valFraction: 1.5 })).toThrow(RangeError);
  });
});
