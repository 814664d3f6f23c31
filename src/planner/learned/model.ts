import * as tf from '@tensorflow/tfjs';
import { AttentionDecoder } from './layers/attention-decoder.js';
import { EdgeScorer } from './layers/edge-scorer.js';
import { InstructionEncoder } from './layers/instruction-encoder.js';
import { TaskSetHead } from './layers/task-set-head.js';
import { ToolGraphConv } from './layers/tool-graph-conv.js';
import type { ModelSpec } from './spec.js';

/** Model input names, in order: the batch builder produces tensors in this order. */
export const INPUTS = ['tokens', 'prev_tasks', 'adjacency', 'pair_features', 'node_mask'] as const;

/** The layers of a planner model, for running it without LayersModel's executor. */
export interface PlannerLayers {
  readonly encoder: tf.layers.Layer;
  readonly decoder: tf.layers.Layer;
  readonly gnn: readonly tf.layers.Layer[];
  readonly edges: tf.layers.Layer;
  readonly workers: tf.layers.Layer;
  /** Null when the spec has no task-set head (`setHidden` 0). */
  readonly taskSet: tf.layers.Layer | null;
}

export interface PlannerModel {
  readonly model: tf.LayersModel;
  readonly layers: PlannerLayers;
}

/**
 * The whole planner as one tfjs LayersModel (so it saves and loads in tfjs's
 * own format): encoder -> attention LSTM decoder (teacher-forced on the
 * previous tasks) -> GNN over the emitted nodes with the tool graph as
 * adjacency -> edge scorer and worker-selector heads; plus, when
 * `spec.setHidden` > 0, the task-set head on the encoder memory.
 */
export function buildPlannerModel(spec: ModelSpec, descTokens: number[][]): PlannerModel {
  const T = spec.maxTokens;
  const L = spec.maxNodes + 1;
  const N = spec.maxNodes;
  const tokens = tf.input({ shape: [T], dtype: 'int32', name: 'tokens' });
  const prev = tf.input({ shape: [L], dtype: 'int32', name: 'prev_tasks' });
  const adjacency = tf.input({ shape: [N, N], name: 'adjacency' });
  const pairs = tf.input({ shape: [N, N, spec.pairFeatures], name: 'pair_features' });
  const nodeMask = tf.input({ shape: [N], name: 'node_mask' });

  const encoder = new InstructionEncoder({ name: 'encoder', vocabSize: spec.vocabSize, embedDim: spec.embedDim, units: spec.hidden, contextLayers: spec.contextLayers, seed: spec.seed });
  const decoder = new AttentionDecoder({
    name: 'decoder',
    numClasses: spec.tasks.length + 1,
    taskEmbedDim: spec.embedDim,
    units: spec.hidden,
    memoryUnits: spec.hidden,
    descVocabSize: spec.descVocabSize,
    descTokens,
    dropout: spec.dropout,
    attention: spec.attention,
    seed: spec.seed,
  });
  const gnn = Array.from({ length: spec.gnnLayers }, (_, k) => new ToolGraphConv({ name: `gnn_${k}`, units: spec.hidden, kind: spec.gnn, seed: spec.seed + k }));
  const edges = new EdgeScorer({ name: 'edges', units: spec.edgeUnits, pairFeatures: spec.pairFeatures, seed: spec.seed });
  const workers = tf.layers.dense({ name: 'workers', units: spec.workers.length, kernelInitializer: tf.initializers.glorotUniform({ seed: spec.seed * 131 + 41 }) });

  const [memory, pooled] = encoder.apply(tokens) as tf.SymbolicTensor[];
  const [logits, steps] = decoder.apply([memory as tf.SymbolicTensor, pooled as tf.SymbolicTensor, tokens, prev]) as tf.SymbolicTensor[];
  let nodes = steps as tf.SymbolicTensor;
  for (const layer of gnn) nodes = layer.apply([nodes, adjacency, nodeMask]) as tf.SymbolicTensor;
  const edgeLogits = edges.apply([nodes, pairs]) as tf.SymbolicTensor;
  const workerLogits = workers.apply(nodes) as tf.SymbolicTensor;
  const outputs = [logits as tf.SymbolicTensor, edgeLogits, workerLogits];
  const taskSet = spec.setHidden > 0 ? new TaskSetHead({ name: 'task_set', numTasks: spec.tasks.length, memoryUnits: spec.hidden, units: spec.setHidden, seed: spec.seed }) : null;
  if (taskSet) outputs.push(taskSet.apply([memory as tf.SymbolicTensor, tokens]) as tf.SymbolicTensor);
  const model = tf.model({ name: 'orchestai_planner', inputs: [tokens, prev, adjacency, pairs, nodeMask], outputs });
  return { model, layers: { encoder, decoder, gnn, edges, workers, taskSet } };
}

/** Finds the planner layers in a loaded LayersModel by name. */
export function plannerLayersOf(model: tf.LayersModel, spec: Pick<ModelSpec, 'gnnLayers' | 'setHidden'>): PlannerLayers {
  const { gnnLayers } = spec;
  return {
    taskSet: spec.setHidden > 0 ? model.getLayer('task_set') : null,
    encoder: model.getLayer('encoder'),
    decoder: model.getLayer('decoder'),
    gnn: Array.from({ length: gnnLayers }, (_, k) => model.getLayer(`gnn_${k}`)),
    edges: model.getLayer('edges'),
    workers: model.getLayer('workers'),
  };
}

/**
 * Runs the layers on concrete tensors, returning [task logits [B,L,C], edge
 * logits [B,N,N], worker logits [B,N,W]] and, with a task-set head, its
 * logits [B,K]. Same graph as the LayersModel, but
 * tfjs's graph executor would call the two-output encoder once per output.
 */
export function plannerForward(layers: PlannerLayers, inputs: readonly tf.Tensor[], training = false, step = 0): tf.Tensor[] {
  return plannerForwardWithAttention(layers, inputs, training, step).outputs;
}

/** `plannerForward` plus the decoder's attention weights [B, L, T], which the guided-attention loss reads. */
export function plannerForwardWithAttention(layers: PlannerLayers, inputs: readonly tf.Tensor[], training = false, step = 0): { outputs: tf.Tensor[]; attention: tf.Tensor } {
  const [tokens, prev, adjacency, pairs, nodeMask] = inputs as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const kwargs = { training, step };
  const [memory, pooled] = layers.encoder.apply(tokens, kwargs) as tf.Tensor[];
  const [logits, steps, attention] = layers.decoder.apply([memory as tf.Tensor, pooled as tf.Tensor, tokens, prev], kwargs) as tf.Tensor[];
  let nodes = steps as tf.Tensor;
  for (const layer of layers.gnn) nodes = layer.apply([nodes, adjacency, nodeMask], kwargs) as tf.Tensor;
  const edgeLogits = layers.edges.apply([nodes, pairs], kwargs) as tf.Tensor;
  const workerLogits = layers.workers.apply(nodes, kwargs) as tf.Tensor;
  const out = [logits as tf.Tensor, edgeLogits, workerLogits];
  if (layers.taskSet) out.push(layers.taskSet.apply([memory as tf.Tensor, tokens], kwargs) as tf.Tensor);
  return { outputs: out, attention: attention as tf.Tensor };
}
