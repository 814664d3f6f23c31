import * as tf from '@tensorflow/tfjs';
import { LOCATION_FEATURES } from '../spec.js';
import { asShapeList, asTensorList, dense3d, glorot, type LayerArgs, type Shape } from './common.js';

export interface AttentionDecoderArgs extends LayerArgs {
  /** Output classes: 0 is END (and START as an input), task k is k + 1. */
  numClasses: number;
  /** Width of the input task embeddings. */
  taskEmbedDim: number;
  /** LSTM width, also the width of the emitted step outputs. */
  units: number;
  /** Width of the encoder memory. */
  memoryUnits: number;
  /** Number of distinct subwords in the tool descriptions (their own small embedding table). */
  descVocabSize: number;
  /**
   * Per class, the tool description as ids into the description vocabulary (empty for END).
   * The output embedding of a class is a free vector plus the mean of these
   * subwords' embeddings, so rare tools share statistics with similar ones.
   */
  descTokens: number[][];
  /** Dropout on the step outputs before the class logits, in training only. @default 0 */
  dropout?: number;
  /**
   * `content`: Luong attention on the LSTM state alone. `location`: the
   * previous step's context is fed back into the LSTM and each position's
   * score adds state-weighted location features (where the previous step
   * attended, how much attention it has had, its relative position), so the
   * decoder can walk through a request step by step. @default content
   */
  attention?: AttentionKind;
  seed: number;
}

export type AttentionKind = 'content' | 'location';

/**
 * The task decomposer, teacher-forced: an LSTM over the previous task (START
 * first) whose initial state comes from the pooled instruction, with Luong
 * attention over the encoder memory at every step. Inputs: [memory [B,T,M],
 * pooled [B,M], tokens [B,T], previous classes [B,L]]; outputs: [logits
 * [B,L,C], node states [B,L-1,units], attention weights [B,L,T]] (the last
 * for the guided-attention loss). Node i's state is the step output
 * after reading task i (step i + 1), its feature for the dependency GNN.
 */
export class AttentionDecoder extends tf.layers.Layer {
  static className = 'AttentionDecoder';
  readonly numClasses: number;
  readonly taskEmbedDim: number;
  readonly units: number;
  readonly memoryUnits: number;
  readonly descVocabSize: number;
  readonly descTokens: number[][];
  readonly seed: number;
  readonly dropout: number;
  readonly attention: AttentionKind;
  private readonly descWidth: number;
  private w: Record<string, tf.LayerVariable> = {};
  private descIds: tf.Tensor | null = null;
  private descMask: tf.Tensor | null = null;

  constructor(args: AttentionDecoderArgs) {
    super(args);
    this.numClasses = args.numClasses;
    this.taskEmbedDim = args.taskEmbedDim;
    this.units = args.units;
    this.memoryUnits = args.memoryUnits;
    this.descVocabSize = args.descVocabSize;
    this.descTokens = args.descTokens;
    this.seed = args.seed;
    this.dropout = args.dropout ?? 0;
    this.attention = args.attention ?? 'content';
    if (this.descTokens.length !== this.numClasses) throw new TypeError(`descTokens must have ${this.numClasses} rows, got ${this.descTokens.length}`);
    this.descWidth = Math.max(1, ...this.descTokens.map((d) => d.length));
  }

