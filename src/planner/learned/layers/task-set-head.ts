import * as tf from '@tensorflow/tfjs';
import { asShapeList, asTensorList, glorot, maxOverAxis1, type LayerArgs, type Shape } from './common.js';

export interface TaskSetHeadArgs extends LayerArgs {
  /** Catalogue size: one logit per task. */
  numTasks: number;
  /** Width of the encoder memory. */
  memoryUnits: number;
  /** Width of the hidden layer. */
  units: number;
  seed: number;
}

/**
 * Which tasks the plan contains, as independent logits [B, numTasks], read
 * from the instruction alone: max- and mean-pooled encoder memory (padding
 * excluded), a ReLU layer, then one logit per task. Trained with sigmoid
 * cross-entropy on the plan's task set. The decoder emits tasks one at a time
 * and measured too few on Hugging Face chains (fewer nodes than the gold on
 * 39 of 93); this head sees the whole set at once, and decoding adds its
 * logits to the decoder's scores (fast-net.ts).
 */
export class TaskSetHead extends tf.layers.Layer {
  static className = 'TaskSetHead';
  readonly numTasks: number;
  readonly memoryUnits: number;
  readonly units: number;
  readonly seed: number;
  private w: Record<string, tf.LayerVariable> = {};

  constructor(args: TaskSetHeadArgs) {
    super(args);
    this.numTasks = args.numTasks;
    this.memoryUnits = args.memoryUnits;
    this.units = args.units;
    this.seed = args.seed;
  }

  override build(): void {
    const add = (name: string, shape: number[], init: tf.serialization.Serializable): void => {
      this.w[name] = this.addWeight(name, shape, 'float32', init as ReturnType<typeof tf.initializers.zeros>);
    };
    add('hidden_kernel', [2 * this.memoryUnits, this.units], glorot(this.seed, 61));
    add('hidden_bias', [this.units], tf.initializers.zeros());
    add('out_kernel', [this.units, this.numTasks], glorot(this.seed, 62));
    add('out_bias', [this.numTasks], tf.initializers.zeros());
    this.built = true;
  }

  private weight(name: string): tf.Tensor {
    const v = this.w[name];
    if (!v) throw new Error(`TaskSetHead weight ${name} missing (layer not built)`);
    return v.read();
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [memory] = asShapeList(inputShape, 2, 'TaskSetHead') as [Shape, Shape];
    return [memory[0] ?? null, this.numTasks];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [memory, tokens] = asTensorList(inputs, 2, 'TaskSetHead') as [tf.Tensor3D, tf.Tensor];
      const mask = tf.expandDims(tf.cast(tf.notEqual(tf.cast(tokens, 'int32'), 0), 'float32'), 2);
      // Padding rows of the memory are 0; push them far down so the max sees real positions only.
      const max = maxOverAxis1(tf.add(memory, tf.mul(tf.sub(mask, 1), 1e9)));
      const mean = tf.div(tf.sum(memory, 1), tf.maximum(tf.sum(mask, 1), 1));
      const hidden = tf.relu(tf.add(tf.matMul(tf.concat([max, mean], 1) as tf.Tensor2D, this.weight('hidden_kernel') as tf.Tensor2D), this.weight('hidden_bias')));
      return tf.add(tf.matMul(hidden as tf.Tensor2D, this.weight('out_kernel') as tf.Tensor2D), this.weight('out_bias'));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), numTasks: this.numTasks, memoryUnits: this.memoryUnits, units: this.units, seed: this.seed };
  }
}
tf.serialization.registerClass(TaskSetHead);
