import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { UserError } from '../errors.js';
import { configSchema, type OrchestConfig } from './schema.js';

/** The package root (where config.yaml, data/ and checkpoints/ ship). */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface LoadedConfig {
  readonly config: OrchestConfig;
  /** The file read, or null when only defaults apply. */
  readonly path: string | null;
  /** Directory relative paths in the config are resolved against. */
  readonly baseDir: string;
}

/** Which config file to read: `--config`, then `ORCHESTAI_CONFIG`, then ./config.yaml, then the shipped one. */
export function resolveConfigPath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (explicit) return resolve(explicit);
  if (env.ORCHESTAI_CONFIG) return resolve(env.ORCHESTAI_CONFIG);
  const local = resolve('config.yaml');
  if (existsSync(local)) return local;
  const shipped = resolve(packageRoot, 'config.yaml');
  return existsSync(shipped) ? shipped : null;
}

export function formatIssues(file: string, issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.map((issue) => {
    const path = issue.path.length ? issue.path.map(String).join('.') : '(root)';
    return `  - ${path}: ${issue.message}`;
  });
  return `invalid config ${file}:\n${lines.join('\n')}`;
}

export function parseConfig(raw: unknown, file: string): OrchestConfig {
  const parsed = configSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new UserError(formatIssues(file, parsed.error.issues), 2);
  return parsed.data;
}

export function loadConfig(explicit?: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const path = resolveConfigPath(explicit, env);
  if (!path) return { config: parseConfig({}, '(defaults)'), path: null, baseDir: packageRoot };
  if (!existsSync(path)) throw new UserError(`config file not found: ${path}`, 2);
  const text = readFileSync(path, 'utf8');
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    throw new UserError(`invalid config ${path}: YAML syntax error: ${first?.message ?? 'unknown'}`, 2);
  }
  const config = parseConfig(doc.toJS(), path);
  return { config, path, baseDir: dirname(path) };
}

/** Resolves a config path (data_dir, checkpoint_dir, ...) against the config file's directory. */
export function resolveFrom(loaded: LoadedConfig, p: string): string {
  return isAbsolute(p) ? p : resolve(loaded.baseDir, p);
}
