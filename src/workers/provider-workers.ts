import type { ProviderConfig } from '../config/schema.js';
import type { Domain } from '../data/domain.js';
import type { Worker } from '../types.js';
import type { WorkerProfile, WorkerTaskEstimate } from './profile.js';
import type { SimZoo } from './sim/zoo.js';

/** A configured real worker with what is known about it ahead of a call. */
export interface ProviderWorker {
  readonly worker: Worker;
  readonly profile: WorkerProfile;
  estimate(task: string, inputTokens: number): WorkerTaskEstimate;
}

/** Placeholder until the openai adapter lands: no configured providers are built. */
export function buildProviderWorkers(
  providers: readonly ProviderConfig[],
  _domains: readonly Domain[],
  _zoo: SimZoo,
  _env: NodeJS.ProcessEnv,
): ProviderWorker[] {
  if (providers.length > 0) throw new Error('openai providers are not wired yet');
  return [];
}
