import { describe, expect, it } from 'vitest';
import { computeGae, normalize } from './gae.js';

describe('computeGae', () => {
  it('matches a hand-computed two-episode example', () => {
    // Episode A: 3 steps, episode B: 1 step. gamma 0.9, lambda 0.5.
    const rewards = [0, 0, 1, 0.5];
    const values = [0.2, 0.4, 0.6, 0.3];
    const dones = [false, false, true, true];
    const { advantages, returns } = computeGae({ rewards, values, dones, gamma: 0.9, lambda: 0.5 });
    // deltas: d2 = 1 - 0.6 = 0.4; d1 = 0 + 0.9*0.6 - 0.4 = 0.14; d0 = 0 + 0.9*0.4 - 0.2 = 0.16; d3 = 0.5 - 0.3 = 0.2
    // A2 = 0.4; A1 = 0.14 + 0.45*0.4 = 0.32; A0 = 0.16 + 0.45*0.32 = 0.304; A3 = 0.2
    const expected = [0.304, 0.32, 0.4, 0.2];
    expected.forEach((a, i) => expect(advantages[i]).toBeCloseTo(a, 10));
    expected.forEach((a, i) => expect(returns[i]).toBeCloseTo(a + (values[i] ?? 0), 10));
  });

  it('with lambda = 1 and gamma = 1 gives Monte-Carlo returns', () => {
    const { returns } = computeGae({ rewards: [1, 2, 3], values: [5, -1, 0.5], dones: [false, false, true], gamma: 1, lambda: 1 });
    expect(Array.from(returns)).toEqual([6, 5, 3]);
  });

  it('bootstraps from lastValue when the buffer ends mid-episode', () => {
    const { advantages } = computeGae({ rewards: [0], values: [0], dones: [false], lastValue: 2, gamma: 0.5, lambda: 1 });
    expect(advantages[0]).toBeCloseTo(1, 12);
  });

  it('rejects mismatched lengths', () => {
    expect(() => computeGae({ rewards: [1], values: [], dones: [true], gamma: 1, lambda: 1 })).toThrow(TypeError);
  });
});

describe('normalize', () => {
  it('gives zero mean and unit variance, and zeros for a constant batch', () => {
    const out = normalize([1, 2, 3, 4]);
    const mean = out.reduce((a, b) => a + b, 0) / 4;
    expect(mean).toBeCloseTo(0, 10);
    expect(out.reduce((a, b) => a + b * b, 0) / 4).toBeCloseTo(1, 5);
    expect(Array.from(normalize([3, 3]))).toEqual([0, 0]);
  });
});
