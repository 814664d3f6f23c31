import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { UserError, errorMessage } from '../../errors.js';
import { observedStatsSchema } from '../../routing/observed-stats.js';
import { policyWeightsSchema } from './policy-net.js';

/**
 * The Phase 2 checkpoint: one JSON file (`policy.json`) in
 * `checkpoints/<domain>/phase2/`, holding the actor-critic weights, the
 * feature spec they expect, the observed worker statistics the features are
 * computed from, and how it was trained. Written atomically: a temp
 * directory next to the target, then renames.
 */
export const PHASE2_CHECKPOINT_FILE = 'policy.json';

export const phase2CheckpointSchema = z
  .object({
    version: z.literal(1),
    kind: z.literal('orchestai-phase2-ppo'),
    domain: z.string().min(1),
    preset: z.string().min(1),
    weights: z.object({ lambdaCost: z.number().min(0), lambdaLatency: z.number().min(0) }).strict(),
    features: z.object({ tasks: z.array(z.string()), embeddingDim: z.number().int().min(0) }).strict(),
    execution: z.object({ fallback: z.boolean() }).strict(),
    net: policyWeightsSchema,
    stats: observedStatsSchema,
    training: z
      .object({
        iterations: z.number().int().min(0),
        episodes: z.number().int().min(0),
        seed: z.number().int(),
        engine: z.string(),
        trainedAt: z.string(),
        final: z.record(z.string(), z.number()).default({}),
      })
      .strict(),
  })
  .strict();
export type Phase2Checkpoint = z.infer<typeof phase2CheckpointSchema>;

/** Keeps the shipped file small: 6 significant digits is far below what the policy can tell apart. */
function round(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? Number(value.toPrecision(6)) : value;
  if (Array.isArray(value)) return value.map(round);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, round(v)]));
  return value;
}

export function saveCheckpoint(dir: string, checkpoint: Phase2Checkpoint): string {
  const parsed = phase2CheckpointSchema.parse(checkpoint);
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  const old = `${dir}.old-${process.pid}-${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, PHASE2_CHECKPOINT_FILE), JSON.stringify(round(parsed)) + '\n');
  // Rename is atomic per directory entry; the old checkpoint is moved aside first and dropped once the new one is in place.
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(tmp, dir);
  rmSync(old, { recursive: true, force: true });
  return join(dir, PHASE2_CHECKPOINT_FILE);
}

export function checkpointExists(dir: string): boolean {
  return existsSync(join(dir, PHASE2_CHECKPOINT_FILE));
}

/** Loads and validates; a missing, unreadable or malformed file is a UserError naming the file and what is wrong. */
export function loadCheckpoint(dir: string): Phase2Checkpoint {
  const file = join(dir, PHASE2_CHECKPOINT_FILE);
  if (!existsSync(file)) throw new UserError(`no Phase 2 checkpoint at ${file}; train one with \`orchestai train phase2\``);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (err) {
    throw new UserError(`corrupt Phase 2 checkpoint ${file}: ${errorMessage(err)}; retrain with \`orchestai train phase2\` or restore the file`);
  }
  const parsed = phase2CheckpointSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`corrupt Phase 2 checkpoint ${file}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'bad format'}`);
  }
  return parsed.data;
}
