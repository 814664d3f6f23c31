import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { affineSimd, arenaFloats, createWeightArena } from './simd-affine.js';

function reference(x: Float32Array, w: Float32Array, out: number, b?: Float32Array): Float64Array {
  const y = new Float64Array(out);
  if (b) y.set(b);
  for (let i = 0; i < x.length; i++) for (let j = 0; j < out; j++) y[j] = (y[j] as number) + (x[i] as number) * (w[i * out + j] as number);
  return y;
}

describe('affineSimd (WebAssembly SIMD y = xW + b)', () => {
  it('this runtime (Node 20) has wasm SIMD', () => {
    expect(createWeightArena(16)).not.toBeNull();
  });

  it('matches a float64 reference for any shape with out a multiple of 4, bias or not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 40 }), fc.boolean(), fc.integer(), (n, quads, withBias, seed) => {
        const out = quads * 4;
        let state = seed >>> 0;
        const rand = (): number => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
        const arena = createWeightArena(arenaFloats([n * out, out]));
        if (!arena) throw new Error('no wasm SIMD');
        const w = arena.place(Float32Array.from({ length: n * out }, rand));
        const b = withBias ? arena.place(Float32Array.from({ length: out }, rand)) : undefined;
        const x = Float32Array.from({ length: n }, rand);
        const y = new Float32Array(out);
        expect(affineSimd(x, w, out, b, y)).toBe(true);
        const want = reference(x, w, out, b);
        for (let j = 0; j < out; j++) expect(Math.abs((y[j] as number) - (want[j] as number))).toBeLessThan(1e-4);
      }),
      { numRuns: 60 },
    );
  });

  it('declines (writes nothing) for a kernel outside an arena, a width not a multiple of 4 or a shape that does not fit', () => {
    const arena = createWeightArena(64);
    if (!arena) throw new Error('no wasm SIMD');
    const y = new Float32Array(8).fill(7);
    expect(affineSimd(new Float32Array(2), new Float32Array(16), 8, undefined, y)).toBe(false);
    expect(affineSimd(new Float32Array(2), arena.place(new Float32Array(6)), 3, undefined, y)).toBe(false);
    expect(affineSimd(new Float32Array(3), arena.place(new Float32Array(16)), 8, undefined, y)).toBe(false);
    expect(Array.from(y)).toEqual(new Array(8).fill(7));
    expect(() => arena.alloc(20000)).toThrow(/arena full/);
  });
});
