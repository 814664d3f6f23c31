import * as tf from '@tensorflow/tfjs';
import type { WeightSpec } from '../../planner/learned/checkpoint.js';

/** A model's topology, weight specs and weights, captured through tfjs's own save path. */
export interface ModelArtifactsData {
  readonly modelTopology: Record<string, unknown>;
  readonly weightSpecs: WeightSpec[];
  readonly weightData: ArrayBuffer;
}

function concatBuffers(data: ArrayBuffer | ArrayBuffer[]): ArrayBuffer {
  if (!Array.isArray(data)) return data;
  const total = data.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

/** `model.save` into memory (tfjs-node's file:// handler is not available everywhere). */
export async function captureModel(model: tf.LayersModel): Promise<ModelArtifactsData> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const a = captured as tf.io.ModelArtifacts | null;
  if (!a?.weightSpecs || !a.weightData || !a.modelTopology) throw new Error('model.save produced no artifacts');
  return {
    modelTopology: a.modelTopology as Record<string, unknown>,
    weightSpecs: a.weightSpecs.map((s) => ({ name: s.name, shape: [...s.shape], dtype: 'float32' as const })),
    weightData: concatBuffers(a.weightData as ArrayBuffer | ArrayBuffer[]),
  };
}

/** Rebuilds a LayersModel from saved artifacts (custom layers must be registered, i.e. imported). */
export async function restoreModel(data: ModelArtifactsData): Promise<tf.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: data.modelTopology, weightSpecs: data.weightSpecs, weightData: data.weightData }));
}

/** Current weights by tfjs weight name, for the plain-JS forward pass used in validation. */
export function weightMapOf(model: tf.LayersModel): Map<string, Float32Array> {
  return new Map(model.weights.map((w) => [w.originalName, w.read().dataSync() as Float32Array] as const));
}

/** Adam's state (iterations, first and second moments) as one buffer plus specs. */
export async function captureOptimizer(optimizer: tf.Optimizer): Promise<{ specs: { name: string; shape: number[] }[]; data: Uint8Array }> {
  const named = await optimizer.getWeights();
  const arrays = named.map((n) => n.tensor.dataSync() as Float32Array);
  const total = arrays.reduce((s, a) => s + a.length, 0);
  const out = new Float32Array(total);
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return { specs: named.map((n) => ({ name: n.name, shape: [...n.tensor.shape] })), data: new Uint8Array(out.buffer) };
}

export async function restoreOptimizer(optimizer: tf.Optimizer, specs: readonly { name: string; shape: number[] }[], data: Uint8Array): Promise<void> {
  const floats = new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  let offset = 0;
  const named = specs.map((s) => {
    const size = s.shape.reduce((a, b) => a * b, 1);
    const tensor = tf.tensor(floats.subarray(offset, offset + size), s.shape);
    offset += size;
    return { name: s.name, tensor };
  });
  await optimizer.setWeights(named);
}
