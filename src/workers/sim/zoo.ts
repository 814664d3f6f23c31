import type { Domain } from '../../data/domain.js';
import { UserError } from '../../errors.js';
import type { Worker, WorkerCall, WorkerResult } from '../../types.js';
import { WorkerError, abortError } from '../errors.js';
import type { WorkerProfile, WorkerTaskEstimate } from '../profile.js';
import { callRandom } from './call-random.js';
import { type CallShape, type SimModel, callShape, expectedOf } from './sim-models.js';
import { type ArtifactKind, simOutput } from './sim-output.js';
import { callMaterial, countTokens } from '../call-text.js';
import { type ZooParams, loadZooParams } from './zoo-params.js';

/** Injected faults, each a per-call probability, drawn independently of the model's quality. */
export interface SimFaults {
  /** Retryable 5xx-like failure. @default 0 */
  readonly errorRate: number;
  /** Retryable 429 carrying `retryAfterMs`. @default 0 */
  readonly rateLimitRate: number;
  /** The call never answers until its signal aborts. @default 0 */
  readonly hangRate: number;
  /** `retryAfterMs` on injected 429s. @default 1000 */
  readonly retryAfterMs: number;
}

export interface SimZooOptions {
  /** Same seed, same results, whatever the execution order. @default 42 */
  readonly seed?: number;
  /** Multiplies the simulated latency actually waited; 0 answers at once. Reported latency is unscaled. @default 1 */
  readonly timeScale?: number;
  readonly faults?: Partial<SimFaults>;
  /** Per-worker overrides of `faults` (e.g. one provider having an outage). */
  readonly faultsByWorker?: Readonly<Record<string, Partial<SimFaults>>>;
  /** Parameters to use instead of data/zoo/zoo.yaml (tests). */
  readonly params?: ZooParams;
}

export interface SimZoo {
  readonly workers: readonly Worker[];
  profiles(): WorkerProfile[];
  /** The zoo's true expected behaviour of one call (for the Phase 2 oracle and the cost optimizer). */
  estimate(workerId: string, task: string, inputTokens: number): WorkerTaskEstimate;
  /** Sim worker ids serving `task`, by expected quality descending (ties: cheaper first). */
  candidatesFor(task: string): string[];
  /** Input tokens the zoo charges for a call (prompt scaffolding + instruction + args + parents' outputs). */
  inputTokensFor(call: WorkerCall): number;
  /** True for an API tool (served by the general LLMs as a tool call), false for text and model tasks. */
  isToolTask(task: string): boolean;
}

export const SIM_PROVIDER = 'sim';
const NOMINAL_INPUT_TOKENS = 200;
const defaultFaults: SimFaults = { errorRate: 0, rateLimitRate: 0, hangRate: 0, retryAfterMs: 1000 };

function artifactKindOf(outputTypes: readonly string[]): ArtifactKind | undefined {
  for (const kind of ['video', 'audio', 'image'] as const) if (outputTypes.includes(kind)) return kind;
  return undefined;
}