  override build(): void {
    const H = this.units;
    const s = this.seed;
    const add = (name: string, shape: number[], init: tf.serialization.Serializable): void => {
      this.w[name] = this.addWeight(name, shape, 'float32', init as ReturnType<typeof tf.initializers.zeros>);
    };
    add('task_embeddings', [this.numClasses, this.taskEmbedDim], tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: s * 131 + 11 }));
    add('init_kernel', [this.memoryUnits, 2 * H], glorot(s, 12));
    add('init_bias', [2 * H], tf.initializers.zeros());
    add('kernel', [this.taskEmbedDim, 4 * H], glorot(s, 13));
    add('recurrent_kernel', [H, 4 * H], glorot(s, 14));
    // Forget-gate bias 1, the usual LSTM start.
    add('bias', [4 * H], tf.initializers.constant({ value: 0 }));
    add('attention_kernel', [this.memoryUnits, H], glorot(s, 15));
    add('output_kernel', [H + this.memoryUnits, H], glorot(s, 16));
    add('output_bias', [H], tf.initializers.zeros());
    add('class_embeddings', [this.numClasses, H], glorot(s, 17));
    add('class_bias', [this.numClasses], tf.initializers.zeros());
    add('desc_embeddings', [this.descVocabSize, H], tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: s * 131 + 18 }));
    if (this.attention === 'location') {
      add('feed_kernel', [this.memoryUnits, 4 * H], glorot(s, 19));
      // Zero: training starts from plain content attention and learns how much location matters.
      add('location_kernel', [H, LOCATION_FEATURES], tf.initializers.zeros());
      add('location_bias', [LOCATION_FEATURES], tf.initializers.zeros());
    }
    const bias = this.w.bias as tf.LayerVariable;
    bias.write(tf.concat([tf.zeros([H]), tf.ones([H]), tf.zeros([2 * H])]));
    const ids = new Int32Array(this.numClasses * this.descWidth);
    const mask = new Float32Array(this.numClasses * this.descWidth);
    this.descTokens.forEach((row, c) =>
      row.forEach((id, k) => {
        ids[c * this.descWidth + k] = id;
        mask[c * this.descWidth + k] = 1;
      }),
    );
    this.descIds = tf.keep(tf.tensor1d(ids, 'int32'));
    this.descMask = tf.keep(tf.tensor3d(mask, [this.numClasses, this.descWidth, 1]));
    this.built = true;
  }

  private weight(name: string): tf.Tensor {
    const v = this.w[name];
    if (!v) throw new Error(`AttentionDecoder weight ${name} missing (layer not built)`);
    return v.read();
  }

  /** Output embedding per class: free vector plus mean of its description subwords. */
  classEmbeddings(): tf.Tensor2D {
    return tf.tidy(() => {
      const gathered = tf.reshape(tf.gather(this.weight('desc_embeddings'), this.descIds as tf.Tensor1D), [this.numClasses, this.descWidth, this.units]);
      const mask = this.descMask as tf.Tensor;
      const mean = tf.div(tf.sum(tf.mul(gathered, mask), 1), tf.maximum(tf.sum(mask, 1), 1));
      return tf.add(this.weight('class_embeddings'), mean) as tf.Tensor2D;
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape[] {
    const [, , tokens, prev] = asShapeList(inputShape, 4, 'AttentionDecoder') as [Shape, Shape, Shape, Shape];
    return [
      [prev[0] ?? null, prev[1] ?? null, this.numClasses],
      [prev[0] ?? null, prev[1] === null || prev[1] === undefined ? null : prev[1] - 1, this.units],
      [prev[0] ?? null, prev[1] ?? null, tokens[1] ?? null],
    ];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown> = {}): tf.Tensor[] {
    const training = kwargs.training === true && this.dropout > 0;
    // The trainer passes its step so each batch gets a fresh mask that a resumed run reproduces.
    const dropoutSeed = this.seed * 7919 + (typeof kwargs.step === 'number' ? kwargs.step : 0);
    return tf.tidy(() => {
      const [memory, pooled, tokens, prevRaw] = asTensorList(inputs, 4, 'AttentionDecoder') as [tf.Tensor3D, tf.Tensor2D, tf.Tensor, tf.Tensor];
      const H = this.units;
      const prev = tf.cast(prevRaw, 'int32');
      const [b, steps] = prev.shape as [number, number];
      const tokenMask = tf.cast(tf.notEqual(tf.cast(tokens, 'int32'), 0), 'float32');
      const keys = dense3d(memory, this.weight('attention_kernel'));
      // Time-major rows and one matMul per gate: per-step row slices are contiguous,
      // while slicing gate columns out of [B, 4H] takes tfjs-cpu's slow strided path.
      const x = tf.gather(this.weight('task_embeddings'), tf.reshape(tf.transpose(prev), [-1]));
      const gate = (w: tf.Tensor, k: number): tf.Tensor2D => tf.slice(w, [0, k * H], [-1, H]) as tf.Tensor2D;
      const kernel = this.weight('kernel');
      const recurrent = this.weight('recurrent_kernel');
      const bias = tf.reshape(this.weight('bias'), [1, 4 * H]);
      const xg = [0, 1, 2, 3].map((k) => tf.add(tf.matMul(x as tf.Tensor2D, gate(kernel, k)), gate(bias, k)));
      const ug = [0, 1, 2, 3].map((k) => gate(recurrent, k));
      const initKernel = this.weight('init_kernel');
      const initBias = tf.reshape(this.weight('init_bias'), [1, 2 * H]);
      let h = tf.tanh(tf.add(tf.matMul(pooled, gate(initKernel, 0)), gate(initBias, 0))) as tf.Tensor2D;
      let c = tf.tanh(tf.add(tf.matMul(pooled, gate(initKernel, 1)), gate(initBias, 1))) as tf.Tensor2D;
      const hs: tf.Tensor[] = [];
      let states: tf.Tensor3D;
      let context: tf.Tensor;
      let weights: tf.Tensor;
      if (this.attention === 'location') {
        [states, context, weights] = this.locationSteps(memory, keys, tokenMask, xg, ug, h, c, b, steps);
      } else {
        for (let t = 0; t < steps; t++) {
          const z = [0, 1, 2, 3].map((k) => tf.add(tf.slice(xg[k] as tf.Tensor, [t * b, 0], [b, H]), tf.matMul(h, ug[k] as tf.Tensor2D)));
          [h, c] = lstmCell(z, c);
          hs.push(h);
        }
        states = tf.transpose(tf.stack(hs, 0), [1, 0, 2]) as tf.Tensor3D;
        const scores = tf.add(tf.matMul(states, keys, false, true), tf.mul(tf.sub(tf.expandDims(tokenMask, 1), 1), 1e9));
        weights = tf.softmax(scores);
        context = tf.matMul(weights, memory);
      }
      const out = tf.tanh(dense3d(tf.concat([states, context], 2), this.weight('output_kernel'), this.weight('output_bias')));
      const dropped = training ? tf.dropout(out, this.dropout, undefined, dropoutSeed) : out;
      const logits = dense3d(dropped, tf.transpose(this.classEmbeddings()), this.weight('class_bias'));
      return [logits, tf.slice(out, [0, 1, 0], [b, steps - 1, H]), weights];
    });
  }

  /**
   * The decoder loop with location-aware attention: attention runs inside the
   * loop because each step's scores depend on the previous step's weights,
   * and the previous context enters the LSTM gates (input feeding).
   */
  private locationSteps(
    memory: tf.Tensor3D,
    keys: tf.Tensor,
    tokenMask: tf.Tensor,
    xg: tf.Tensor[],
    ug: tf.Tensor[],
    h0: tf.Tensor2D,
    c0: tf.Tensor2D,
    b: number,
    steps: number,
  ): [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D] {
    const H = this.units;
    const T = memory.shape[1];
    const feed = this.weight('feed_kernel');
    // Per gate, the recurrent and feed kernels stacked: one [B, H + M] x [H + M, H] product per gate and step.
    const joint = [0, 1, 2, 3].map((k) => tf.concat([ug[k] as tf.Tensor2D, tf.slice(feed, [0, k * H], [-1, H]) as tf.Tensor2D], 0) as tf.Tensor2D);
    const locKernel = this.weight('location_kernel') as tf.Tensor2D;
    const locBias = tf.reshape(this.weight('location_bias'), [1, LOCATION_FEATURES]);
    const keysT = tf.transpose(keys, [0, 2, 1]);
    const maskBias = tf.mul(tf.sub(tokenMask, 1), 1e9);
    const lengths = tf.maximum(tf.sum(tokenMask, 1, true), 1);
    const position = tf.mul(tf.div(tf.range(0, T, 1, 'float32').reshape([1, T]), lengths), tokenMask);
    // strictlyBefore[i][j] = 1 when i < j: a [B,T] x [T,T] product gives each position the attention mass before it.
    const strictlyBefore = tf.tensor2d(Array.from({ length: T * T }, (_, k) => (Math.floor(k / T) < k % T ? 1 : 0)), [T, T]);
    let h = h0;
    let c = c0;
    let ctx: tf.Tensor2D = tf.zeros([b, this.memoryUnits]);
    let after: tf.Tensor = tf.zeros([b, T]);
    let coverage: tf.Tensor = tf.zeros([b, T]);
    const hs: tf.Tensor[] = [];
    const ctxs: tf.Tensor[] = [];
    const attended: tf.Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      const hx = tf.concat([h, ctx], 1) as tf.Tensor2D;
      const z = [0, 1, 2, 3].map((k) => tf.add(tf.slice(xg[k] as tf.Tensor, [t * b, 0], [b, H]), tf.matMul(hx, joint[k] as tf.Tensor2D)));
      [h, c] = lstmCell(z, c);
      const w = tf.add(tf.matMul(h, locKernel), locBias);
      const slot = (k: number): tf.Tensor => tf.slice(w, [0, k], [b, 1]);
      let scores = tf.reshape(tf.matMul(tf.expandDims(h, 1), keysT), [b, T]);
      scores = tf.addN([scores, tf.mul(slot(0), after), tf.mul(slot(1), coverage), tf.mul(slot(2), position), maskBias]);
      const a = tf.softmax(scores);
      ctx = tf.reshape(tf.matMul(tf.expandDims(a, 1), memory), [b, this.memoryUnits]) as tf.Tensor2D;
      after = tf.matMul(a, strictlyBefore);
      coverage = tf.add(coverage, a);
      hs.push(h);
      ctxs.push(ctx);
      attended.push(a);
    }
    const byBatch = (xs: tf.Tensor[]): tf.Tensor3D => tf.transpose(tf.stack(xs, 0), [1, 0, 2]) as tf.Tensor3D;
    return [byBatch(hs), byBatch(ctxs), byBatch(attended)];
  }

  override dispose(): ReturnType<tf.layers.Layer['dispose']> {
    this.descIds?.dispose();
    this.descMask?.dispose();
    return super.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      numClasses: this.numClasses,
      taskEmbedDim: this.taskEmbedDim,
      units: this.units,
      memoryUnits: this.memoryUnits,
      descVocabSize: this.descVocabSize,
      descTokens: this.descTokens,
      dropout: this.dropout,
      attention: this.attention,
      seed: this.seed,
    };
  }
}
tf.serialization.registerClass(AttentionDecoder);

/** One LSTM step from the four gate pre-activations (input, forget, cell, output). */
function lstmCell(z: tf.Tensor[], cIn: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
  const [zi, zf, zg, zo] = z as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const c = tf.add(tf.mul(tf.sigmoid(zf), cIn), tf.mul(tf.sigmoid(zi), tf.tanh(zg))) as tf.Tensor2D;
  return [tf.mul(tf.sigmoid(zo), tf.tanh(c)) as tf.Tensor2D, c];
}
