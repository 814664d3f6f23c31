import * as tf from '@tensorflow/tfjs';
import { asShapeList, asTensorList, dense3d, glorot, type LayerArgs, type Shape } from './common.js';

export interface EdgeScorerArgs extends LayerArgs {
  /** Hidden width of the pair MLP. */
  units: number;
  /** Number of hand-made pair features (tool-graph prior, order, ...), see features.ts. */
  pairFeatures: number;
  seed: number;
}

/**
 * Scores every ordered pair of nodes as a dependency i -> j:
 * logit[i][j] = v . tanh(W_s h_i + W_t h_j + W_p f_ij + b) + c, where f_ij are
 * pair features such as "the tool graph links task i to task j". All pairs
 * are scored (the DAG penalty in the loss needs the j <= i ones); decoding
 * keeps only i < j. Inputs: [nodes [B,N,D], pair features [B,N,N,F]];
 * output logits [B,N,N].
 */
export class EdgeScorer extends tf.layers.Layer {
  static className = 'EdgeScorer';
  readonly units: number;
  readonly pairFeatures: number;
  readonly seed: number;
  private w: Record<string, tf.LayerVariable> = {};

  constructor(args: EdgeScorerArgs) {
    super(args);
    this.units = args.units;
    this.pairFeatures = args.pairFeatures;
    this.seed = args.seed;
  }

  override build(inputShape: Shape | Shape[]): void {
    const [nodes] = asShapeList(inputShape, 2, 'EdgeScorer') as [Shape];
    const d = nodes[2] ?? 0;
    const s = this.seed;
    this.w.source_kernel = this.addWeight('source_kernel', [d, this.units], 'float32', glorot(s, 31));
    this.w.target_kernel = this.addWeight('target_kernel', [d, this.units], 'float32', glorot(s, 32));
    this.w.pair_kernel = this.addWeight('pair_kernel', [this.pairFeatures, this.units], 'float32', glorot(s, 33));
    this.w.bias = this.addWeight('bias', [this.units], 'float32', tf.initializers.zeros());
    this.w.out_kernel = this.addWeight('out_kernel', [this.units, 1], 'float32', glorot(s, 34));
    this.w.out_bias = this.addWeight('out_bias', [1], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  private weight(name: string): tf.Tensor {
    const v = this.w[name];
    if (!v) throw new Error(`EdgeScorer weight ${name} missing (layer not built)`);
    return v.read();
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [nodes] = asShapeList(inputShape, 2, 'EdgeScorer') as [Shape];
    return [nodes[0] ?? null, nodes[1] ?? null, nodes[1] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [x, pair] = asTensorList(inputs, 2, 'EdgeScorer') as [tf.Tensor3D, tf.Tensor4D];
      const [b, n] = x.shape as [number, number, number];
      const src = tf.expandDims(dense3d(x, this.weight('source_kernel'), this.weight('bias')), 2);
      const dst = tf.expandDims(dense3d(x, this.weight('target_kernel')), 1);
      const pf = tf.reshape(dense3d(tf.reshape(pair, [b, n * n, this.pairFeatures]), this.weight('pair_kernel')), [b, n, n, this.units]);
      const hidden = tf.tanh(tf.add(tf.add(src, dst), pf));
      const logits = tf.add(dense3d(tf.reshape(hidden, [b, n * n, this.units]), this.weight('out_kernel')), this.weight('out_bias'));
      return tf.reshape(logits, [b, n, n]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, pairFeatures: this.pairFeatures, seed: this.seed };
  }
}
tf.serialization.registerClass(EdgeScorer);
