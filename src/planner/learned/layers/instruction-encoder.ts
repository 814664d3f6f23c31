import * as tf from '@tensorflow/tfjs';
import { CONTEXT_KEY_DIM } from '../spec.js';
import { asShapeList, dense3d, glorot, type LayerArgs, type Shape } from './common.js';

export interface InstructionEncoderArgs extends LayerArgs {
  /** Subword vocabulary size (id 0 is padding). */
  vocabSize: number;
  /** Subword embedding width. */
  embedDim: number;
  /** Width of each encoded position (the attention memory). */
  units: number;
  /** Self-attention context layers after the convolution (0: none). @default 0 */
  contextLayers?: number;
  /** Seed for the initialisers. */
  seed: number;
}

interface ContextWeights {
  readonly query: tf.LayerVariable;
  readonly key: tf.LayerVariable;
  readonly out: tf.LayerVariable;
  readonly bias: tf.LayerVariable;
}

/**
 * Encodes subword ids [B, T] into an attention memory [B, T, units] and a
 * pooled vector [B, units]: embeddings, then one width-3 convolution (a dense
 * layer over [x(t-1), x(t), x(t+1)]) so it sees word order ("text to image"
 * vs "image to text"). Beyond the instruction's ends the window sees the
 * padding embedding (row 0, learned as a boundary marker). Padding positions
 * are zero in the memory and excluded from the mean.
 *
 * A width-3 window tells what a word is, not what the request around it is
 * about ("describe the scene in my narration" is speech recognition because of
 * a word ten tokens away). Each context layer lets every position attend over
 * the whole request, one head with narrow queries and keys over the memory
 * itself: m + tanh(softmax(m Wq (m Wk)^T / sqrt(d)) m Wo + b).
 */
export class InstructionEncoder extends tf.layers.Layer {
  static className = 'InstructionEncoder';
  readonly vocabSize: number;
  readonly embedDim: number;
  readonly units: number;
  readonly contextLayers: number;
  readonly seed: number;
  private context: ContextWeights[] = [];
  private embeddings!: tf.LayerVariable;
  private kernel!: tf.LayerVariable;
  private bias!: tf.LayerVariable;

  constructor(args: InstructionEncoderArgs) {
    super(args);
    this.vocabSize = args.vocabSize;
    this.embedDim = args.embedDim;
    this.units = args.units;
    this.contextLayers = args.contextLayers ?? 0;
    this.seed = args.seed;
  }

  override build(): void {
    this.embeddings = this.addWeight('embeddings', [this.vocabSize, this.embedDim], 'float32', tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: this.seed * 131 + 1 }));
    this.kernel = this.addWeight('kernel', [3 * this.embedDim, this.units], 'float32', glorot(this.seed, 2));
    this.bias = this.addWeight('bias', [this.units], 'float32', tf.initializers.zeros());
    this.context = Array.from({ length: this.contextLayers }, (_, l) => ({
      query: this.addWeight(`context_${l}_query`, [this.units, CONTEXT_KEY_DIM], 'float32', glorot(this.seed, 10 + 4 * l)),
      key: this.addWeight(`context_${l}_key`, [this.units, CONTEXT_KEY_DIM], 'float32', glorot(this.seed, 11 + 4 * l)),
      // Zero output kernel: training starts from the plain convolution and learns how much context to add.
      out: this.addWeight(`context_${l}_out`, [this.units, this.units], 'float32', tf.initializers.zeros()),
      bias: this.addWeight(`context_${l}_bias`, [this.units], 'float32', tf.initializers.zeros()),
    }));
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? asShapeList(inputShape, 1, 'InstructionEncoder')[0] : inputShape) as Shape;
    return [[shape[0] ?? null, shape[1] ?? null, this.units], [shape[0] ?? null, this.units]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
    return tf.tidy(() => {
      const ids = tf.cast(Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs, 'int32');
      const [b, t] = ids.shape as [number, number];
      const mask = tf.expandDims(tf.cast(tf.notEqual(ids, 0), 'float32'), 2);
      // The width-3 window as three gathers of shifted ids and three matMuls: shifting
      // the small int ids is cheap, shifting and concatenating float activations is not.
      const zero = tf.zeros([b, 1], 'int32');
      const shifted = [tf.concat([zero, tf.slice(ids, [0, 0], [b, t - 1])], 1), ids, tf.concat([tf.slice(ids, [0, 1], [b, t - 1]), zero], 1)];
      const emb = this.embeddings.read();
      const kernel = this.kernel.read();
      let pre: tf.Tensor = tf.reshape(this.bias.read(), [1, this.units]);
      shifted.forEach((s, k) => {
        const x = tf.gather(emb, tf.reshape(s, [-1])) as tf.Tensor2D;
        pre = tf.add(pre, tf.matMul(x, tf.slice(kernel, [k * this.embedDim, 0], [this.embedDim, -1]) as tf.Tensor2D));
      });
      let memory: tf.Tensor = tf.mul(tf.reshape(tf.tanh(pre), [b, t, this.units]), mask);
      if (this.context.length > 0) {
        // Padding keys get -1e9 so no position attends to them; padding rows are re-masked below.
        const keyBias = tf.mul(tf.sub(tf.reshape(mask, [b, 1, t]), 1), 1e9);
        const scale = 1 / Math.sqrt(CONTEXT_KEY_DIM);
        for (const layer of this.context) {
          const q = dense3d(memory, layer.query.read());
          const k = dense3d(memory, layer.key.read());
          const weights = tf.softmax(tf.add(tf.mul(tf.matMul(q, k, false, true), scale), keyBias));
          const mixed = dense3d(tf.matMul(weights, memory), layer.out.read(), layer.bias.read());
          memory = tf.mul(tf.add(memory, tf.tanh(mixed)), mask);
        }
      }
      const count = tf.maximum(tf.sum(mask, 1), 1);
      const pooled = tf.div(tf.sum(memory, 1), count);
      return [memory, pooled];
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), vocabSize: this.vocabSize, embedDim: this.embedDim, units: this.units, contextLayers: this.contextLayers, seed: this.seed };
  }
}
tf.serialization.registerClass(InstructionEncoder);
