import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../training/backend.js';
import { captureModel, restoreModel } from '../../../training/phase1/model-io.js';
import { TaskSetHead } from './task-set-head.js';
import { buildPlannerModel, plannerForward, plannerLayersOf } from '../model.js';
import { randomiseWeights, tinyDesc, tinySpec } from '../test-support/tiny-model.js';
import { AttentionDecoder } from './attention-decoder.js';
import { EdgeScorer } from './edge-scorer.js';
import { InstructionEncoder } from './instruction-encoder.js';
import { ToolGraphConv } from './tool-graph-conv.js';
import { maxOverAxis1 } from './common.js';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

function close(a: tf.Tensor, b: tf.Tensor, tol = 1e-5): void {
  const x = a.dataSync();
  const y = b.dataSync();
  expect(a.shape).toEqual(b.shape);
  for (let i = 0; i < x.length; i++) expect(Math.abs((x[i] as number) - (y[i] as number))).toBeLessThan(tol);
}

describe('maxOverAxis1', () => {
  it('has the value and gradient of tf.max over axis 1, ties included', () => {
    // Row 0 has a tie (both 5s get the gradient, as tf.max's own gradient gives it).
    const x = tf.tensor3d([[[1, 5], [5, 2], [5, -1]], [[0, -3], [-2, -4], [4, -3]]]);
    const dy = tf.tensor2d([[0.5, 2], [3, -1]]);
    close(maxOverAxis1(x), tf.max(x, 1));
    const ours = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(maxOverAxis1(v), dy)))(x);
    const stock = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.max(v, 1), dy)))(x);
    close(ours, stock);
    close(ours, tf.tensor3d([[[0, 2], [0.5, 0], [0.5, 0]], [[0, -1], [0, 0], [3, -1]]]));
  });
});

describe('InstructionEncoder', () => {
  it('outputs memory [B,T,units] and pooled [B,units], zero on padding', () => {
    const enc = new InstructionEncoder({ vocabSize: 20, embedDim: 4, units: 6, seed: 1 });
    const [memory, pooled] = enc.apply(tf.tensor2d([[3, 4, 5, 0], [7, 0, 0, 0]], [2, 4], 'int32')) as tf.Tensor[];
    expect(memory?.shape).toEqual([2, 4, 6]);
    expect(pooled?.shape).toEqual([2, 6]);
    const m = memory?.arraySync() as number[][][];
    expect(m[0]?.[3]?.every((v) => v === 0)).toBe(true);
    expect(m[1]?.[1]?.every((v) => v === 0)).toBe(true);
    // The pooled vector is the mean over real tokens.
    close(tf.slice(pooled as tf.Tensor, [1, 0], [1, 6]), tf.slice(memory as tf.Tensor, [1, 0, 0], [1, 1, 6]).reshape([1, 6]));
  });

  it('context layers mix in the whole request but never the padding', () => {
    const enc = new InstructionEncoder({ vocabSize: 20, embedDim: 4, units: 6, contextLayers: 2, seed: 1 });
    enc.apply(tf.zeros([1, 3], 'int32'));
    enc.weights.forEach((w, k) => w.write(tf.randomNormal(w.shape as number[], 0, 0.5, 'float32', 20 + k)));
    const [short] = enc.apply(tf.tensor2d([[3, 4, 5]], [1, 3], 'int32')) as tf.Tensor[];
    const [padded] = enc.apply(tf.tensor2d([[3, 4, 5, 0, 0]], [1, 5], 'int32')) as tf.Tensor[];
    close(tf.slice(padded as tf.Tensor, [0, 0, 0], [1, 3, 6]), short as tf.Tensor);
    expect((tf.slice(padded as tf.Tensor, [0, 3, 0], [1, 2, 6]).dataSync() as Float32Array).every((v) => v === 0)).toBe(true);
    // Changing the last word changes the first position's memory: the window alone (width 3) would not reach it.
    const [other] = enc.apply(tf.tensor2d([[3, 4, 9]], [1, 3], 'int32')) as tf.Tensor[];
    const first = (t: tf.Tensor): Float32Array => tf.slice(t, [0, 0, 0], [1, 1, 6]).dataSync() as Float32Array;
    const [a, b] = [first(short as tf.Tensor), first(other as tf.Tensor)];
    expect(Math.max(...a.map((v, i) => Math.abs(v - (b[i] as number))))).toBeGreaterThan(1e-4);
  });
});

