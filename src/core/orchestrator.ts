import { randomUUID } from 'node:crypto';
import { UserError, errorMessage } from '../errors.js';
import type { Planner } from '../planner/types.js';
import type {
  ExecutionRecord,
  OrchestratorApi,
  Plan,
  RunEvent,
  RunResult,
  SessionEvent,
  Worker,
} from '../types.js';
import type { WorkerProfile } from '../workers/profile.js';
import { assertKnownTask, type Domain } from '../data/domain.js';
import { EventChannel } from './event-channel.js';
import { appendExecutionRecord, buildExecutionRecord, readRecentRecords } from './execution-log.js';

export interface ExecuteFn {
  (
    plan: Plan,
    options: {
      workers: readonly Worker[];
      signal?: AbortSignal;
      onEvent: (event: RunEvent) => void;
      runId: string;
      instruction: string;
      /** The run's budget, for a hard cap on spend while it runs. */
      budgetUsd: number | null;
    },
  ): Promise<RunResult>;
}

/** Fills each node's worker (and fallbacks) under a budget; throws a UserError-like error when the plan cannot fit. */
export type SelectWorkersFn = (plan: Plan, options: { budgetUsd: number | null }) => Plan;

export interface OrchestratorDeps {
  /** Domains a session may switch to. */
  readonly domainNames: readonly string[];
  /** Loads a domain's planner; called once per domain, when it is first used (start-up loads only the default). */
  readonly loadPlanner: (domain: string) => Planner;
  readonly defaultDomain: string;
  readonly workers: readonly Worker[];
  readonly profiles: readonly WorkerProfile[];
  readonly selectWorkers: SelectWorkersFn;
  readonly execute: ExecuteFn;
  /** Where runs are logged; null disables logging. */
  readonly logDir: string | null;
  readonly outputSummaryChars: number;
  readonly seed: number | null;
  readonly secrets: readonly string[];
  readonly budgetUsd?: number | null;
  readonly onDomainChange?: (domain: string) => void;
  /** Tool catalogues by domain: every planned or user-given node must name one of their tasks. */
  readonly catalogues?: ReadonlyMap<string, Domain>;
}

export interface Orchestrator extends OrchestratorApi {
  /** Runs to completion and returns the plan, result and the log record (for `run --json` and `--batch`). */
  runToEnd(instruction: string, options?: RunToEndOptions): Promise<RunOutcome>;
}

export interface RunToEndOptions {
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: SessionEvent) => void;
  /** Run this plan instead of planning the instruction (e.g. `run --plan plan.json`). */
  readonly plan?: Plan;
}

export type RunOutcome =
  | { readonly ok: true; readonly plan: Plan; readonly planLatencyMs: number; readonly result: RunResult; readonly record: ExecutionRecord; readonly runId: string }
  | { readonly ok: false; readonly reason: string };

export function createOrchestrator(deps: OrchestratorDeps): Orchestrator {
  const loaded = new Map<string, Planner>();
  const plannerFor = (name: string): Planner => {
    if (!deps.domainNames.includes(name)) throw new UserError(`unknown domain "${name}"; known domains: ${deps.domainNames.join(', ')}`);
    let p = loaded.get(name);
    if (!p) {
      p = deps.loadPlanner(name);
      loaded.set(name, p);
    }
    return p;
  };
  let domain = deps.defaultDomain;
  plannerFor(domain);
  const planner = (): Planner => plannerFor(domain);

  const api: Orchestrator = {
    get domain() {
      return domain;
    },
    budgetUsd: deps.budgetUsd ?? null,
    domains: () => [...deps.domainNames],
    setDomain(next) {
      // Load before switching, so a broken checkpoint is reported and the session stays on a working domain.
      plannerFor(next);
      domain = next;
      deps.onDomainChange?.(next);
    },
    workers: () =>
      deps.profiles.map((p) => ({
        id: p.id,
        provider: p.provider,
        model: p.model,
        simulated: p.simulated,
        priceInPer1M: p.priceInPer1M,
        priceOutPer1M: p.priceOutPer1M,
        ...(p.kind === 'task-model' && p.usdPerCall !== undefined ? { usdPerCall: p.usdPerCall } : {}),
      })),
    tasks: () => deps.catalogues?.get(domain)?.tools.map((t) => t.id) ?? [],
    plan(instruction) {
      const text = instruction.trim();
      if (!text) throw new UserError('empty instruction');
      const raw = planner().plan(text);
      return api.preparePlan({ ...raw, instruction: text, domain });
    },
    preparePlan(plan) {
      const catalogue = deps.catalogues?.get(domain);
      if (catalogue) for (const node of plan.nodes) assertKnownTask(catalogue, node.task);
      const routed = deps.selectWorkers({ ...plan, domain }, { budgetUsd: api.budgetUsd });
      if (plan.planner?.name !== 'user') return routed;
      // A worker the user wrote into their plan is kept as written (the executor checks it exists).
      const pinned = new Map(plan.nodes.filter((n) => n.worker).map((n) => [n.id, n] as const));
      return {
        ...routed,
        nodes: routed.nodes.map((n) => {
          const mine = pinned.get(n.id);
          return mine ? { ...n, worker: mine.worker, fallbacks: mine.fallbacks ?? [] } : n;
        }),
      };
    },
    async *run(instruction, options) {
      const channel = new EventChannel<SessionEvent>();
      const done = api.runToEnd(instruction, { ...options, onEvent: (e) => channel.push(e) }).finally(() => channel.close());
      // Surface unexpected failures to the consumer after the buffered events.
      done.catch(() => undefined);
      for await (const event of channel) yield event;
      await done;
    },
    async runToEnd(instruction, options) {
      const emit = options?.onEvent ?? (() => undefined);
      const t0 = performance.now();
      let plan: Plan;
      try {
        plan = options?.plan ? api.preparePlan({ ...options.plan, instruction: options.plan.instruction ?? instruction }) : api.plan(instruction);
      } catch (err) {
        // Consumers prefix "plan refused"; some errors already say it.
        const reason = errorMessage(err).replace(/^plan refused:\s*/i, '');
        emit({ type: 'plan-refused', reason });
        return { ok: false, reason };
      }
      const planLatencyMs = performance.now() - t0;
      emit({ type: 'plan-ready', plan, planLatencyMs });
      const runId = randomUUID();
      const startedAt = new Date();
      const result = await deps.execute(plan, {
        workers: deps.workers,
        ...(options?.signal ? { signal: options.signal } : {}),
        onEvent: emit,
        runId,
        instruction: plan.instruction ?? instruction,
        budgetUsd: api.budgetUsd,
      });
      const record = buildExecutionRecord({
        runId,
        startedAt,
        finishedAt: new Date(),
        instruction: plan.instruction ?? instruction,
        domain,
        seed: deps.seed,
        plan,
        result,
        budgetUsd: api.budgetUsd,
        outputSummaryChars: deps.outputSummaryChars,
        secrets: deps.secrets,
      });
      if (deps.logDir) appendExecutionRecord(deps.logDir, record);
      return { ok: true, plan, planLatencyMs, result, record, runId };
    },
    recentRuns: (limit) => (deps.logDir ? readRecentRecords(deps.logDir, limit) : []),
  };
  return api;
}
