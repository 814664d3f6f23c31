import { z } from 'zod';

/**
 * The one schema for config.yaml. Every default lives here; config.yaml only
 * states what a user is likely to change. Sections: planner, workers,
 * executor, training, logging.
 */

const gnnKind = z.enum(['gcn', 'gat', 'sage']);

export const plannerSchema = z
  .object({
    default_domain: z.string().min(1).default('huggingface'),
    data_dir: z.string().default('data'),
    checkpoint_dir: z.string().default('checkpoints'),
    /** `learned` falls back to `retrieval` below `confidence_threshold` or when no checkpoint exists. */
    kind: z.enum(['learned', 'retrieval']).default('learned'),
    confidence_threshold: z.number().min(0).max(1).default(0.3),
    /**
     * Tasks the learned planner's task-set head rates at least this likely, but
     * the plan lacks, are shown as hints ("may also need"); 1 turns them off.
     * At 0.5 about 4 in 10 are right on the validation splits (docs/05).
     */
    suggest_threshold: z.number().min(0).max(1).default(0.5),
    max_nodes: z.number().int().min(1).max(32).default(10),
    model: z
      .object({
        vocab_size: z.number().int().min(64).default(4000),
        max_tokens: z.number().int().min(8).default(96),
        embed_dim: z.number().int().min(8).default(64),
        hidden: z.number().int().min(8).default(128),
        gnn: gnnKind.default('sage'),
        gnn_layers: z.number().int().min(1).max(4).default(2),
        /** Task-decoder beam (measured on validation, beam 2 vs greedy: UltraTool +1.5 link-F1, HF -1.0; ~1.4x the latency). */
        beam_width: z.number().int().min(1).max(16).default(2),
        /** Dropout on the decoder outputs while training (measured on HF validation: 0.5 with token dropout 0.2 beat 0.3/0.1, 0.762 vs 0.741 node-F1). */
        dropout: z.number().min(0).max(0.9).default(0.5),
        /** Use the checkpoint's fallback threshold (chosen on its validation split) instead of `confidence_threshold`. */
        calibrated_threshold: z.boolean().default(true),
        /** Hidden width of the task-set head (which tasks the plan contains), 0 for none; see docs/05. */
        set_hidden: z.number().int().min(0).default(128),
        /** Decoder attention: `content` (Luong) or `location` (input feeding plus where the previous step attended); see docs/05. */
        attention: z.enum(['content', 'location']).default('location'),
        /** Self-attention layers over the encoder's convolution, so each word sees the whole request (docs/05). */
        context_layers: z.number().int().min(0).max(2).default(0),
        /** Longest plan the decoder is trained on (TaskBench plans have at most 8 nodes; longer ones are cut). */
        train_max_nodes: z.number().int().min(1).max(32).default(8),
      })
      .prefault({}),
  })
  .strict();

const providerSchema = z
  .object({
    id: z.string().min(1),
    type: z.enum(['openai']),
    base_url: z.string().url().optional(),
    /** Name of the environment variable holding the key; the key itself never lives in config. */
    api_key_env: z.string().default('OPENAI_API_KEY'),
    model: z.string().min(1),
    price_in_per_1m: z.number().min(0).default(0),
    price_out_per_1m: z.number().min(0).default(0),
    tasks: z.union([z.literal('*'), z.array(z.string())]).default('*'),
    stream: z.boolean().default(false),
    max_tokens: z.number().int().min(1).default(512),
  })
  .strict();

export const workersSchema = z
  .object({
    default_provider: z.enum(['sim', 'openai']).default('sim'),
    sim: z
      .object({
        seed: z.number().int().default(42),
        /** Scales simulated latencies; 0 makes runs instant (tests), 1 is real time. */
        time_scale: z.number().min(0).default(1),
        error_rate: z.number().min(0).max(1).default(0),
        rate_limit_rate: z.number().min(0).max(1).default(0),
        hang_rate: z.number().min(0).max(1).default(0),
        /** Retry-After (ms) carried by injected 429s. */
        retry_after_ms: z.number().int().min(0).default(1000),
      })
      .strict()
      .prefault({}),
    providers: z.array(providerSchema).default([]),
  })
  .strict();

export const executorSchema = z
  .object({
    concurrency: z.number().int().min(1).default(8),
    per_provider_concurrency: z.record(z.string(), z.number().int().min(1)).default({}),
    timeout_ms: z.number().int().min(1).default(60_000),
    retries: z
      .object({
        max: z.number().int().min(0).default(2),
        base_delay_ms: z.number().int().min(0).default(250),
        max_delay_ms: z.number().int().min(0).default(8_000),
      })
      .strict()
      .prefault({}),
    fallback: z.boolean().default(true),
  })
  .strict();

