import { join, resolve } from 'node:path';
import { resolveFrom, type LoadedConfig } from '../config/load.js';

/**
 * Where a training run writes when no --run-dir is given:
 * `<training.runs_dir>/<phase>-<domain>-<UTC time>`. Computed by the CLI too,
 * so the dashboard can name the metrics file before training starts.
 */
export function defaultRunDir(loaded: LoadedConfig, phase: 'phase1' | 'phase2', domain: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  return resolve(join(resolveFrom(loaded, loaded.config.training.runs_dir), `${phase}-${domain}-${stamp}`));
}
