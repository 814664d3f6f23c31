import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGraphPrior, type IndexedSample } from '../../planner/learned/features.js';
import { buildPlannerModel, plannerForward } from '../../planner/learned/model.js';
import { randomiseWeights, tinyDesc, tinySpec } from '../../planner/learned/test-support/tiny-model.js';
import { initBackend } from '../backend.js';
import { disposeBatch, makeBatch, type EncodedSample } from './batch.js';
import { phase1Loss } from './loss.js';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

function item(ids: number[], tasks: number[], maxTokens: number): EncodedSample {
  const tokens = new Int32Array(maxTokens);
  tokens.set(ids);
  const sample = { id: ids.join('-'), instruction: '', type: 'chain', tasks, links: tasks.slice(1).map((_, i) => [i, i + 1]), workers: tasks.map(() => 0) } as unknown as IndexedSample;
  return { sample, tokens, length: ids.length };
}

/** A tiny planner with seeded random weights, its graph prior and batch shape. */
function tinyPlanner(seed: number) {
  const spec = tinySpec();
  const { model, layers } = buildPlannerModel(spec, tinyDesc);
  randomiseWeights(model, seed);
  const prior = createGraphPrior(spec.tasks.length, [[0, 1]], []);
  const shape = { maxTokens: spec.maxTokens, maxNodes: spec.maxNodes, numTasks: spec.tasks.length };
  return { spec, layers, prior, shape };
}

describe('makeBatch', () => {
  it('trims trailing padding to the longest instruction without changing the loss', () => {
    const { spec, layers, prior, shape } = tinyPlanner(9);
    const items = [item([3, 7, 12], [0, 1], spec.maxTokens), item([4, 5, 6, 8, 2], [2, 3, 1], spec.maxTokens)];
    const trimmed = makeBatch(items, shape, prior);
    // The same samples claiming full length: the batch keeps all maxTokens columns.
    const full = makeBatch(items.map((i) => ({ ...i, length: spec.maxTokens })), shape, prior);
    expect(trimmed.inputs[0]?.shape).toEqual([2, 5]);
    expect(full.inputs[0]?.shape).toEqual([2, spec.maxTokens]);
    const loss = (b: typeof trimmed): number => tf.tidy(() => phase1Loss(plannerForward(layers, b.inputs), b, { lambdaDag: 0.3 }).total.dataSync()[0] as number);
    expect(loss(trimmed)).toBeCloseTo(loss(full), 5);
    disposeBatch(trimmed);
    disposeBatch(full);
  });
});

describe('phase1Loss label smoothing', () => {
  it('mixes the target log-probability with the mean log-probability over classes', () => {
    const { spec, layers, prior, shape } = tinyPlanner(3);
    const batch = makeBatch([item([3, 7, 12], [0, 1], spec.maxTokens)], shape, prior);
    const parts = (eps: number): number[] =>
      tf.tidy(() => {
        const outputs = plannerForward(layers, batch.inputs);
        const taskCe = phase1Loss(outputs, batch, { lambdaDag: 0.3, labelSmoothing: eps }).taskCe.dataSync()[0] as number;
        // Mean over the valid steps of -mean_k log p_k: the uniform-target CE.
        const logp = tf.logSoftmax(outputs[0] as tf.Tensor);
        const uniform = tf.div(tf.sum(tf.mul(tf.neg(tf.mean(logp, -1)), batch.targetMask)), tf.sum(batch.targetMask)).dataSync()[0] as number;
        return [taskCe, uniform];
      });
    const [plain, uniform] = parts(0) as [number, number];
    const [smoothed] = parts(0.2) as [number];
    expect(uniform).toBeGreaterThan(plain);
    expect(smoothed).toBeCloseTo(0.8 * plain + 0.2 * uniform, 5);
    disposeBatch(batch);
  });
});
