import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

interface DisposingBackend {
  disposeData(dataId: unknown): unknown;
}

/** Swaps the last two axes. */
function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

/**
 * Replaces the wasm backend's BatchMatMul with one that transposes flagged
 * operands first. The stock kernel sends any transposed product to a scalar
 * fallback loop instead of XNNPACK: measured here, [1536,128] x [128,128]^T
 * takes 23 ms against 2.7 ms for an explicit transpose and the plain product.
 * Every matMul gradient is a transposed product, so this decides how fast
 * Phase 1 trains (`npm run bench:kernels`).
 */
export function registerFastWasmBatchMatMul(): void {
  const stock = tf.getKernel(tf.BatchMatMul, 'wasm');
  const transpose = tf.getKernel(tf.Transpose, 'wasm');
  if (!stock || !transpose) return;
  // Registered once per process; a second call would wrap the wrapper.
  if ((stock.kernelFunc as KernelFunc & { orchestaiFast?: boolean }).orchestaiFast) return;
  const plain = stock.kernelFunc;
  const fast: KernelFunc & { orchestaiFast?: boolean } = ({ inputs, backend, attrs }) => {
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return plain({ inputs, backend, attrs });
    const owned: TensorInfo[] = [];
    const upright = (x: TensorInfo, flagged: boolean): TensorInfo => {
      if (!flagged) return x;
      const t = transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm: swapLastTwo(x.shape.length) } as unknown as NamedAttrMap }) as TensorInfo;
      owned.push(t);
      return t;
    };
    const a = upright(inputs.a as TensorInfo, transposeA);
    const b = upright(inputs.b as TensorInfo, transposeB);
    const out = plain({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } as unknown as NamedAttrMap });
    for (const t of owned) (backend as unknown as DisposingBackend).disposeData(t.dataId);
    return out;
  };
  fast.orchestaiFast = true;
  tf.unregisterKernel(tf.BatchMatMul, 'wasm');
  tf.registerKernel({ ...stock, kernelFunc: fast });
}
