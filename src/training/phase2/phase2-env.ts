import { resolveFrom, type LoadedConfig } from '../../config/load.js';
import type { Phase2Config } from '../../config/schema.js';
import { listDomains, loadDomain, type Domain } from '../../data/domain.js';
import { UserError } from '../../errors.js';
import type { ExecutionModel, RewardWeights, WorkerCatalog } from '../../routing/types.js';
import type { Worker } from '../../types.js';
import { createSimZoo, type SimZoo } from '../../workers/sim/zoo.js';
import { loadPhase2Plans, type Phase2Plans } from './training-plans.js';

export type PresetName = Phase2Config['preset'];

export function presetWeights(config: Phase2Config, preset: PresetName = config.preset): RewardWeights {
  const w = config.presets[preset];
  return { lambdaCost: w.lambda_cost, lambdaLatency: w.lambda_latency };
}

/** The Phase 2 world for one domain: the sim zoo (time scale 0), its catalogue and the train/validation plans. */
export interface Phase2Env {
  readonly domain: string;
  readonly domains: readonly Domain[];
  readonly zoo: SimZoo;
  readonly catalog: WorkerCatalog;
  readonly execution: ExecutionModel;
  readonly plans: Phase2Plans;
  /** Sim workers drawing from `seed`: a fresh seed per training iteration keeps outcomes from repeating per instruction. */
  workersFor(seed: number): readonly Worker[];
}

export function createPhase2Env(loaded: LoadedConfig, domainName: string): Phase2Env {
  const config = loaded.config;
  const dataDir = resolveFrom(loaded, config.planner.data_dir);
  const names = listDomains(dataDir);
  if (!names.includes(domainName)) throw new UserError(`unknown domain "${domainName}"; known domains: ${names.join(', ') || '(none)'}`);
  // Every domain is loaded, as the runtime registry does, so candidate sets match what `run` sees.
  const domains = names.map((n) => loadDomain(dataDir, n));
  const zoo = createSimZoo(domains, { seed: config.workers.sim.seed, timeScale: 0 });
  const profiles = zoo.profiles();
  const candidates = new Map<string, readonly string[]>();
  const catalog: WorkerCatalog = {
    profiles,
    candidatesFor: (task) => {
      let c = candidates.get(task);
      if (!c) {
        c = zoo.candidatesFor(task);
        candidates.set(task, c);
      }
      return c;
    },
    estimate: (w, t, n) => zoo.estimate(w, t, n),
  };
  return {
    domain: domainName,
    domains,
    zoo,
    catalog,
    execution: { fallback: config.executor.fallback },
    plans: loadPhase2Plans(dataDir, domainName, catalog),
    workersFor: (seed) => createSimZoo(domains, { seed, timeScale: 0 }).workers,
  };
}
