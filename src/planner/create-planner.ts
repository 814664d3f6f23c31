import { join } from 'node:path';
import { resolveFrom, type LoadedConfig } from '../config/load.js';
import { loadDomain } from '../data/domain.js';
import { UserError } from '../errors.js';
import { HybridPlanner } from './hybrid-planner.js';
import { checkpointExists, readCheckpoint } from './learned/checkpoint.js';
import { createLearnedPlanner } from './learned/learned-planner.js';
import { loadRetrievalPlanner } from './retrieval.js';
import type { Planner } from './types.js';

export interface CreatePlannerOptions {
  /** @default config `planner.kind` */
  readonly kind?: 'learned' | 'retrieval';
}

/**
 * The planner for a domain as config asks for it. `learned` loads
 * `<planner.checkpoint_dir>/<domain>/` and falls back to the retrieval
 * planner per plan below a confidence threshold; without a checkpoint
 * it is the retrieval planner. With `planner.model.calibrated_threshold` the
 * checkpoint's own threshold (chosen on its validation split) replaces
 * `confidence_threshold`. A corrupt or mismatched checkpoint is an error
 * (UserError naming the file), not a silent fallback.
 */
export async function createPlanner(loaded: LoadedConfig, domain: string, options: CreatePlannerOptions = {}): Promise<Planner> {
  return loadPlanner(loaded, domain, options);
}

/** `createPlanner`, synchronously: everything it reads is local files. */
export function loadPlanner(loaded: LoadedConfig, domain: string, options: CreatePlannerOptions = {}): Planner {
  const { planner: cfg } = loaded.config;
  const dataDir = resolveFrom(loaded, cfg.data_dir);
  const retrieval = (): Planner => loadRetrievalPlanner(dataDir, domain);
  const kind = options.kind ?? cfg.kind;
  if (kind === 'retrieval') return retrieval();
  const dir = join(resolveFrom(loaded, cfg.checkpoint_dir), domain);
  if (!checkpointExists(dir)) return retrieval();
  const checkpoint = readCheckpoint(dir, domain);
  const catalogue = loadDomain(dataDir, domain).tools.map((t) => t.id);
  const missing = checkpoint.manifest.spec.tasks.filter((t) => !catalogue.includes(t));
  if (missing.length > 0)
    throw new UserError(`mismatched checkpoint: ${join(dir, 'manifest.json')} was trained on tasks not in the "${domain}" catalogue: ${missing.slice(0, 5).join(', ')}; retrain with \`orchestai train phase1 --domain ${domain}\``);
  const learned = createLearnedPlanner(checkpoint, { maxNodes: cfg.max_nodes, beamWidth: cfg.model.beam_width, suggestThreshold: cfg.suggest_threshold });
  const calibrated = checkpoint.manifest.fallbackThreshold;
  const threshold = cfg.model.calibrated_threshold && calibrated !== undefined ? calibrated : cfg.confidence_threshold;
  return new HybridPlanner(learned, retrieval, threshold);
}
