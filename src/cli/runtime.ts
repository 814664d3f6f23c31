import type { Argv } from 'yargs';
import { loadConfig, resolveFrom, type LoadedConfig } from '../config/load.js';
import type { OrchestConfig } from '../config/schema.js';
import { createOrchestrator, type Orchestrator } from '../core/orchestrator.js';
import { secretValues } from '../core/redact.js';
import { listDomains, loadDomain } from '../data/domain.js';
import { UserError } from '../errors.js';
import { executePlan } from '../executor/index.js';
import { loadPlanner } from '../planner/create-planner.js';
import { createRouter, guardBudget } from '../routing/index.js';
import { buildWorkerRegistry } from '../workers/registry.js';
import type { WorkerProfile } from '../workers/profile.js';
import type { GlobalArgs } from './global-args.js';
import { quietTfjs } from './quiet-tfjs.js';

/** Flags shared by every command that plans and runs (`run`, `--batch`, the interactive session). */
export interface RuntimeFlags {
  domain?: string;
  budget?: number;
  planner?: 'learned' | 'retrieval';
  seed?: number;
  log?: boolean;
  latencyTarget?: number;
}

export function runtimeFlags<T>(y: Argv<T>): Argv<T & RuntimeFlags> {
  return y
    .option('domain', { type: 'string', describe: 'Tool catalogue to plan with (huggingface, ultratool, ...)' })
    .option('budget', { type: 'number', describe: 'Refuse plans whose expected cost exceeds this many USD; pick cheaper workers to fit' })
    .option('latency-target', { type: 'number', describe: 'Pick workers so the expected critical-path latency stays under this many ms' })
    .option('planner', { choices: ['learned', 'retrieval'] as const, describe: 'Planner to use (default from config: planner.kind)' })
    .option('seed', { type: 'number', describe: 'Seed of the simulated model zoo (default workers.sim.seed)' })
    .option('log', { type: 'boolean', default: true, describe: 'Append each run to the execution log (--no-log to skip)' }) as Argv<T & RuntimeFlags>;
}

export interface Runtime {
  readonly loaded: LoadedConfig;
  readonly config: OrchestConfig;
  readonly orchestrator: Orchestrator;
  readonly profiles: readonly WorkerProfile[];
  /** True when every worker is simulated (the offline zoo). */
  readonly simulatedOnly: boolean;
  readonly logDir: string | null;
}

export async function buildRuntime(global: GlobalArgs, flags: RuntimeFlags, env: NodeJS.ProcessEnv = process.env): Promise<Runtime> {
  const loaded = loadConfig(global.config, env);
  const config: OrchestConfig =
    flags.seed === undefined ? loaded.config : { ...loaded.config, workers: { ...loaded.config.workers, sim: { ...loaded.config.workers.sim, seed: flags.seed } } };
  if (flags.budget !== undefined && !(flags.budget > 0)) throw new UserError(`--budget must be a positive number of USD, got ${flags.budget}`);
  if (flags.latencyTarget !== undefined && !(flags.latencyTarget > 0)) throw new UserError(`--latency-target must be a positive number of ms, got ${flags.latencyTarget}`);
  const dataDir = resolveFrom(loaded, config.planner.data_dir);
  const domainNames = listDomains(dataDir);
  if (domainNames.length === 0) throw new UserError(`no domains found in ${dataDir} (planner.data_dir)`);
  const defaultDomain = flags.domain ?? config.planner.default_domain;
  if (!domainNames.includes(defaultDomain)) {
    throw new UserError(`unknown domain "${defaultDomain}"; known domains: ${domainNames.join(', ')}`);
  }
  const domains = domainNames.map((name) => loadDomain(dataDir, name));
  const registry = buildWorkerRegistry(config, domains, env);
  const kind = flags.planner ?? config.planner.kind;
  if (kind === 'learned') await quietTfjs();
  const router = createRouter({ loaded: { ...loaded, config }, catalog: registry });
  const logDir = flags.log === false || !config.logging.enabled ? null : resolveFrom(loaded, config.logging.dir);
  const ex = config.executor;
  const orchestrator = createOrchestrator({
    domainNames,
    loadPlanner: (name) => loadPlanner({ ...loaded, config }, name, { kind }),
    defaultDomain,
    workers: registry.workers,
    profiles: registry.profiles,
    selectWorkers: (plan, opts) =>
      router.select(plan, {
        ...(opts.budgetUsd !== null ? { budgetUsd: opts.budgetUsd } : {}),
        ...(flags.latencyTarget !== undefined ? { latencyTargetMs: flags.latencyTarget } : {}),
      }).plan,
    execute: (plan, { budgetUsd, ...opts }) =>
      executePlan(plan, {
        ...opts,
        // Routing fits the expected cost to the budget; the guard caps actual spend while the run goes.
        workers: budgetUsd === null ? opts.workers : guardBudget(opts.workers, budgetUsd, registry.estimate, (c) => registry.zoo.inputTokensFor(c)).workers,
        concurrency: ex.concurrency,
        perProviderConcurrency: ex.per_provider_concurrency,
        timeoutMs: ex.timeout_ms,
        retries: { max: ex.retries.max, baseDelayMs: ex.retries.base_delay_ms, maxDelayMs: ex.retries.max_delay_ms },
        fallback: ex.fallback,
      }),
    catalogues: new Map(domains.map((d) => [d.name, d] as const)),
    logDir,
    outputSummaryChars: config.logging.output_summary_chars,
    seed: config.workers.sim.seed,
    secrets: secretValues(config.workers.providers.map((p) => p.api_key_env), env),
    budgetUsd: flags.budget ?? null,
  });
  return {
    loaded: { ...loaded, config },
    config,
    orchestrator,
    profiles: registry.profiles,
    simulatedOnly: registry.profiles.every((p) => p.simulated),
    logDir,
  };
}
