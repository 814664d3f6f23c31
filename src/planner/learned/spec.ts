import { z } from 'zod';

/** Bump when the model's architecture or the checkpoint layout changes; old checkpoints are then refused with a clear message. */
export const CHECKPOINT_VERSION = 1;

/** Location features per position in `location` attention: after the previous focus, coverage so far, relative position. */
export const LOCATION_FEATURES = 3;

/** Query/key width of the encoder's self-attention context layers. */
export const CONTEXT_KEY_DIM = 32;

/** Everything needed to rebuild the network and its inputs; saved in the checkpoint manifest. */
export const modelSpecSchema = z.object({
  vocabSize: z.number().int().positive(),
  /** Distinct subwords in the tool descriptions (rows of the decoder's description embeddings). */
  descVocabSize: z.number().int().positive(),
  maxTokens: z.number().int().positive(),
  embedDim: z.number().int().positive(),
  hidden: z.number().int().positive(),
  edgeUnits: z.number().int().positive(),
  gnn: z.enum(['gcn', 'gat', 'sage']),
  gnnLayers: z.number().int().min(1),
  /** Longest plan the network is trained on (teacher-forced steps = maxNodes + 1). */
  maxNodes: z.number().int().positive(),
  /** Catalogue task ids; output class k + 1 is tasks[k], class 0 is END. */
  tasks: z.array(z.string()).min(1),
  /** Worker ids of the worker-selector head, in output order. */
  workers: z.array(z.string()).min(1),
  pairFeatures: z.number().int().positive(),
  /** Decoder output dropout used in training (no effect at inference). */
  dropout: z.number().min(0).max(0.9).default(0),
  /**
   * Hidden width of the task-set head (multi-label: which tasks the plan
   * contains), 0 for none. Checkpoints from before the head load with 0.
   */
  setHidden: z.number().int().min(0).default(0),
  /** Decoder attention (see AttentionDecoder); checkpoints from before the choice load as `content`. */
  attention: z.enum(['content', 'location']).default('content'),
  /** Self-attention context layers on top of the encoder's convolution; checkpoints from before them load with 0. */
  contextLayers: z.number().int().min(0).default(0),
  seed: z.number().int(),
});
export type ModelSpec = z.infer<typeof modelSpecSchema>;

/** The shape of every weight the network has for `spec`, by tfjs weight name; a checkpoint must match exactly. */
export function expectedWeightShapes(spec: ModelSpec): Map<string, number[]> {
  const V = spec.vocabSize;
  const E = spec.embedDim;
  const H = spec.hidden;
  const C = spec.tasks.length + 1;
  const U = spec.edgeUnits;
  const shapes = new Map<string, number[]>([
    ['encoder/embeddings', [V, E]],
    ['encoder/kernel', [3 * E, H]],
    ['encoder/bias', [H]],
    ['decoder/task_embeddings', [C, E]],
    ['decoder/init_kernel', [H, 2 * H]],
    ['decoder/init_bias', [2 * H]],
    ['decoder/kernel', [E, 4 * H]],
    ['decoder/recurrent_kernel', [H, 4 * H]],
    ['decoder/bias', [4 * H]],
    ['decoder/attention_kernel', [H, H]],
    ['decoder/output_kernel', [2 * H, H]],
    ['decoder/output_bias', [H]],
    ['decoder/class_embeddings', [C, H]],
    ['decoder/class_bias', [C]],
    ['decoder/desc_embeddings', [spec.descVocabSize, H]],
    ['edges/source_kernel', [H, U]],
    ['edges/target_kernel', [H, U]],
    ['edges/pair_kernel', [spec.pairFeatures, U]],
    ['edges/bias', [U]],
    ['edges/out_kernel', [U, 1]],
    ['edges/out_bias', [1]],
    ['workers/kernel', [H, spec.workers.length]],
    ['workers/bias', [spec.workers.length]],
  ]);
  if (spec.attention === 'location') {
    shapes.set('decoder/feed_kernel', [H, 4 * H]);
    shapes.set('decoder/location_kernel', [H, LOCATION_FEATURES]);
    shapes.set('decoder/location_bias', [LOCATION_FEATURES]);
  }
  for (let l = 0; l < spec.contextLayers; l++) {
    shapes.set(`encoder/context_${l}_query`, [H, CONTEXT_KEY_DIM]);
    shapes.set(`encoder/context_${l}_key`, [H, CONTEXT_KEY_DIM]);
    shapes.set(`encoder/context_${l}_out`, [H, H]);
    shapes.set(`encoder/context_${l}_bias`, [H]);
  }
  if (spec.setHidden > 0) {
    shapes.set('task_set/hidden_kernel', [2 * H, spec.setHidden]);
    shapes.set('task_set/hidden_bias', [spec.setHidden]);
    shapes.set('task_set/out_kernel', [spec.setHidden, spec.tasks.length]);
    shapes.set('task_set/out_bias', [spec.tasks.length]);
  }
  for (let k = 0; k < spec.gnnLayers; k++) {
    shapes.set(`gnn_${k}/self_kernel`, [H, H]);
    shapes.set(`gnn_${k}/bias`, [H]);
    if (spec.gnn === 'sage') {
      shapes.set(`gnn_${k}/in_kernel`, [H, H]);
      shapes.set(`gnn_${k}/out_kernel`, [H, H]);
    }
    if (spec.gnn === 'gat') {
      shapes.set(`gnn_${k}/attn_source`, [H, 1]);
      shapes.set(`gnn_${k}/attn_target`, [H, 1]);
    }
  }
  return shapes;
}
