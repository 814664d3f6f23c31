import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { computeGae } from './gae.js';
import { ActorCritic, softmax } from './policy-net.js';
import { ppoUpdate, type Decision } from './ppo.js';
import { createRng, sampleIndex } from './rng.js';

/** A 4-armed Bernoulli bandit; arm 2 is best. Arms are told apart only by a one-hot feature row. */
const armMeans = [0.2, 0.5, 0.8, 0.35];
const arms = armMeans.map((_, i) => Float32Array.from(armMeans.map((__, j) => (i === j ? 1 : 0))));
const state = Float32Array.from([1, 0]);

function train(seed: number, iterations: number): { probs: number[]; kl: number } {
  const rng = createRng(seed);
  const net = ActorCritic.create({ stateDim: 2, workerDim: 4, hidden: 16 }, rng);
  const opt = tf.train.adam(0.01);
  let kl = 0;
  for (let it = 0; it < iterations; it++) {
    const decisions: Decision[] = [];
    const rewards: number[] = [];
    for (let e = 0; e < 64; e++) {
      const { logits, value } = net.forward(state, arms);
      const p = softmax(logits);
      const a = sampleIndex(p, rng);
      decisions.push({ state, workers: arms, action: a, logProb: Math.log(p[a] ?? 1), value });
      rewards.push(rng.next() < (armMeans[a] ?? 0) ? 1 : 0);
    }
    const { advantages, returns } = computeGae({
      rewards,
      values: decisions.map((d) => d.value),
      dones: decisions.map(() => true),
      gamma: 1,
      lambda: 0.95,
    });
    const stats = ppoUpdate(net, opt, decisions, advantages, returns, { clip: 0.2, epochs: 4, minibatchSize: 32, valueCoef: 0.5, entropyCoef: 0.001, maxGradNorm: 0.5, targetKl: 0 }, rng);
    kl = stats.kl;
  }
  const probs = softmax(net.forward(state, arms).logits);
  net.dispose();
  opt.dispose();
  return { probs, kl };
}

describe('PPO on a bandit with a known optimum', () => {
  it('puts most of its probability on the best arm', () => {
    const { probs, kl } = train(3, 40);
    expect(probs.indexOf(Math.max(...probs))).toBe(2);
    expect(probs[2]).toBeGreaterThan(0.8);
    expect(Number.isFinite(kl)).toBe(true);
  });

  it('is deterministic for a fixed seed', () => {
    const a = train(5, 3);
    const b = train(5, 3);
    expect(a.probs).toEqual(b.probs);
  });
});
