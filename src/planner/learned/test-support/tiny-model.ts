import * as tf from '@tensorflow/tfjs';
import { PAIR_FEATURES } from '../features.js';
import type { ModelSpec } from '../spec.js';

/** A tiny spec for tests: every weight a handful of numbers. */
export function tinySpec(overrides: Partial<ModelSpec> = {}): ModelSpec {
  return {
    vocabSize: 30,
    descVocabSize: 8,
    maxTokens: 10,
    embedDim: 8,
    hidden: 12,
    edgeUnits: 6,
    gnn: 'sage',
    gnnLayers: 2,
    maxNodes: 4,
    tasks: ['a', 'b', 'c', 'd', 'e', 'f'],
    workers: ['w1', 'w2'],
    pairFeatures: PAIR_FEATURES,
    dropout: 0,
    setHidden: 6,
    attention: 'content',
    contextLayers: 0,
    seed: 3,
    ...overrides,
  };
}

export const tinyDesc = [[], [0, 1], [2], [3, 4], [5], [6, 7], [1, 2]];

/** Overwrites every weight with seeded noise, so comparisons are not trivially equal. */
export function randomiseWeights(model: tf.LayersModel, seed = 5): void {
  model.weights.forEach((w, k) => w.write(tf.randomNormal(w.shape as number[], 0, 0.5, 'float32', seed + k)));
}