describe('ToolGraphConv', () => {
  it.each(['gcn', 'gat', 'sage'] as const)('%s keeps [B,N,units] and zeroes masked nodes', (kind) => {
    const layer = new ToolGraphConv({ units: 5, kind, seed: 2 });
    const x = tf.randomNormal([2, 3, 5], 0, 1, 'float32', 1);
    const adj = tf.tensor3d([[[0, 1, 0], [0, 0, 1], [0, 0, 0]], [[0, 1, 0], [0, 0, 0], [0, 0, 0]]]);
    const mask = tf.tensor2d([[1, 1, 1], [1, 1, 0]]);
    const out = layer.apply([x, adj, mask]) as tf.Tensor;
    expect(out.shape).toEqual([2, 3, 5]);
    expect((out.arraySync() as number[][][])[1]?.[2]?.every((v) => v === 0)).toBe(true);
  });

  it('gcn computes relu(D^-1/2 (A + A^T + I) D^-1/2 X W + b) + X', () => {
    const layer = new ToolGraphConv({ units: 2, kind: 'gcn', seed: 2 });
    const x = tf.tensor3d([[[1, 0], [0, 1]]]);
    layer.apply([x, tf.tensor3d([[[0, 1], [0, 0]]]), tf.tensor2d([[1, 1]])]);
    layer.setWeights([tf.eye(2), tf.zeros([2])]);
    const out = layer.apply([x, tf.tensor3d([[[0, 1], [0, 0]]]), tf.tensor2d([[1, 1]])]) as tf.Tensor;
    // Both nodes have degree 2 (self + the other): each row of the normalised adjacency is [0.5, 0.5].
    close(out, tf.tensor3d([[[1.5, 0.5], [0.5, 1.5]]]));
  });
});

describe('EdgeScorer', () => {
  it('scores every ordered pair', () => {
    const layer = new EdgeScorer({ units: 4, pairFeatures: 3, seed: 1 });
    const out = layer.apply([tf.randomNormal([2, 3, 5]), tf.randomNormal([2, 3, 3, 3])]) as tf.Tensor;
    expect(out.shape).toEqual([2, 3, 3]);
  });
});

describe('AttentionDecoder', () => {
  it('emits logits per step and a state per node', () => {
    const layer = new AttentionDecoder({ numClasses: 4, taskEmbedDim: 3, units: 5, memoryUnits: 6, descVocabSize: 3, descTokens: [[], [0], [1, 2], [2]], seed: 1 });
    const [logits, nodes] = layer.apply([tf.randomNormal([2, 7, 6]), tf.randomNormal([2, 6]), tf.ones([2, 7], 'int32'), tf.zeros([2, 3], 'int32')]) as tf.Tensor[];
    expect(logits?.shape).toEqual([2, 3, 4]);
    expect(nodes?.shape).toEqual([2, 2, 5]);
  });

  it('refuses descTokens of the wrong length', () => {
    expect(() => new AttentionDecoder({ numClasses: 4, taskEmbedDim: 3, units: 5, memoryUnits: 6, descVocabSize: 3, descTokens: [[]], seed: 1 })).toThrow(/descTokens/);
  });
});

describe('TaskSetHead', () => {
  it('gives one logit per task and ignores padding positions', () => {
    const layer = new TaskSetHead({ numTasks: 5, memoryUnits: 4, units: 3, seed: 2 });
    const tokens = tf.tensor2d([[4, 9, 0, 0], [1, 2, 3, 0]], [2, 4], 'int32');
    const memory = tf.mul(tf.randomNormal([2, 4, 4], 0, 1, 'float32', 8), tf.expandDims(tf.cast(tf.notEqual(tokens, 0), 'float32'), 2));
    const out = layer.apply([memory, tokens]) as tf.Tensor;
    expect(out.shape).toEqual([2, 5]);
    // Real positions all negative: a max over the zero padding rows would differ from the unpadded instruction's.
    const negative = tf.sub(tf.abs(tf.randomNormal([1, 2, 4], 0, 1, 'float32', 9)), 2);
    const padded = tf.concat([negative, tf.zeros([1, 2, 4])], 1);
    close(layer.apply([padded, tf.tensor2d([[4, 9, 0, 0]], [1, 4], 'int32')]) as tf.Tensor, layer.apply([negative, tf.tensor2d([[4, 9]], [1, 2], 'int32')]) as tf.Tensor);
  });
});

describe('planner model save/load', () => {
  it.each([
    ['gcn', 0],
    ['gat', 0],
    ['sage', 0],
    ['sage', 1],
  ] as const)('%s, %s context layers: reloaded model gives the same outputs', async (gnn, contextLayers) => {
    const spec = tinySpec({ gnn, contextLayers });
    const { model, layers } = buildPlannerModel(spec, tinyDesc);
    randomiseWeights(model);
    const N = spec.maxNodes;
    const inputs = [
      tf.tensor2d([[3, 7, 12, 2, 0, 0, 0, 0, 0, 0]], [1, 10], 'int32'),
      tf.tensor2d([[0, 2, 4, 1, 0]], [1, 5], 'int32'),
      tf.tensor3d([[[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0], [0, 0, 0, 0]]]),
      tf.randomUniform([1, N, N, spec.pairFeatures], 0, 1, 'float32', 3),
      tf.tensor2d([[1, 1, 1, 0]]),
    ];
    const before = plannerForward(layers, inputs);
    const again = await restoreModel(await captureModel(model));
    const after = plannerForward(plannerLayersOf(again, spec), inputs);
    before.forEach((t, i) => close(t, after[i] as tf.Tensor));
    // The LayersModel's own executor agrees with the direct forward pass.
    (again.predict(inputs) as tf.Tensor[]).forEach((t, i) => close(t, before[i] as tf.Tensor));
  });
});
