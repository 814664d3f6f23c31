import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { registerFastWasmBatchMatMul } from './wasm-batch-matmul.js';

/**
 * Picks the fastest tfjs backend available here and says which one runs.
 * tfjs-node (native) is an optional dependency that cannot install on every
 * machine; without it we use the pure-JS cpu backend with one kernel replaced:
 * the stock cpu `UnsortedSegmentSum` (the gradient of `gather`, i.e. of every
 * embedding lookup) loops over all segments, O(segments x rows), which made an
 * embedding model 50x slower than it needs to be.
 */

export interface BackendInfo {
  /** `tensorflow` (tfjs-node), `cpu` or `wasm`. */
  readonly name: string;
  /** One line for logs and the metrics `start` line. */
  readonly description: string;
}

let initialised: BackendInfo | null = null;

interface CpuBackendLike {
  readSync(dataId: unknown): unknown;
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array | Int32Array): TensorInfo;
}

interface WasmBackendLike {
  readSync(dataId: unknown): unknown;
  makeOutput(shape: number[], dtype: string, memoryOffset?: number, values?: Float32Array): TensorInfo;
}

/** Linear-time segment sum: one pass over the rows of `x`. */
function segmentSum(x: TensorInfo, segmentIds: TensorInfo, numSegments: number, read: (t: TensorInfo) => unknown): { shape: number[]; out: Float32Array } {
  const values = read(x) as Float32Array;
  const ids = read(segmentIds) as Int32Array | Float32Array;
  const rows = ids.length;
  const inner = rows === 0 ? 0 : values.length / rows;
  const out = new Float32Array(numSegments * inner);
  for (let r = 0; r < rows; r++) {
    const seg = ids[r] as number;
    if (seg < 0 || seg >= numSegments) continue;
    const src = r * inner;
    const dst = seg * inner;
    for (let k = 0; k < inner; k++) out[dst + k] = (out[dst + k] as number) + (values[src + k] as number);
  }
  return { shape: [numSegments, ...x.shape.slice(segmentIds.shape.length)], out };
}

const cpuSegmentSum: KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as unknown as CpuBackendLike;
  const { shape, out } = segmentSum(inputs.x as TensorInfo, inputs.segmentIds as TensorInfo, (attrs as { numSegments: number }).numSegments, (t) => cpu.readSync(t.dataId));
  return cpu.makeTensorInfo(shape, 'float32', out);
};

/** The wasm backend has no UnsortedSegmentSum at all, so embeddings could not train there. */
const wasmSegmentSum: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as unknown as WasmBackendLike;
  const { shape, out } = segmentSum(inputs.x as TensorInfo, inputs.segmentIds as TensorInfo, (attrs as { numSegments: number }).numSegments, (t) => wasm.readSync(t.dataId));
  return wasm.makeOutput(shape, 'float32', undefined, out);
};

function registerSegmentSum(backendName: string, kernelFunc: KernelFunc): void {
  const config: KernelConfig = { kernelName: tf.UnsortedSegmentSum, backendName, kernelFunc };
  if (tf.getKernel(tf.UnsortedSegmentSum, backendName)) tf.unregisterKernel(tf.UnsortedSegmentSum, backendName);
  tf.registerKernel(config);
}

async function tryNative(): Promise<boolean> {
  try {
    // A variable specifier keeps TypeScript from requiring the optional package's types.
    const name = '@tensorflow/tfjs-node';
    await import(name);
    return tf.getBackend() === 'tensorflow' || (await tf.setBackend('tensorflow'));
  } catch {
    return false;
  }
}

/**
 * Initialises tfjs once per process: tfjs-node when installed, else wasm,
 * else cpu. `prefer: 'cpu'` skips the native and wasm probes (tests, and
 * bit-for-bit determinism across machines); `prefer: 'wasm'` skips native.
 */
export async function initBackend(options: { prefer?: 'auto' | 'cpu' | 'wasm'; /** Keep wasm's stock BatchMatMul (bench:kernels compares). */ stockMatMul?: boolean } = {}): Promise<BackendInfo> {
  if (initialised) return initialised;
  if (options.prefer !== 'cpu' && options.prefer !== 'wasm' && (await tryNative())) {
    initialised = { name: 'tensorflow', description: 'tfjs-node (native TensorFlow)' };
    return initialised;
  }
  // After native, wasm is the fastest here (a Phase 1 step: 0.31 s on wasm vs 1.2-1.4 s on cpu); cpu only
  // when asked for or when wasm cannot start.
  if (options.prefer !== 'cpu') {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
      registerSegmentSum('wasm', wasmSegmentSum);
      if (!options.stockMatMul) registerFastWasmBatchMatMul();
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        initialised = {
          name: 'wasm',
          description: `tfjs wasm backend (SIMD) with a JS UnsortedSegmentSum kernel${options.stockMatMul ? '' : ' and transpose-first BatchMatMul'}`,
        };
        return initialised;
      }
    } catch (err) {
      if (options.prefer === 'wasm') throw err;
    }
  }
  registerSegmentSum('cpu', cpuSegmentSum);
  await tf.setBackend('cpu');
  await tf.ready();
  initialised = {
    name: 'cpu',
    description: 'tfjs cpu backend (pure JS; tfjs-node not installed) with a linear-time UnsortedSegmentSum kernel',
  };
  return initialised;
}
