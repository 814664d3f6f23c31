import type { OrchestConfig } from '../config/schema.js';
import type { Domain } from '../data/domain.js';
import { UserError } from '../errors.js';
import type { Worker } from '../types.js';
import type { WorkerProfile, WorkerTaskEstimate } from './profile.js';
import { buildProviderWorkers } from './provider-workers.js';
import { type SimZoo, createSimZoo } from './sim/zoo.js';

export interface WorkerRegistry {
  /** Default provider's workers first, so "first worker serving the task" picks from it. */
  readonly workers: readonly Worker[];
  readonly profiles: readonly WorkerProfile[];
  /** Expected behaviour of one call; the sim zoo's true parameters for sim workers. */
  estimate(workerId: string, task: string, inputTokens: number): WorkerTaskEstimate;
  /** Worker ids serving `task`: the default provider's first, each group by expected quality descending. */
  candidatesFor(task: string): string[];
  /** Throws a UserError listing the known ids when `id` is unknown. */
  getWorker(id: string): Worker;
  /** The offline zoo, always present. */
  readonly zoo: SimZoo;
}

/**
 * Every worker the config asks for: the sim zoo (always), then each
 * `workers.providers` entry. API keys come from the environment variable the
 * provider names, never from the config file.
 */
export function buildWorkerRegistry(config: OrchestConfig, domains: readonly Domain[], env: NodeJS.ProcessEnv = process.env): WorkerRegistry {
  const sim = config.workers.sim;
  const zoo = createSimZoo(domains, {
    seed: sim.seed,
    timeScale: sim.time_scale,
    faults: { errorRate: sim.error_rate, rateLimitRate: sim.rate_limit_rate, hangRate: sim.hang_rate, retryAfterMs: sim.retry_after_ms },
  });
  const providers = buildProviderWorkers(config.workers.providers, domains, zoo, env);

  const simIds = new Set(zoo.workers.map((w) => w.id));
  const clash = providers.find((p) => simIds.has(p.worker.id));
  if (clash) {
    throw new UserError(`workers.providers: id "${clash.worker.id}" is already a sim worker's id; give the provider another id (e.g. "openai-${clash.worker.id}")`);
  }
  const seen = new Set<string>();
  for (const p of providers) {
    if (seen.has(p.worker.id)) throw new UserError(`workers.providers: duplicate id "${p.worker.id}"`);
    seen.add(p.worker.id);
  }

  const simFirst = config.workers.default_provider === 'sim';
  const providerWorkers = providers.map((p) => p.worker);
  const workers = simFirst ? [...zoo.workers, ...providerWorkers] : [...providerWorkers, ...zoo.workers];
  const byId = new Map(workers.map((w) => [w.id, w] as const));
  const providerById = new Map(providers.map((p) => [p.worker.id, p] as const));
  const zooProfiles = zoo.profiles();
  const providerProfiles = providers.map((p) => p.profile);
  const profiles = simFirst ? [...zooProfiles, ...providerProfiles] : [...providerProfiles, ...zooProfiles];

  function getWorker(id: string): Worker {
    const worker = byId.get(id);
    if (!worker) throw new UserError(`unknown worker "${id}"; known workers: ${[...byId.keys()].join(', ')}`);
    return worker;
  }

  function estimate(workerId: string, task: string, inputTokens: number): WorkerTaskEstimate {
    const provider = providerById.get(workerId);
    if (provider) return provider.estimate(task, inputTokens);
    getWorker(workerId);
    return zoo.estimate(workerId, task, inputTokens);
  }

  function candidatesFor(task: string): string[] {
    const simIdsForTask = zoo.candidatesFor(task);
    const providerIds = providers
      .filter((p) => p.worker.tasks === '*' || p.worker.tasks.includes(task))
      .map((p) => ({ id: p.worker.id, est: p.estimate(task, 200) }))
      .sort((a, b) => b.est.successProb - a.est.successProb || a.est.expectedCostUsd - b.est.expectedCostUsd || a.id.localeCompare(b.id))
      .map((p) => p.id);
    return simFirst ? [...simIdsForTask, ...providerIds] : [...providerIds, ...simIdsForTask];
  }

  return { workers, profiles, estimate, candidatesFor, getWorker, zoo };
}