export const phase1Schema = z
  .object({
    epochs: z.number().int().min(1).default(10),
    batch_size: z.number().int().min(1).default(32),
    lr: z.number().positive().default(3e-3),
    /** Learning-rate factor applied after each epoch whose validation loss did not improve. */
    lr_decay: z.number().positive().max(1).default(0.5),
    lambda_dag: z.number().min(0).default(0.3),
    /** Weight of the task-set head's loss (sigmoid CE summed over the catalogue). */
    set_weight: z.number().min(0).default(0.5),
    /** Label smoothing of the task decoder's targets while training (validation loss is plain CE). */
    label_smoothing: z.number().min(0).max(0.5).default(0),
    /** Weight of the guided-attention loss: on step-phrased samples each decoder step should attend to the step that asks for its task (docs/05). */
    attention_guide: z.number().min(0).default(0),
    early_stopping_patience: z.number().int().min(1).default(3),
    seed: z.number().int().default(7),
    /** Share of instruction subwords replaced by [UNK] while training, against memorising rare words. */
    token_dropout: z.number().min(0).max(0.9).default(0.2),
    val_fraction: z.number().min(0.01).max(0.5).default(0.1),
    /** Share of the training samples held out to calibrate decoding (task-set weight, retrieval fallback), not trained on. */
    calibration_fraction: z.number().min(0).max(0.5).default(0.08),
    augmentation: z.boolean().default(true),
    /** Add a terse copy of each training sample phrased from its own task_steps (src/data/step-phrasing.ts). */
    step_phrasing: z.boolean().default(true),
    synthetic: z.boolean().default(true),
    synthetic_count: z.number().int().min(0).default(0),
    /**
     * Networks per domain trained from different initial seeds and averaged when planning
     * (an ensemble; docs/05): a number for every domain, or one per domain name (absent: 1).
     */
    members: z
      .union([z.number().int().min(1).max(8), z.record(z.string(), z.number().int().min(1).max(8))], {
        error: 'expected a whole number from 1 to 8, or a map of domain name to such a number (e.g. huggingface: 2)',
      })
      .default(1),
  })
  .strict();

const rewardWeights = z.object({ lambda_cost: z.number().min(0), lambda_latency: z.number().min(0) }).strict();

export const phase2Schema = z
  .object({
    preset: z.enum(['quality', 'balanced', 'frugal']).default('balanced'),
    presets: z
      .object({ quality: rewardWeights, balanced: rewardWeights, frugal: rewardWeights })
      .strict()
      .default({
        quality: { lambda_cost: 1, lambda_latency: 0.005 },
        balanced: { lambda_cost: 10, lambda_latency: 0.02 },
        frugal: { lambda_cost: 40, lambda_latency: 0.02 },
      }),
    iterations: z.number().int().min(1).default(60),
    episodes_per_iteration: z.number().int().min(1).default(64),
    ppo_epochs: z.number().int().min(1).default(4),
    minibatch_size: z.number().int().min(1).default(64),
    lr: z.number().positive().default(3e-3),
    clip: z.number().positive().default(0.2),
    gamma: z.number().min(0).max(1).default(1),
    gae_lambda: z.number().min(0).max(1).default(0.95),
    entropy_coef: z.number().min(0).default(0.01),
    value_coef: z.number().min(0).default(0.5),
    seed: z.number().int().default(11),
    /** Hidden units of the actor and critic MLPs. */
    hidden: z.number().int().min(4).default(32),
    /** Global gradient-norm clip. */
    max_grad_norm: z.number().positive().default(0.5),
    /** Stop an update's epochs early past this approximate KL (0 = never). */
    target_kl: z.number().min(0).default(0.05),
    /** `executor` runs every episode through executePlan on the sim zoo (time scale 0); `fast` samples the zoo directly with the executor's semantics (checked against it in fast-sim.test.ts), ~3x quicker. */
    engine: z.enum(['executor', 'fast']).default('executor'),
    /** Width of the node-embedding slot in the policy state (0: none; set to the planner's embedding size to plug it in). */
    node_embedding_dim: z.number().int().min(0).default(0),
    /** Seed observed worker statistics and behaviour-clone logged choices from execution_logs before PPO. */
    warm_start_from_logs: z.boolean().default(false),
    /**
     * Share of training episodes run under random reward weights (lambda_cost
     * 0 or preset x 10^U(-1.5, 1), lambda_latency 0 or preset x 10^U(-1, 1)), so
     * one policy follows the weights it is given (cost-quality curve, other
     * presets); the rest use the preset's weights.
     */
    weight_mixture: z.number().min(0).max(1).default(0),
    /** Behaviour-cloning epochs for the warm start (Phase 1 selector or logs). */
    bc_epochs: z.number().int().min(0).default(3),
  })
  .strict();

export const trainingSchema = z
  .object({
    runs_dir: z.string().default('runs'),
    phase1: phase1Schema.prefault({}),
    phase2: phase2Schema.prefault({}),
  })
  .strict();

export const loggingSchema = z
  .object({
    enabled: z.boolean().default(true),
    dir: z.string().default('execution_logs'),
    /** Characters of each node output kept in the log. */
    output_summary_chars: z.number().int().min(0).default(200),
  })
  .strict();

export const configSchema = z
  .object({
    planner: plannerSchema.prefault({}),
    workers: workersSchema.prefault({}),
    executor: executorSchema.prefault({}),
    training: trainingSchema.prefault({}),
    logging: loggingSchema.prefault({}),
  })
  .strict();

export type OrchestConfig = z.infer<typeof configSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
export type Phase1Config = z.infer<typeof phase1Schema>;
export type Phase2Config = z.infer<typeof phase2Schema>;
