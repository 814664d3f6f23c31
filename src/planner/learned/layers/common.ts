import * as tf from '@tensorflow/tfjs';

/** tfjs does not export `LayerArgs`; this is the argument type of `tf.layers.Layer`'s constructor. */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
export type Shape = (number | null)[];

/** Seeded Glorot initialiser: each weight of a layer gets its own offset so training is reproducible for a seed. */
export function glorot(seed: number, offset: number): tf.serialization.Serializable & ReturnType<typeof tf.initializers.glorotUniform> {
  return tf.initializers.glorotUniform({ seed: seed * 131 + offset });
}

export function asTensorList(inputs: tf.Tensor | tf.Tensor[], count: number, layer: string): tf.Tensor[] {
  if (!Array.isArray(inputs) || inputs.length !== count) throw new TypeError(`${layer} expects ${count} inputs`);
  return inputs;
}

export function asShapeList(shape: Shape | Shape[], count: number, layer: string): Shape[] {
  if (!Array.isArray(shape[0]) || shape.length !== count) throw new TypeError(`${layer} expects ${count} input shapes`);
  return shape as Shape[];
}

/** [B, X, In] x [In, Out] -> [B, X, Out] as one 2-D matMul (tfjs batched matMul would tile the kernel). */
export function dense3d(x: tf.Tensor, kernel: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  const [b, n, d] = x.shape as [number, number, number];
  let y = tf.matMul(tf.reshape(x, [b * n, d]), kernel as tf.Tensor2D);
  if (bias) y = tf.add(y, bias);
  return tf.reshape(y, [b, n, kernel.shape[1] as number]);
}
