import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';

// This file runs in its own process (vitest pool: forks), so it can start the wasm backend.
beforeAll(async () => {
  const info = await initBackend({ prefer: 'wasm' });
  expect(info.name).toBe('wasm');
});

/** Reference product of row-major [batch, m, k] x [batch, k, n] in plain JS (float64). */
function reference(a: number[][][], b: number[][][]): number[][][] {
  return a.map((am, i) => am.map((row) => (b[i] as number[][])[0]!.map((_, j) => row.reduce((s, v, k) => s + v * ((b[i] as number[][])[k] as number[])[j]!, 0))));
}

const transposed = (m: number[][]): number[][] => (m[0] ?? []).map((_, j) => m.map((row) => row[j] as number));

describe('wasm BatchMatMul (transpose-first)', () => {
  it('matches a reference product for every combination of transposed operands', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.boolean(), fc.boolean(), fc.integer(), (batch, m, k, n, ta, tb, seed) => {
        let state = seed >>> 0;
        const rand = (): number => {
          state = (state * 1664525 + 1013904223) >>> 0;
          return state / 2 ** 32 - 0.5;
        };
        const make = (r: number, c: number): number[][][] => Array.from({ length: batch }, () => Array.from({ length: r }, () => Array.from({ length: c }, rand)));
        const a = make(m, k);
        const b = make(k, n);
        const want = reference(a, b);
        const aIn = ta ? a.map(transposed) : a;
        const bIn = tb ? b.map(transposed) : b;
        const got = tf.tidy(() => tf.matMul(tf.tensor3d(aIn), tf.tensor3d(bIn), ta, tb).arraySync()) as number[][][];
        got.forEach((mat, i) => mat.forEach((row, r) => row.forEach((v, c) => expect(Math.abs(v - want[i]![r]![c]!)).toBeLessThan(1e-5))));
      }),
      { numRuns: 60 },
    );
  });

  it('gives matMul the same gradients as the stock formulas, and frees its temporaries', () => {
    const a = tf.randomNormal([4, 4], 0, 1, 'float32', 3);
    const b = tf.randomNormal([4, 4], 0, 1, 'float32', 4);
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.matMul(x, y)))([a, b]) as [tf.Tensor, tf.Tensor];
    // d/dA sum(AB) = 1 B^T: each row is B's row sums; d/dB = A^T 1: each column is A's column sums.
    const rowSums = tf.tidy(() => tf.sum(b, 1).arraySync() as number[]);
    const colSums = tf.tidy(() => tf.sum(a, 0).arraySync() as number[]);
    (ga.arraySync() as number[][]).forEach((row) => row.forEach((v, j) => expect(v).toBeCloseTo(rowSums[j] as number, 4)));
    (gb.arraySync() as number[][]).forEach((row, i) => row.forEach((v) => expect(v).toBeCloseTo(colSums[i] as number, 4)));
    ga.dispose();
    gb.dispose();
    // The transposed copies live only in the backend (no tf.Tensor wraps them), so count its buffers.
    const backend = tf.engine().backend;
    const before = backend.numDataIds();
    tf.matMul(a, b, true, true).dispose();
    expect(backend.numDataIds()).toBe(before);
  });
});
