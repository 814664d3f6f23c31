import { resolveFrom, type LoadedConfig } from '../config/load.js';
import { loadRetrievalPlanner } from './retrieval.js';
import type { Planner } from './types.js';

/**
 * The planner for a domain as config asks for it. For now every kind gets the
 * retrieval planner built from `<planner.data_dir>/<domain>/train.jsonl`; the
 * learned planner plugs in here (checkpoint, with retrieval as its fallback).
 */
export async function createPlanner(loaded: LoadedConfig, domain: string, options: { kind?: 'learned' | 'retrieval' } = {}): Promise<Planner> {
  void options;
  const dataDir = resolveFrom(loaded, loaded.config.planner.data_dir);
  return loadRetrievalPlanner(dataDir, domain);
}
