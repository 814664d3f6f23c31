import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../training/backend.js';
import { weightMapOf } from '../../training/phase1/model-io.js';
import { FastPlannerNet } from './fast-net.js';
import { createGraphPrior, fillGraphInputs } from './features.js';
import { buildPlannerModel, plannerForward } from './model.js';
import { randomiseWeights, tinyDesc, tinySpec } from './test-support/tiny-model.js';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

describe('FastPlannerNet (plain-JS inference)', () => {
  it.each([
    ['gcn', 'content', 0],
    ['gat', 'content', 0],
    ['sage', 'content', 0],
    ['sage', 'location', 0],
    ['sage', 'location', 2],
  ] as const)('%s, %s attention, %s context layers: matches the tfjs layers on its own greedy decode', (gnn, attention, contextLayers = 0) => {
    const spec = tinySpec({ gnn, attention, contextLayers });
    const { model, layers } = buildPlannerModel(spec, tinyDesc);
    randomiseWeights(model, 11);
    const prior = createGraphPrior(spec.tasks.length, [[0, 1], [1, 2], [2, 3], [3, 0]], [[0, 1, 0.5]]);
    const net = new FastPlannerNet(spec, weightMapOf(model), tinyDesc);
    const ids = [3, 7, 12, 2, 29, 5];
    const decoded = net.decode(ids, prior, { maxNodes: spec.maxNodes });
    expect(decoded.tasks.length).toBeGreaterThan(0);

    const T = spec.maxTokens;
    const N = spec.maxNodes;
    const tokens = new Int32Array(T);
    tokens.set(ids);
    const prev = new Int32Array(N + 1);
    decoded.tasks.forEach((t, i) => (prev[i + 1] = t + 1));
    const adj = new Float32Array(N * N);
    const pairs = new Float32Array(N * N * spec.pairFeatures);
    const mask = new Float32Array(N);
    fillGraphInputs(decoded.tasks, prior, N, adj, pairs);
    decoded.tasks.forEach((_, i) => (mask[i] = 1));
    const [logits, edges, workers, setLogits] = plannerForward(layers, [
      tf.tensor2d(tokens, [1, T], 'int32'),
      tf.tensor2d(prev, [1, N + 1], 'int32'),
      tf.tensor3d(adj, [1, N, N]),
      tf.tensor4d(pairs, [1, N, N, spec.pairFeatures]),
      tf.tensor2d(mask, [1, N]),
    ]) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const probs = (tf.softmax(logits).arraySync() as number[][][])[0] as number[][];
    decoded.stepProbs.forEach((p, s) => {
      const cls = s < decoded.tasks.length ? (decoded.tasks[s] as number) + 1 : 0;
      expect(p).toBeCloseTo(probs[s]?.[cls] as number, 5);
    });
    const n = decoded.tasks.length;
    const edgeProbs = (tf.sigmoid(edges).arraySync() as number[][][])[0] as number[][];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(decoded.edgeProbs[i * n + j]).toBeCloseTo(edgeProbs[i]?.[j] as number, 5);
    const workerProbs = (tf.softmax(workers).arraySync() as number[][][])[0] as number[][];
    decoded.workerProbs.forEach((p, i) => p.forEach((v, k) => expect(v).toBeCloseTo(workerProbs[i]?.[k] as number, 5)));
    const setProbs = (tf.sigmoid(setLogits).arraySync() as number[][])[0] as number[];
    expect(decoded.setProbs?.length).toBe(spec.tasks.length);
    decoded.setProbs?.forEach((p, k) => expect(p).toBeCloseTo(setProbs[k] as number, 5));
  });

  it('a heavily weighted task-set head decides which tasks are emitted', () => {
    const spec = tinySpec();
    const { model } = buildPlannerModel(spec, tinyDesc);
    randomiseWeights(model, 6);
    const head = model.getLayer('task_set');
    const [hiddenKernel, hiddenBias, outKernel] = head.getWeights() as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    // The head's logits are its bias alone: +4 for tasks 1 and 3, -4 for the rest.
    head.setWeights([tf.zerosLike(hiddenKernel), tf.zerosLike(hiddenBias), tf.zerosLike(outKernel), tf.tensor1d(spec.tasks.map((_, k) => (k === 1 || k === 3 ? 4 : -4)))]);
    const prior = createGraphPrior(spec.tasks.length, [], []);
    const net = new FastPlannerNet(spec, weightMapOf(model), tinyDesc);
    const plain = net.decode([3, 9, 4], prior, { maxNodes: spec.maxNodes, noRepeat: true });
    const steered = net.decode([3, 9, 4], prior, { maxNodes: spec.maxNodes, noRepeat: true, setWeight: 5 });
    expect(new Set(plain.tasks)).not.toEqual(new Set([1, 3]));
    // +-20 on the task scores outweighs the random decoder: the two set tasks, then END (which the head leaves alone).
    expect(new Set(steered.tasks)).toEqual(new Set([1, 3]));
    // The emitted tasks' +20 must not stay in the normaliser: END, the only open choice left that the head allows, gets the mass.
    expect(steered.stepProbs.at(-1)).toBeGreaterThan(0.5);
    for (const p of steered.stepProbs) expect(p).toBeGreaterThan(0);
  });

  it('an ensemble of one network twice decodes exactly as the network alone', () => {
    const spec = tinySpec({ attention: 'location' });
    const { model } = buildPlannerModel(spec, tinyDesc);
    randomiseWeights(model, 8);
    const prior = createGraphPrior(spec.tasks.length, [[0, 1]], []);
    const net = new FastPlannerNet(spec, weightMapOf(model), tinyDesc);
    const options = { maxNodes: spec.maxNodes, noRepeat: true, beamWidth: 2, setWeight: 0.5 };
    const alone = net.decode([3, 9, 4, 11], prior, options);
    const twice = FastPlannerNet.decodeEnsemble([net, net], [3, 9, 4, 11], prior, options);
    expect(twice.tasks).toEqual(alone.tasks);
    twice.stepProbs.forEach((p, i) => expect(p).toBeCloseTo(alone.stepProbs[i] as number, 6));
    twice.edgeProbs.forEach((p, i) => expect(p).toBeCloseTo(alone.edgeProbs[i] as number, 6));
    expect(() => FastPlannerNet.decodeEnsemble([], [3], prior, options)).toThrow(/at least one/);
  });

  it('plans the same on WebAssembly SIMD as in plain JS', () => {
    const spec = tinySpec({ attention: 'location', contextLayers: 1, hidden: 16, tasks: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] });
    const desc = [...tinyDesc, [3]];
    const { model } = buildPlannerModel(spec, desc);
    randomiseWeights(model, 9);
    const prior = createGraphPrior(spec.tasks.length, [[0, 1], [2, 3]], [[0, 1, 0.4]]);
    const simd = new FastPlannerNet(spec, weightMapOf(model), desc);
    const plain = new FastPlannerNet(spec, weightMapOf(model), desc, { simd: false });
    for (const ids of [[3, 9, 4, 11], [5], [7, 7, 2, 19, 28, 1]]) {
      const options = { maxNodes: spec.maxNodes, noRepeat: true, beamWidth: 2, setWeight: 1 };
      const a = simd.decode(ids, prior, options);
      const b = plain.decode(ids, prior, options);
      expect(a.tasks).toEqual(b.tasks);
      a.stepProbs.forEach((p, i) => expect(p).toBeCloseTo(b.stepProbs[i] as number, 5));
      a.edgeProbs.forEach((p, i) => expect(p).toBeCloseTo(b.edgeProbs[i] as number, 5));
    }
  });

  it('beam search returns a scored plan of distinct tasks with noRepeat', () => {
    const spec = tinySpec();
    const { model } = buildPlannerModel(spec, tinyDesc);
    randomiseWeights(model, 4);
    const prior = createGraphPrior(spec.tasks.length, [], []);
    const net = new FastPlannerNet(spec, weightMapOf(model), tinyDesc);
    for (const beam of [1, 2, 4]) {
      const decoded = net.decode([3, 9, 4], prior, { maxNodes: spec.maxNodes, noRepeat: true, beamWidth: beam });
      expect(new Set(decoded.tasks).size).toBe(decoded.tasks.length);
      expect(decoded.tasks.length).toBeGreaterThan(0);
      expect(decoded.edgeProbs.length).toBe(decoded.tasks.length ** 2);
      for (const p of decoded.stepProbs) expect(p).toBeGreaterThan(0);
    }
  });
});
