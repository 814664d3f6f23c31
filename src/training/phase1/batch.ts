import * as tf from '@tensorflow/tfjs';
import { fillGraphInputs, PAIR_FEATURES, type GraphPrior, type IndexedSample } from '../../planner/learned/features.js';
import { PAD_ID, UNK_ID, type SubwordTokenizer } from '../../planner/learned/tokenizer.js';

/** A sample with its token ids computed once. */
export interface EncodedSample {
  readonly sample: IndexedSample;
  readonly tokens: Int32Array;
  /** Subwords before the padding. */
  readonly length: number;
  /** Per node, the [start, end) subwords that ask for it, when the sample has spans and was not truncated. */
  readonly tokenSpans: [number, number][] | null;
}

export interface BatchShape {
  readonly maxTokens: number;
  readonly maxNodes: number;
  /** Catalogue size (width of the task-set target). */
  readonly numTasks: number;
}

/** Model inputs and loss targets for one batch; dispose with `disposeBatch`. */
export interface Phase1Batch {
  readonly size: number;
  readonly inputs: tf.Tensor[];
  readonly target: tf.Tensor2D;
  readonly targetMask: tf.Tensor2D;
  readonly edgeTarget: tf.Tensor3D;
  /** Valid pairs i < j: the edge cross-entropy. */
  readonly upperMask: tf.Tensor3D;
  /** Valid pairs j <= i: the DAG penalty. */
  readonly lowerMask: tf.Tensor3D;
  readonly workerTarget: tf.Tensor2D;
  readonly workerMask: tf.Tensor2D;
  /** Multi-hot [B, K] of the tasks in each plan: the task-set head's target. */
  readonly setTarget: tf.Tensor2D;
  /** [B, L, T]: 1 on the subwords that ask for the task decoded at step l (samples with token spans). */
  readonly attentionTarget: tf.Tensor3D;
  /** [B, L]: the steps that have an attention target. */
  readonly attentionMask: tf.Tensor2D;
}

export function encodeSamples(samples: readonly IndexedSample[], tokenizer: SubwordTokenizer, maxTokens: number): EncodedSample[] {
  return samples.map((sample) => {
    const tokens = tokenizer.encodePadded(sample.instruction, maxTokens);
    const pad = tokens.indexOf(PAD_ID);
    return { sample, tokens, length: pad < 0 ? tokens.length : pad, tokenSpans: tokenSpansOf(sample, tokenizer, maxTokens) };
  });
}

/**
 * Character spans to subword spans: a span starts and ends at word
 * boundaries, so the subwords of the text before it are a prefix of the
 * instruction's. Null for truncated instructions (the middle is cut) and
 * spans that cover no subword.
 */
function tokenSpansOf(sample: IndexedSample, tokenizer: SubwordTokenizer, maxTokens: number): [number, number][] | null {
  if (!sample.spans) return null;
  if (tokenizer.encode(sample.instruction).length > maxTokens) return null;
  const at = (chars: number): number => tokenizer.encode(sample.instruction.slice(0, chars)).length;
  const spans = sample.spans.map(([start, end]): [number, number] => [at(start), at(end)]);
  return spans.every(([s, e]) => e > s) ? spans : null;
}

/**
 * @param tokenDropout share of instruction tokens replaced by [UNK] (training
 *   only): with ~2k samples the encoder otherwise memorises rare words.
 * @param random source for token dropout (seeded by the trainer).
 */