/** Waits `ms` unless the signal aborts first. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('aborted'));
    if (ms <= 0) return resolve();
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function hangUntilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) return reject(new Error('aborted'));
    signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
  });
}

export function createSimZoo(domains: readonly Domain[], options: SimZooOptions = {}): SimZoo {
  const zoo = options.params ?? loadZooParams();
  const seed = options.seed ?? 42;
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale >= 0)) throw new UserError(`sim time scale must be >= 0, got ${timeScale}`);

  // Every task the loaded domains name that no task model serves and that is
  // not a text task is an API tool: the general LLMs make the call.
  const modelTasks = new Set(zoo.taskModels.map((m) => m.task));
  const textTasks = Object.keys(zoo.textTasks);
  const domainTasks = [...new Set(domains.flatMap((d) => d.tools.map((t) => t.id)))];
  const toolTasks = domainTasks.filter((t) => !modelTasks.has(t) && !(t in zoo.textTasks));
  const llmTasks = [...textTasks, ...toolTasks];
  const artifactKinds = new Map<string, ArtifactKind>();
  for (const tool of domains.flatMap((d) => d.tools)) {
    const kind = artifactKindOf(tool.outputTypes);
    if (kind) artifactKinds.set(tool.id, kind);
  }
  const toolDesc = new Map(domains.flatMap((d) => d.tools.map((t) => [t.id, t.desc] as const)));

  const models = new Map<string, { readonly model: SimModel; readonly tasks: readonly string[] }>();
  for (const p of zoo.llms) models.set(p.id, { model: { kind: 'llm', id: p.id, params: p }, tasks: llmTasks });
  for (const p of zoo.taskModels) models.set(p.id, { model: { kind: 'task-model', id: p.id, params: p }, tasks: [p.task] });

  const knownIds = (): string => [...models.keys()].join(', ');
  function entry(workerId: string, task: string): { model: SimModel; tasks: readonly string[] } {
    const found = models.get(workerId);
    if (!found) throw new UserError(`unknown sim worker "${workerId}"; known sim workers: ${knownIds()}`);
    if (!found.tasks.includes(task)) throw new UserError(`sim worker "${workerId}" does not serve task "${task}"`);
    return found;
  }

  function faultsFor(workerId: string): SimFaults {
    return { ...defaultFaults, ...options.faults, ...options.faultsByWorker?.[workerId] };
  }

  function inputTokensFor(call: WorkerCall): number {
    const { args, otherParents } = callMaterial(call);
    const parts = [call.instruction ?? '', ...args, ...otherParents];
    if (toolDesc.has(call.node.task) && !modelTasks.has(call.node.task) && !(call.node.task in zoo.textTasks)) parts.push(`${call.node.task}: ${toolDesc.get(call.node.task) ?? ''}`);
    return zoo.rules.prompt_overhead_tokens + countTokens(parts.filter(Boolean).join('\n'), zoo.rules.chars_per_token);
  }

  const shapeFor = (model: SimModel, task: string, inputTokens: number): CallShape => callShape(model, task, inputTokens, zoo);

  function estimate(workerId: string, task: string, inputTokens: number): WorkerTaskEstimate {
    const { model } = entry(workerId, task);
    return expectedOf(shapeFor(model, task, Math.max(0, inputTokens)), zoo.rules);
  }

  // The zoo never changes after creation, and Phase 2 asks for candidates on every step.
  const candidateCache = new Map<string, readonly string[]>();
  function candidatesFor(task: string): string[] {
    const cached = candidateCache.get(task);
    if (cached) return [...cached];
    const serving = [...models.entries()].filter(([, e]) => e.tasks.includes(task)).map(([id]) => id);
    const est = new Map(serving.map((id) => [id, estimate(id, task, NOMINAL_INPUT_TOKENS)] as const));
    serving.sort((a, b) => {
      const ea = est.get(a)!;
      const eb = est.get(b)!;
      return eb.successProb - ea.successProb || ea.expectedCostUsd - eb.expectedCostUsd || a.localeCompare(b);
    });
    candidateCache.set(task, serving);
    return [...serving];
  }

  function makeWorker(id: string, model: SimModel, tasks: readonly string[]): Worker {
    const modelName = model.params.model;
    const served = new Set(tasks);
    return {
      id,
      tasks,
      provider: SIM_PROVIDER,
      async run(call: WorkerCall, signal: AbortSignal): Promise<WorkerResult> {
        const task = call.node.task;
        if (!served.has(task)) {
          throw new WorkerError(`sim worker "${id}" does not serve task "${task}"`, { provider: SIM_PROVIDER, kind: 'invalid-response', retryable: false });
        }
        const faults = faultsFor(id);
        // Fixed draw order: each decision uses its own draw, so changing one rate never reshuffles the others.
        const rand = callRandom([seed, id, call.node.id, task, call.attempt, call.instruction ?? '']);
        const uHang = rand.uniform();
        const uRateLimit = rand.uniform();
        const uError = rand.uniform();
        const uQuality = rand.uniform();
        const latencyNoise = rand.lognormal(zoo.rules.latency_sigma);
        const outputNoise = rand.lognormal(zoo.rules.output_tokens_sigma);

        const inputTokens = inputTokensFor(call);
        const shape = shapeFor(model, task, inputTokens);
        const outputTokens = shape.kind === 'task-model' ? 0 : Math.max(1, Math.round(shape.medianOutputTokens * outputNoise));
        const computeMs = (shape.baseMs + outputTokens * shape.msPerOutputToken) * latencyNoise;
        const latencyMs = shape.fixedMs + computeMs;
        const costUsd =
          shape.kind === 'task-model' ? computeMs * shape.usdPerComputeMs : shape.inputCostUsd + outputTokens * shape.usdPerOutputToken;
        const usage = shape.kind === 'task-model' ? undefined : { inputTokens, outputTokens };
        // Failed requests answer after a first-byte time, not a full generation.
        const failFastMs = shape.failFastMs;

        try {
          if (uHang < faults.hangRate) await hangUntilAborted(signal);
          if (uRateLimit < faults.rateLimitRate) {
            await sleep(failFastMs * timeScale, signal);
            throw new WorkerError(`simulated 429 from ${id}: rate limited`, {
              provider: SIM_PROVIDER, kind: 'rate-limit', retryable: true, status: 429, retryAfterMs: faults.retryAfterMs, simulatedLatencyMs: failFastMs,
            });
          }
          if (uError < faults.errorRate) {
            await sleep(failFastMs * timeScale, signal);
            throw new WorkerError(`simulated 503 from ${id}: service unavailable`, {
              provider: SIM_PROVIDER, kind: 'http', retryable: true, status: 503, simulatedLatencyMs: failFastMs,
            });
          }
          await sleep(latencyMs * timeScale, signal);
        } catch (err) {
          if (WorkerError.isInstance(err)) throw err;
          throw abortError(SIM_PROVIDER, signal);
        }
        if (uQuality >= shape.successProb) {
          throw new WorkerError(`simulated model produced an unusable result (${id} on ${task})`, {
            provider: SIM_PROVIDER, kind: 'unusable-output', retryable: false, simulatedLatencyMs: latencyMs, costUsd, ...(usage ? { usage } : {}),
          });
        }
        const material = callMaterial(call);
        const inputText = [...material.args, ...material.otherParents].filter(Boolean).join(' ') || (call.instruction ?? '');
        const artifactKind = artifactKinds.get(task);
        const output = simOutput({
          worker: id, model: modelName, task, kind: shape.kind, inputText, simulatedLatencyMs: latencyMs, ...(artifactKind ? { artifactKind } : {}),
        });
        return { output, costUsd, simulatedLatencyMs: latencyMs, ...(usage ? { usage } : {}) };
      },
    };
  }

  const workers = [...models.entries()].map(([id, e]) => makeWorker(id, e.model, e.tasks));

  function profiles(): WorkerProfile[] {
    return [...models.entries()].map(([id, { model, tasks }]): WorkerProfile => {
      if (model.kind === 'llm') {
        const p = model.params;
        return {
          id, provider: SIM_PROVIDER, model: p.model, simulated: true, tasks: [...tasks], kind: 'llm',
          priceInPer1M: p.price_in, priceOutPer1M: p.price_out, source: p.source,
        };
      }
      const p = model.params;
      const usdPerCall = estimate(id, p.task, 0).expectedCostUsd;
      return {
        id, provider: SIM_PROVIDER, model: p.model, simulated: true, tasks: [...tasks], kind: 'task-model',
        priceInPer1M: usdPerCall * 1000, priceOutPer1M: 0, usdPerCall, source: p.source,
      };
    });
  }

  const toolSet = new Set(toolTasks);
  return { workers, profiles, estimate, candidatesFor, inputTokensFor, isToolTask: (task) => toolSet.has(task) };
}
