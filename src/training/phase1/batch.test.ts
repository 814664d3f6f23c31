import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGraphPrior, type IndexedSample } from '../../planner/learned/features.js';
import { buildPlannerModel, plannerForward, plannerForwardWithAttention } from '../../planner/learned/model.js';
import { randomiseWeights, tinyDesc, tinySpec } from '../../planner/learned/test-support/tiny-model.js';
import { initBackend } from '../backend.js';
import { SubwordTokenizer } from '../../planner/learned/tokenizer.js';
import { disposeBatch, encodeSamples, makeBatch, type EncodedSample } from './batch.js';
import { phase1Loss } from './loss.js';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

function item(ids: number[], tasks: number[], maxTokens: number): EncodedSample {
  const tokens = new Int32Array(maxTokens);
  tokens.set(ids);
  const sample = { id: ids.join('-'), instruction: '', type: 'chain', tasks, links: tasks.slice(1).map((_, i) => [i, i + 1]), workers: tasks.map(() => 0) } as unknown as IndexedSample;
  return { sample, tokens, length: ids.length, tokenSpans: null };
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

describe('guided attention targets', () => {
  const text = "Transcribe example.wav, then translate the text into French.";
  const spanned = (instruction: string, spans: [number, number][]): IndexedSample => ({ id: 'g', instruction, type: 'chain', tasks: [0, 1], links: [[0, 1]], workers: [0, 0], spans });
  const tokenizer = SubwordTokenizer.build([text, text], 200);

  it('maps each node span to its subwords and marks them in the batch', () => {
    const [encoded] = encodeSamples([spanned(text, [[0, 22], [29, 59]])], tokenizer, 32);
    const spans = encoded?.tokenSpans as [[number, number], [number, number]];
    expect(tokenizer.decode(encoded?.tokens.subarray(...spans[0]) ?? [])).toBe('transcribe example wav');
    expect(tokenizer.decode(encoded?.tokens.subarray(...spans[1]) ?? [])).toBe('translate the text into french');
    const { shape, prior } = tinyPlanner(1);
    const batch = makeBatch([encoded as EncodedSample, item([3, 4], [2], shape.maxTokens)], { ...shape, maxTokens: 32 }, prior);
    const target = batch.attentionTarget.arraySync();
    const T = batch.inputs[0]?.shape[1] as number;
    for (const [k, [s, e]] of spans.entries()) expect(target[0]?.[k]).toEqual(Array.from({ length: T }, (_, t) => (t >= s && t < e ? 1 : 0)));
    // Steps without a target (END, samples without spans) are masked out.
    expect(batch.attentionMask.arraySync()).toEqual([[1, 1, 0, 0, 0], [0, 0, 0, 0, 0]]);
    disposeBatch(batch);
  });

  it('gives no targets for a truncated instruction', () => {
    const [encoded] = encodeSamples([spanned(text, [[0, 22], [29, 59]])], tokenizer, 6);
    expect(encoded?.tokenSpans).toBeNull();
  });

  it('the loss is -log of the attention mass on the span, and only counts when weighted', () => {
    const { spec, layers, prior, shape } = tinyPlanner(2);
    const ids = [3, 7, 12, 5];
    const sample = { ...item(ids, [0, 1], spec.maxTokens), tokenSpans: [[0, 2], [2, 4]] as [number, number][] };
    const batch = makeBatch([sample], shape, prior);
    tf.tidy(() => {
      const { outputs, attention } = plannerForwardWithAttention(layers, batch.inputs);
      const a = attention.arraySync() as number[][][];
      const mass = (k: number, s: number, e: number): number => (a[0]?.[k] ?? []).slice(s, e).reduce((x, y) => x + y, 0);
      const expected = -(Math.log(mass(0, 0, 2) + 1e-6) + Math.log(mass(1, 2, 4) + 1e-6)) / 2;
      const guided = phase1Loss(outputs, batch, { lambdaDag: 0.3, attentionWeight: 2 }, attention);
      const plain = phase1Loss(outputs, batch, { lambdaDag: 0.3 }, attention);
      expect(guided.attentionCe.dataSync()[0]).toBeCloseTo(expected, 5);
      expect(plain.attentionCe.dataSync()[0]).toBe(0);
      expect((guided.total.dataSync()[0] as number) - (plain.total.dataSync()[0] as number)).toBeCloseTo(2 * expected, 4);
    });
    disposeBatch(batch);
  });
});
