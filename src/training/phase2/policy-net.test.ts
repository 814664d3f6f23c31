import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ActorCritic, softmax } from './policy-net.js';
import { toBatch } from './ppo.js';
import { createRng } from './rng.js';

describe('ActorCritic', () => {
  const rng = createRng(1);
  const net = ActorCritic.create({ stateDim: 3, workerDim: 2, hidden: 8 }, rng);
  const decisions = [
    { state: Float32Array.from([0.1, -1, 2]), workers: [Float32Array.from([1, 0]), Float32Array.from([0.5, 2]), Float32Array.from([-1, 1])] },
    { state: Float32Array.from([0, 1, 0]), workers: [Float32Array.from([3, 1])] },
  ];

  it('gives the same probabilities and values in the JS forward pass as in the tfjs graph', () => {
    const batch = toBatch(decisions, 2);
    const logp = net.logProbs(batch).arraySync();
    const values = net.values(batch.states).arraySync();
    decisions.forEach((d, i) => {
      const { logits, value } = net.forward(d.state, d.workers);
      const p = softmax(logits);
      p.forEach((pj, j) => expect(Math.exp(logp[i]?.[j] ?? 0)).toBeCloseTo(pj, 5));
      expect(values[i]).toBeCloseTo(value, 5);
    });
    // The padded slot of the one-candidate decision carries no mass.
    expect(Math.exp(logp[1]?.[1] ?? 0)).toBe(0);
    tf.dispose([batch.states, batch.workers, batch.mask]);
  });

  it('round-trips its weights', () => {
    const copy = ActorCritic.fromWeights(JSON.parse(JSON.stringify(net.toWeights())));
    const d = decisions[0];
    if (!d) throw new Error('no decision');
    expect(copy.forward(d.state, d.workers)).toEqual(net.forward(d.state, d.workers));
  });

  it('rejects weights of the wrong size', () => {
    const w = net.toWeights();
    expect(() => ActorCritic.fromWeights({ ...w, tensors: { ...w.tensors, aW2: [1, 2] } })).toThrow(/aW2/);
  });
});
