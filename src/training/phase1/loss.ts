import * as tf from '@tensorflow/tfjs';
import type { Phase1Batch } from './batch.js';

/** Scalar parts of the Phase 1 loss. `ce` = task CE + edge BCE + worker CE + task-set BCE; `total` = ce + lambdaDag * dag. */
export interface LossParts {
  readonly total: tf.Scalar;
  readonly ce: tf.Scalar;
  readonly dag: tf.Scalar;
  readonly taskCe: tf.Scalar;
  readonly edgeCe: tf.Scalar;
  readonly workerCe: tf.Scalar;
  /** Task-set head: sigmoid CE summed over the catalogue, mean over samples (0 without the head). */
  readonly setCe: tf.Scalar;
  /** Guided attention: -log of the attention mass on the span that asks for each step's task (0 without targets). */
  readonly attentionCe: tf.Scalar;
}

function maskedMean(values: tf.Tensor, mask: tf.Tensor): tf.Scalar {
  return tf.div(tf.sum(tf.mul(values, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
}

/** Softmax CE; `smoothing` moves that share of the target's mass evenly over all classes. */
function softmaxCe(logits: tf.Tensor, target: tf.Tensor, mask: tf.Tensor, smoothing = 0): tf.Scalar {
  const classes = logits.shape[logits.shape.length - 1] as number;
  // One class: nothing to choose, and tfjs' oneHot refuses depth 1.
  if (classes < 2) return tf.scalar(0);
  const logp = tf.logSoftmax(logits);
  let picked = tf.sum(tf.mul(logp, tf.oneHot(tf.cast(target, 'int32'), classes)), -1);
  if (smoothing > 0) picked = tf.add(tf.mul(picked, 1 - smoothing), tf.mul(tf.mean(logp, -1), smoothing));
  return tf.neg(maskedMean(picked, mask)) as tf.Scalar;
}

export interface LossWeights {
  readonly lambdaDag: number;
  /** @default 0.2 */
  readonly workerWeight?: number;
  /** Task-set head's BCE. @default 0.5 */
  readonly setWeight?: number;
  /** Label smoothing of the task decoder's targets (training only). @default 0 */
  readonly labelSmoothing?: number;
  /** Guided-attention loss; needs the decoder's attention weights. @default 0 */
  readonly attentionWeight?: number;
}

/** Numerically stable sigmoid cross-entropy: max(x, 0) - x z + log(1 + e^-|x|). */
function sigmoidCe(logits: tf.Tensor, labels: tf.Tensor): tf.Tensor {
  return tf.add(tf.sub(tf.relu(logits), tf.mul(logits, labels)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
}

/**
 * The Phase 1 loss of one batch. The DAG penalty is the mean edge probability
 * on pairs j <= i (the lower triangle and diagonal in emission order): those
 * edges would break the topological order, decoding never keeps them, and the
 * penalty teaches the scorer to put no mass there. (We use this rather than
 * NOTEARS' tr(e^{A.A}) - n because the order is known, so acyclicity reduces
 * to "no backward edges" and the penalty is linear-time.)
 */
export function phase1Loss(outputs: tf.Tensor[], batch: Phase1Batch, weights: LossWeights, attention?: tf.Tensor): LossParts {
  const { lambdaDag, workerWeight = 0.2, setWeight = 0.5, labelSmoothing = 0, attentionWeight = 0 } = weights;
  const [taskLogits, edgeLogits, workerLogits, setLogits] = outputs as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
  const taskCe = softmaxCe(taskLogits, batch.target, batch.targetMask, labelSmoothing);
  const edgeCe = maskedMean(sigmoidCe(edgeLogits, batch.edgeTarget), batch.upperMask);
  const workerCe = softmaxCe(workerLogits, batch.workerTarget, batch.workerMask);
  const dag = maskedMean(tf.sigmoid(edgeLogits), batch.lowerMask);
  // Summed over the catalogue (mean over samples) so its scale matches a few decoder steps, not 1/K of one.
  const setCe = setLogits ? (tf.div(tf.sum(sigmoidCe(setLogits, batch.setTarget)), Math.max(batch.size, 1)) as tf.Scalar) : tf.scalar(0);
  const attentionCe = attention && attentionWeight > 0 ? guidedAttentionCe(attention, batch) : tf.scalar(0);
  const ce = tf.addN([taskCe, edgeCe, tf.mul(workerCe, workerWeight), tf.mul(setCe, setWeight), tf.mul(attentionCe, attentionWeight)]) as tf.Scalar;
  const total = tf.add(ce, tf.mul(dag, lambdaDag)) as tf.Scalar;
  return { total, ce, dag, taskCe, edgeCe, workerCe, setCe, attentionCe };
}

/**
 * Mean over the steps with a target of -log(attention mass on the target
 * span): the decoder is taught to read the part of the request that asks for
 * the task it emits, rather than only to emit the task.
 */
function guidedAttentionCe(attention: tf.Tensor, batch: Phase1Batch): tf.Scalar {
  const mass = tf.sum(tf.mul(attention, batch.attentionTarget), -1);
  return tf.neg(maskedMean(tf.log(tf.add(mass, 1e-6)), batch.attentionMask)) as tf.Scalar;
}