export function makeBatch(items: readonly EncodedSample[], shape: BatchShape, prior: GraphPrior, tokenDropout = 0, random: () => number = Math.random): Phase1Batch {
  const B = items.length;
  // Trailing columns that are padding in every row change nothing (masked in attention and pooling,
  // and the window past the end sees the padding id either way), so the batch is only as long as its
  // longest instruction: measured on wasm (stock kernels), a training step took 0.61 s at 96 tokens and 0.48 s at 64.
  const T = Math.min(shape.maxTokens, Math.max(2, ...items.map((item) => item.length)));
  const N = shape.maxNodes;
  const L = N + 1;
  const tokens = new Int32Array(B * T);
  const prev = new Int32Array(B * L);
  const target = new Int32Array(B * L);
  const targetMask = new Float32Array(B * L);
  const adj = new Float32Array(B * N * N);
  const pairs = new Float32Array(B * N * N * PAIR_FEATURES);
  const nodeMask = new Float32Array(B * N);
  const edgeTarget = new Float32Array(B * N * N);
  const upper = new Float32Array(B * N * N);
  const lower = new Float32Array(B * N * N);
  const workerTarget = new Int32Array(B * N);
  const workerMask = new Float32Array(B * N);
  const K = shape.numTasks;
  const setTarget = new Float32Array(B * K);
  const attentionTarget = new Float32Array(B * L * T);
  const attentionMask = new Float32Array(B * L);
  items.forEach(({ sample, tokens: ids, tokenSpans }, b) => {
    tokens.set(ids.subarray(0, T), b * T);
    if (tokenDropout > 0) for (let t = 0; t < T; t++) if (tokens[b * T + t] !== PAD_ID && random() < tokenDropout) tokens[b * T + t] = UNK_ID;
    const n = Math.min(sample.tasks.length, N);
    // The whole set, also tasks past maxNodes: the head should know about them even if the decoder is cut.
    for (const t of sample.tasks) setTarget[b * K + t] = 1;
    for (let k = 0; k < n; k++) {
      prev[b * L + k + 1] = (sample.tasks[k] as number) + 1;
      target[b * L + k] = (sample.tasks[k] as number) + 1;
      targetMask[b * L + k] = 1;
      nodeMask[b * N + k] = 1;
      const w = sample.workers[k] ?? -1;
      if (w >= 0) {
        workerTarget[b * N + k] = w;
        workerMask[b * N + k] = 1;
      }
    }
    targetMask[b * L + n] = 1; // END
    if (tokenSpans && tokenSpans.length >= n)
      for (let k = 0; k < n; k++) {
        const [start, end] = tokenSpans[k] as [number, number];
        for (let t = start; t < Math.min(end, T); t++) attentionTarget[(b * L + k) * T + t] = 1;
        attentionMask[b * L + k] = 1;
      }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) (j > i ? upper : lower)[b * N * N + i * N + j] = 1;
    for (const [s, t] of sample.links) if (s < n && t < n) edgeTarget[b * N * N + s * N + t] = 1;
    fillGraphInputs(sample.tasks.slice(0, n), prior, N, adj, pairs, b * N * N, b * N * N * PAIR_FEATURES);
  });
  return {
    size: B,
    inputs: [
      tf.tensor2d(tokens, [B, T], 'int32'),
      tf.tensor2d(prev, [B, L], 'int32'),
      tf.tensor3d(adj, [B, N, N]),
      tf.tensor4d(pairs, [B, N, N, PAIR_FEATURES]),
      tf.tensor2d(nodeMask, [B, N]),
    ],
    target: tf.tensor2d(target, [B, L], 'int32'),
    targetMask: tf.tensor2d(targetMask, [B, L]),
    edgeTarget: tf.tensor3d(edgeTarget, [B, N, N]),
    upperMask: tf.tensor3d(upper, [B, N, N]),
    lowerMask: tf.tensor3d(lower, [B, N, N]),
    workerTarget: tf.tensor2d(workerTarget, [B, N], 'int32'),
    workerMask: tf.tensor2d(workerMask, [B, N]),
    setTarget: tf.tensor2d(setTarget, [B, K]),
    attentionTarget: tf.tensor3d(attentionTarget, [B, L, T]),
    attentionMask: tf.tensor2d(attentionMask, [B, L]),
  };
}

export function disposeBatch(batch: Phase1Batch): void {
  tf.dispose([...batch.inputs, batch.target, batch.targetMask, batch.edgeTarget, batch.upperMask, batch.lowerMask, batch.workerTarget, batch.workerMask, batch.setTarget, batch.attentionTarget, batch.attentionMask]);
}
