/**
 * A fake OrchestratorApi for tests and the dev script: plans a fixed DAG per
 * instruction and runs it on timers, streaming the same events the executor
 * emits. `stepMs: 0` runs on macrotask ticks, so tests never depend on wall time.
 */
import type { ExecutionRecord, NodeResult, OrchestratorApi, Plan, RunEvent, SessionEvent } from '../../types.js';

export interface FakeOptions {
  /** Milliseconds per simulated node; 0 = next tick. */
  readonly stepMs?: number;
  /** Node ids that fail (once, then succeed on retry when `retry` is true). */
  readonly failing?: readonly string[];
  readonly retry?: boolean;
  readonly plan?: Plan;
  /** Every run is refused with this reason (as over-budget plans are). */
  readonly refuse?: string;
}

export const SPEECH_PLAN: Plan = {
  instruction: 'Transcribe example.wav, summarize the transcript and translate the summary into German',
  domain: 'huggingface',
  planner: { name: 'learned', version: '1', confidence: 0.87 },
  nodes: [
    { id: 'node-0', task: 'Automatic Speech Recognition', deps: [], worker: 'whisper-sim', args: ['example.wav'] },
    { id: 'node-1', task: 'Summarization', deps: ['node-0'], worker: 'bart-sim', args: ['<node-0>'] },
    { id: 'node-2', task: 'Translation', deps: ['node-1'], worker: 'marian-sim', args: ['<node-1>'] },
    { id: 'node-3', task: 'Sentiment Analysis', deps: ['node-0'], worker: 'distilbert-sim', args: ['<node-0>'] },
  ],
};

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });

/** An async queue: the runner pushes events from timers, the generator yields them in order. */
class Channel<T> {
  private items: T[] = [];
  private waiting: ((v: IteratorResult<T>) => void) | null = null;
  private closed = false;
  push(item: T): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w({ value: item, done: false });
    } else this.items.push(item);
  }
  close(): void {
    this.closed = true;
    if (this.waiting) this.waiting({ value: undefined, done: true });
  }
  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      const next = this.items.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (this.closed) return;
      const r = await new Promise<IteratorResult<T>>((resolve) => (this.waiting = resolve));
      if (r.done) return;
      yield r.value;
    }
  }
}

export function createFakeOrchestrator(options: FakeOptions = {}): OrchestratorApi & { readonly runs: string[]; readonly plansRun: Plan[] } {
  const stepMs = options.stepMs ?? 0;
  const runs: string[] = [];
  const plansRun: Plan[] = [];
  let domain = 'huggingface';
  const planFor = (instruction: string): Plan => ({ ...(options.plan ?? SPEECH_PLAN), instruction, domain });
  const api: OrchestratorApi & { runs: string[]; plansRun: Plan[] } = {
    runs,
    plansRun,
    get domain() {
      return domain;
    },
    domains: () => ['huggingface', 'multimedia', 'dailylifeapis'],
    setDomain(d) {
      domain = d;
    },
    workers: () => [
      { id: 'whisper-sim', provider: 'sim', model: 'whisper-large-v3', simulated: true, priceInPer1M: 0.1, priceOutPer1M: 0.4 },
      { id: 'bart-sim', provider: 'sim', model: 'bart-large-cnn', simulated: true, priceInPer1M: 0.05, priceOutPer1M: 0.2 },
    ],
    budgetUsd: null,
    tasks: () => ['Automatic Speech Recognition', 'Summarization', 'Text-to-Speech', 'Translation', 'Sentiment Analysis'],
    plan: planFor,
    preparePlan: (plan) => ({ ...plan, nodes: plan.nodes.map((n) => ({ ...n, worker: n.worker ?? 'routed-sim' })) }),
    recentRuns: (): ExecutionRecord[] => [],
    run(instruction, runOptions) {
      runs.push(instruction);
      const signal = runOptions?.signal ?? new AbortController().signal;
      const channel = new Channel<SessionEvent>();
      const plan = runOptions?.plan ?? planFor(instruction);
      plansRun.push(plan);
      void simulate(plan, signal, stepMs, options, (e) => channel.push(e)).finally(() => channel.close());
      return channel;
    },
  };
  return api;
}

