import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { Rng } from './rng.js';

/**
 * The Phase 2 actor-critic. The actor scores each candidate worker with one
 * shared MLP over [state ; worker features], so the action set can differ
 * per node (only the workers serving the node's task) and a worker the
 * policy never saw still gets a score from its features. The critic reads
 * the state alone. Both are tiny (tens of hidden units): rollouts use the
 * plain-JS forward pass below, tfjs is only used for the gradient steps.
 */
export interface PolicyNetShape {
  readonly stateDim: number;
  readonly workerDim: number;
  readonly hidden: number;
}

const layerNames = ['aWs', 'aWf', 'ab1', 'aW2', 'ab2', 'aW3', 'ab3', 'cW1', 'cb1', 'cW2', 'cb2', 'cW3', 'cb3'] as const;
type LayerName = (typeof layerNames)[number];

export const policyWeightsSchema = z
  .object({
    shape: z.object({ stateDim: z.number().int().min(1), workerDim: z.number().int().min(1), hidden: z.number().int().min(1) }).strict(),
    tensors: z.record(z.string(), z.array(z.number())),
  })
  .strict();
export type PolicyWeights = z.infer<typeof policyWeightsSchema>;

function dims(shape: PolicyNetShape): Record<LayerName, readonly [number, number]> {
  const { stateDim: s, workerDim: d, hidden: h } = shape;
  return {
    aWs: [s, h], aWf: [d, h], ab1: [1, h], aW2: [h, h], ab2: [1, h], aW3: [h, 1], ab3: [1, 1],
    cW1: [s, h], cb1: [1, h], cW2: [h, h], cb2: [1, h], cW3: [h, 1], cb3: [1, 1],
  };
}

/** Glorot-uniform from our own RNG so weight init is seeded; output layers start small so the first policy is near uniform. */
function initValues(name: LayerName, rows: number, cols: number, rng: Rng): Float32Array {
  const out = new Float32Array(rows * cols);
  if (name.includes('b')) return out;
  const limit = Math.sqrt(6 / (rows + cols));
  const scale = name === 'aW3' ? 0.01 : 1;
  for (let i = 0; i < out.length; i++) out[i] = (rng.next() * 2 - 1) * limit * scale;
  return out;
}

export interface DecisionBatch {
  /** [B, stateDim] */
  readonly states: tf.Tensor2D;
  /** [B, K, workerDim], padded to the widest candidate set. */
  readonly workers: tf.Tensor3D;
  /** [B, K], 1 for a real candidate, 0 for padding. */
  readonly mask: tf.Tensor2D;
}

let nextNetId = 0;

export class ActorCritic {
  readonly shape: PolicyNetShape;
  readonly vars: Record<LayerName, tf.Variable>;
  private cache: Record<LayerName, Float32Array> | null = null;

  private constructor(shape: PolicyNetShape, values: Record<LayerName, Float32Array>) {
    this.shape = shape;
    const d = dims(shape);
    const vars = {} as Record<LayerName, tf.Variable>;
    // tfjs variable names are global; the suffix keeps several nets apart, the prefix (a/c) tells actor from critic.
    const id = nextNetId++;
    for (const name of layerNames) vars[name] = tf.variable(tf.tensor2d(values[name], [...d[name]]), true, `${name}_p2net${id}`);
    this.vars = vars;
  }

  static create(shape: PolicyNetShape, rng: Rng): ActorCritic {
    const d = dims(shape);
    const values = {} as Record<LayerName, Float32Array>;
    for (const name of layerNames) values[name] = initValues(name, d[name][0], d[name][1], rng);
    return new ActorCritic(shape, values);
  }

  static fromWeights(weights: PolicyWeights): ActorCritic {
    const d = dims(weights.shape);
    const values = {} as Record<LayerName, Float32Array>;
    for (const name of layerNames) {
      const raw = weights.tensors[name];
      const [r, c] = d[name];
      if (!raw || raw.length !== r * c) throw new Error(`policy weights: tensor ${name} has ${raw?.length ?? 0} values, expected ${r * c}`);
      values[name] = Float32Array.from(raw);
    }
    return new ActorCritic(weights.shape, values);
  }

  toWeights(): PolicyWeights {
    const tensors: Record<string, number[]> = {};
    for (const name of layerNames) tensors[name] = Array.from(this.vars[name].dataSync());
    return { shape: { ...this.shape }, tensors };
  }

