import * as tf from '@tensorflow/tfjs';
import { asShapeList, asTensorList, dense3d, glorot, type LayerArgs, type Shape } from './common.js';

export type GnnKind = 'gcn' | 'gat' | 'sage';

export interface ToolGraphConvArgs extends LayerArgs {
  /** Output width; when equal to the input width the layer adds a residual connection. */
  units: number;
  /** GCN (symmetric normalised adjacency), GAT (attention over neighbours) or GraphSAGE (mean of in- and out-neighbours). */
  kind: GnnKind;
  seed: number;
}

/**
 * One message-passing layer over the plan's nodes. The graph is the domain's
 * tool graph restricted to the emitted tasks (A[i][j] = 1 when task i's
 * output can feed task j), so a node learns which of the other emitted tasks
 * could feed it or consume it. Inputs: [nodes [B,N,D], adjacency [B,N,N],
 * node mask [B,N]]; output [B,N,units], zero on padding nodes.
 */
export class ToolGraphConv extends tf.layers.Layer {
  static className = 'ToolGraphConv';
  readonly units: number;
  readonly kind: GnnKind;
  readonly seed: number;
  private inputDim = 0;
  private w: Record<string, tf.LayerVariable> = {};

  constructor(args: ToolGraphConvArgs) {
    super(args);
    this.units = args.units;
    this.kind = args.kind;
    this.seed = args.seed;
  }

  override build(inputShape: Shape | Shape[]): void {
    const [nodes] = asShapeList(inputShape, 3, 'ToolGraphConv') as [Shape];
    this.inputDim = nodes[2] ?? 0;
    const s = this.seed;
    const add = (name: string, shape: number[], offset: number): void => {
      this.w[name] = this.addWeight(name, shape, 'float32', offset < 0 ? tf.initializers.zeros() : glorot(s, offset));
    };
    add('self_kernel', [this.inputDim, this.units], 21);
    add('bias', [this.units], -1);
    if (this.kind === 'sage') {
      add('in_kernel', [this.inputDim, this.units], 22);
      add('out_kernel', [this.inputDim, this.units], 23);
    }
    if (this.kind === 'gat') {
      add('attn_source', [this.units, 1], 24);
      add('attn_target', [this.units, 1], 25);
    }
    this.built = true;
  }

  private weight(name: string): tf.Tensor {
    const v = this.w[name];
    if (!v) throw new Error(`ToolGraphConv weight ${name} missing (layer not built)`);
    return v.read();
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [nodes] = asShapeList(inputShape, 3, 'ToolGraphConv') as [Shape];
    return [nodes[0] ?? null, nodes[1] ?? null, this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [x, adjRaw, maskRaw] = asTensorList(inputs, 3, 'ToolGraphConv') as [tf.Tensor3D, tf.Tensor3D, tf.Tensor2D];
      const n = x.shape[1];
      const mask = tf.cast(maskRaw, 'float32');
      const pairMask = tf.mul(tf.expandDims(mask, 2), tf.expandDims(mask, 1));
      const adj = tf.mul(tf.cast(adjRaw, 'float32'), pairMask);
      let h: tf.Tensor;
      if (this.kind === 'sage') {
        const outAgg = tf.div(tf.matMul(adj, x), tf.maximum(tf.sum(adj, 2, true), 1));
        const adjT = tf.transpose(adj, [0, 2, 1]);
        const inAgg = tf.div(tf.matMul(adjT, x), tf.maximum(tf.sum(adjT, 2, true), 1));
        h = tf.add(tf.add(dense3d(x, this.weight('self_kernel'), this.weight('bias')), dense3d(inAgg, this.weight('in_kernel'))), dense3d(outAgg, this.weight('out_kernel')));
      } else {
        const eye = tf.mul(tf.expandDims(tf.eye(n), 0), pairMask);
        const sym = tf.minimum(tf.add(tf.add(adj, tf.transpose(adj, [0, 2, 1])), eye), 1);
        const wx = dense3d(x, this.weight('self_kernel'));
        if (this.kind === 'gcn') {
          const dInv = tf.rsqrt(tf.maximum(tf.sum(sym, 2), 1));
          const norm = tf.mul(tf.mul(sym, tf.expandDims(dInv, 2)), tf.expandDims(dInv, 1));
          h = tf.add(tf.matMul(norm, wx), this.weight('bias'));
        } else {
          const src = dense3d(wx, this.weight('attn_source'));
          const dst = tf.transpose(dense3d(wx, this.weight('attn_target')), [0, 2, 1]);
          const e = tf.leakyRelu(tf.add(src, dst), 0.2);
          const alpha = tf.softmax(tf.add(e, tf.mul(tf.sub(sym, 1), 1e9)));
          h = tf.add(tf.matMul(alpha, wx), this.weight('bias'));
        }
      }
      h = tf.relu(h);
      if (this.inputDim === this.units) h = tf.add(h, x);
      return tf.mul(h, tf.expandDims(mask, 2));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, kind: this.kind, seed: this.seed };
  }
}
tf.serialization.registerClass(ToolGraphConv);