async function simulate(plan: Plan, signal: AbortSignal, stepMs: number, options: FakeOptions, emit: (e: SessionEvent) => void): Promise<void> {
  if (options.refuse) {
    emit({ type: 'plan-refused', reason: options.refuse });
    return;
  }
  let clock = 0;
  emit({ type: 'plan-ready', plan, planLatencyMs: 3 });
  emit({ type: 'run-started', runId: 'run-1', plan, atMs: clock });
  const results = new Map<string, NodeResult>();
  const failedOnce = new Set<string>();
  const pending = new Set(plan.nodes.map((n) => n.id));
  while (pending.size && !signal.aborted) {
    const wave = plan.nodes.filter((n) => pending.has(n.id) && n.deps.every((d) => results.has(d)));
    if (wave.length === 0) break;
    for (const n of wave) emit({ type: 'node-started', nodeId: n.id, worker: n.worker ?? 'sim', attempt: 1, atMs: clock });
    await sleep(stepMs, signal);
    if (signal.aborted) break;
    clock += 400;
    for (const [i, n] of wave.entries()) {
      const worker = n.worker ?? 'sim';
      if (options.failing?.includes(n.id) && !failedOnce.has(n.id)) {
        failedOnce.add(n.id);
        if (options.retry) {
          emit({ type: 'node-retrying', nodeId: n.id, worker, nextWorker: worker, attempt: 1, error: 'rate limited', delayMs: 250, atMs: clock });
          continue;
        }
        const result: NodeResult = { id: n.id, task: n.task, status: 'failed', worker, latencyMs: 120, costUsd: 0, attempts: 1, usage: { inputTokens: 0, outputTokens: 0 }, error: 'worker error' };
        results.set(n.id, result);
        pending.delete(n.id);
        emit({ type: 'node-failed', nodeId: n.id, result, atMs: clock });
        continue;
      }
      const latencyMs = 400 + 10 * i;
      const result: NodeResult = {
        id: n.id,
        task: n.task,
        status: 'succeeded',
        worker,
        latencyMs,
        costUsd: 0.00042 * (i + 1),
        attempts: failedOnce.has(n.id) ? 2 : 1,
        usage: { inputTokens: 200, outputTokens: 110 },
        output: `${n.task} output of ${n.id}`,
        startedAtMs: clock - latencyMs,
        finishedAtMs: clock,
      };
      results.set(n.id, result);
      pending.delete(n.id);
      emit({ type: 'node-finished', nodeId: n.id, result, atMs: clock });
    }
    // Children of failed nodes never run.
    for (const n of plan.nodes) {
      if (pending.has(n.id) && n.deps.some((d) => results.get(d)?.status === 'failed')) {
        pending.delete(n.id);
        results.set(n.id, { id: n.id, task: n.task, status: 'skipped', worker: '', latencyMs: 0, costUsd: 0, attempts: 0, usage: { inputTokens: 0, outputTokens: 0 } });
        emit({ type: 'node-skipped', nodeId: n.id, because: 'a parent failed', atMs: clock });
      }
    }
  }
  if (signal.aborted) {
    for (const id of pending) {
      const n = plan.nodes.find((x) => x.id === id);
      if (!n) continue;
      results.set(id, { id, task: n.task, status: 'cancelled', worker: '', latencyMs: 0, costUsd: 0, attempts: 0, usage: { inputTokens: 0, outputTokens: 0 } });
      emit({ type: 'node-cancelled', nodeId: id, atMs: clock });
    }
  }
  const nodes = plan.nodes.map((n) => results.get(n.id)).filter((r): r is NodeResult => r !== undefined);
  const status = signal.aborted ? 'cancelled' : nodes.some((r) => r.status === 'failed') ? 'failed' : 'succeeded';
  const cost = nodes.reduce((a, r) => a + r.costUsd, 0);
  const sum = nodes.reduce((a, r) => a + r.latencyMs, 0);
  const event: RunEvent = {
    type: 'run-finished',
    runId: 'run-1',
    atMs: clock,
    result: {
      status,
      wallMs: clock,
      nodes,
      totals: { costUsd: cost, inputTokens: 200 * nodes.length, outputTokens: 110 * nodes.length, criticalPathMs: clock, speedup: clock ? sum / clock : 0 },
    },
  };
  emit(event);
}