  trainableVariables(): tf.Variable[] {
    return layerNames.map((n) => this.vars[n]);
  }

  /** Call after every gradient step so the JS forward pass sees the new weights. */
  invalidate(): void {
    this.cache = null;
  }

  private weights(): Record<LayerName, Float32Array> {
    if (!this.cache) {
      const c = {} as Record<LayerName, Float32Array>;
      for (const name of layerNames) c[name] = this.vars[name].dataSync() as Float32Array;
      this.cache = c;
    }
    return this.cache;
  }

  /** Logits over `workers` (one feature row each) and the state value, without tfjs. */
  forward(state: ArrayLike<number>, workers: readonly ArrayLike<number>[]): { logits: number[]; value: number } {
    const w = this.weights();
    const { stateDim: s, workerDim: d, hidden: h } = this.shape;
    const base = affine(state, w.aWs, w.ab1, s, h);
    const logits = workers.map((f) => {
      const h1 = new Float64Array(h);
      for (let j = 0; j < h; j++) h1[j] = base[j] ?? 0;
      for (let i = 0; i < d; i++) {
        const x = f[i] ?? 0;
        if (x === 0) continue;
        for (let j = 0; j < h; j++) h1[j] = (h1[j] ?? 0) + x * (w.aWf[i * h + j] ?? 0);
      }
      tanhInPlace(h1);
      const h2 = affine(h1, w.aW2, w.ab2, h, h);
      tanhInPlace(h2);
      return affine(h2, w.aW3, w.ab3, h, 1)[0] ?? 0;
    });
    const c1 = affine(state, w.cW1, w.cb1, s, h);
    tanhInPlace(c1);
    const c2 = affine(c1, w.cW2, w.cb2, h, h);
    tanhInPlace(c2);
    const value = affine(c2, w.cW3, w.cb3, h, 1)[0] ?? 0;
    return { logits, value };
  }

  /** Masked log-probabilities [B, K] for a batch of decisions. */
  logProbs(batch: DecisionBatch): tf.Tensor2D {
    return tf.tidy(() => {
      const [b, k, d] = batch.workers.shape;
      const v = this.vars;
      const fromState = tf.matMul(batch.states, v.aWs).add(v.ab1).reshape([b, 1, this.shape.hidden]);
      const fromWorker = tf.matMul(batch.workers.reshape([b * k, d]), v.aWf).reshape([b, k, this.shape.hidden]);
      const h1 = tf.tanh(fromWorker.add(fromState)).reshape([b * k, this.shape.hidden]);
      const h2 = tf.tanh(tf.matMul(h1, v.aW2).add(v.ab2));
      const logits = tf.matMul(h2, v.aW3).add(v.ab3).reshape([b, k]);
      // Padding gets a large negative logit so it carries no probability mass.
      const masked = logits.add(tf.scalar(1).sub(batch.mask).mul(-1e9));
      return tf.logSoftmax(masked) as tf.Tensor2D;
    });
  }

  /** V(s) [B]. */
  values(states: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const v = this.vars;
      const c1 = tf.tanh(tf.matMul(states, v.cW1).add(v.cb1));
      const c2 = tf.tanh(tf.matMul(c1, v.cW2).add(v.cb2));
      return tf.matMul(c2, v.cW3).add(v.cb3).reshape([-1]) as tf.Tensor1D;
    });
  }

  dispose(): void {
    for (const name of layerNames) this.vars[name].dispose();
  }
}

function affine(x: ArrayLike<number>, w: Float32Array, b: Float32Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(cols);
  for (let j = 0; j < cols; j++) out[j] = b[j] ?? 0;
  for (let i = 0; i < rows; i++) {
    const xi = x[i] ?? 0;
    if (xi === 0) continue;
    const off = i * cols;
    for (let j = 0; j < cols; j++) out[j] = (out[j] ?? 0) + xi * (w[off + j] ?? 0);
  }
  return out;
}

function tanhInPlace(x: Float64Array): void {
  for (let i = 0; i < x.length; i++) x[i] = Math.tanh(x[i] ?? 0);
}

/** Softmax of logits, numerically safe. */
export function softmax(logits: readonly number[]): number[] {
  const m = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}
