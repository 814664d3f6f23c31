import type { NodeResult, PlanNode, RunEvent, RunResult, TokenUsage, Worker, WorkerCall, WorkerResult } from '../types.js';
import type { CompiledPlan } from './compilePlan.js';
import { resolveRefs } from './nodeRefs.js';
import type { ResolvedOptions } from './options.js';
import { DeadlineQueue } from './deadlineQueue.js';
import { ReadyQueues } from './readyQueues.js';
import { billedOf, describeError, isRetryable, NodeTimeoutError, retryAfterMs, retryDelayMs, simulatedLatencyOf } from './retryPolicy.js';
import { criticalPathMs, runTotals } from './runTotals.js';

// Node states. Everything from SUCCEEDED on is final.
const PENDING = 0; // waiting for parents
const READY = 1; // in a ready queue, waiting for a slot
const RUNNING = 2;
const BACKOFF = 3; // waiting out a retry delay
const SUCCEEDED = 4;
const FAILED = 5;
const SKIPPED = 6;
const CANCELLED = 7;

const NO_INPUTS: Readonly<Record<string, unknown>> = Object.freeze({});
const NO_USAGE: TokenUsage = Object.freeze({ inputTokens: 0, outputTokens: 0 });

/**
 * One run of a compiled plan. Event-driven and O(nodes + edges): a node's
 * count of unfinished parents drops as each parent succeeds and it joins a
 * ready queue at zero; nothing scans the plan except cancellation (once).
 * Per-node state lives in typed arrays indexed by node position.
 *
 * Stale callbacks (a worker settling after its attempt timed out or the run
 * was cancelled) are ignored through a per-node attempt token.
 */
export class RunScheduler {
  private readonly n: number;
  private readonly nodes: readonly PlanNode[];
  private readonly workers: readonly Worker[];
  private readonly state: Uint8Array;
  private readonly waiting: Int32Array;
  private readonly attempts: Int32Array;
  /** Tries on the current candidate worker. */
  private readonly tries: Int32Array;
  private readonly candidate: Int32Array;
  private readonly token: Int32Array;
  private readonly runningBucket: Int32Array;
  private readonly workerBucket: Int32Array;
  private readonly firstStartAt: Float64Array;
  private readonly attemptStartAt: Float64Array;
  /** Simulated minus measured time over attempts that reported `simulatedLatencyMs`. */
  private readonly simShiftMs: Float64Array;
  /** Cost and tokens billed by failed attempts, added to the node's final figures. */
  private readonly failedCost: Float64Array;
  private readonly failedIn: Float64Array;
  private readonly failedOut: Float64Array;
  private readonly simulated: Uint8Array;
  private readonly outputs: unknown[];
  private readonly results: (NodeResult | undefined)[];
  private readonly retryTimers: (ReturnType<typeof setTimeout> | undefined)[];
  private readonly controllers: (AbortController | undefined)[];
  private readonly queues: ReadyQueues;
  /** Only when a timeout is set. */
  private readonly deadlines: DeadlineQueue | undefined;
  private readonly runController = new AbortController();
  private readonly emit: ((event: RunEvent) => void) | undefined;
  private readonly now: () => number;
  private t0 = 0;
  private finalCount = 0;
  private done = false;
  private cancelled = false;
  private listenerFailed = false;
  private listenerError: unknown;
  private settle: { resolve(r: RunResult): void; reject(e: unknown): void } | undefined;

  constructor(
    private readonly plan: CompiledPlan,
    private readonly opts: ResolvedOptions,
  ) {
    const n = plan.nodes.length;
    this.n = n;
    this.nodes = plan.nodes;
    this.workers = opts.workers;
    this.now = opts.now;
    this.state = new Uint8Array(n);
    this.waiting = new Int32Array(n);
    for (let i = 0; i < n; i++) this.waiting[i] = (plan.parentStart[i + 1] as number) - (plan.parentStart[i] as number);
    this.attempts = new Int32Array(n);
    this.tries = new Int32Array(n);
    this.candidate = new Int32Array(n);
    this.token = new Int32Array(n);
    this.runningBucket = new Int32Array(n);
    this.firstStartAt = new Float64Array(n);
    this.attemptStartAt = new Float64Array(n);
    this.simShiftMs = new Float64Array(n);
    this.failedCost = new Float64Array(n);
    this.failedIn = new Float64Array(n);
    this.failedOut = new Float64Array(n);
    this.simulated = new Uint8Array(n);
    this.outputs = new Array<unknown>(n).fill(undefined);
    this.results = new Array<NodeResult | undefined>(n).fill(undefined);
    this.retryTimers = new Array<ReturnType<typeof setTimeout> | undefined>(n).fill(undefined);
    this.controllers = new Array<AbortController | undefined>(n).fill(undefined);

    // Bucket 0 holds every provider without its own limit.
    const limits = [Number.POSITIVE_INFINITY];
    const bucketOf = new Map<string, number>();
    this.workerBucket = Int32Array.from(this.workers, (w) => {
      const limit = w.provider === undefined ? undefined : opts.perProviderConcurrency[w.provider];
      if (limit === undefined || w.provider === undefined) return 0;
      let b = bucketOf.get(w.provider);
      if (b === undefined) {
        b = limits.push(limit) - 1;
        bucketOf.set(w.provider, b);
      }
      return b;
    });
    this.queues = new ReadyQueues(limits, opts.concurrency, n);
    this.deadlines =
      opts.timeoutMs === Number.POSITIVE_INFINITY
        ? undefined
        : new DeadlineQueue(opts.timeoutMs, (i, tok) => tok === this.token[i] && this.state[i] === RUNNING, this.onTimeout);
    const listener = opts.onEvent;
    this.emit = listener === undefined ? undefined : (event) => this.deliver(listener, event);
  }

  run(): Promise<RunResult> {
    const result = new Promise<RunResult>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    this.t0 = this.now();
    this.emit?.({ type: 'run-started', runId: this.opts.runId, plan: this.plan.plan, atMs: 0 });
    const signal = this.opts.signal;
    if (signal?.aborted) this.cancel(signal.reason);
    if (this.done) return result;
    signal?.addEventListener('abort', this.onAbort, { once: true });
    for (let i = 0; i < this.n; i++) if (this.waiting[i] === 0) this.enqueue(i);
    this.pump();
    this.finishIfAllFinal();
    return result;
  }

  private readonly onAbort = (): void => this.cancel(this.opts.signal?.reason);

  private deliver(listener: (event: RunEvent) => void, event: RunEvent): void {
    try {
      listener(event);
    } catch (err) {
      if (!this.listenerFailed) {
        this.listenerFailed = true;
        this.listenerError = err;
      }
      this.cancel(err);
    }
  }

  private enqueue(i: number): void {
    this.state[i] = READY;
    this.queues.push(i, this.workerBucket[this.currentWorkerIndex(i)] as number);
  }

  private currentWorkerIndex(i: number): number {
    return (this.plan.candidates[i] as readonly number[])[this.candidate[i] as number] as number;
  }

  private pump(): void {
    while (!this.done) {
      const i = this.queues.take();
      if (i < 0) return;
      this.start(i, this.queues.takenBucket);
    }
  }

  private start(i: number, bucket: number): void {
    const worker = this.workers[this.currentWorkerIndex(i)] as Worker;
    const node = this.nodes[i] as PlanNode;
    this.state[i] = RUNNING;
    this.runningBucket[i] = bucket;
    const attempt = ++this.attempts[i]!;
    this.tries[i]!++;
    const tok = ++this.token[i]!;
    const at = this.now() - this.t0;
    if (attempt === 1) this.firstStartAt[i] = at;
    this.attemptStartAt[i] = at;
    this.emit?.({ type: 'node-started', nodeId: node.id, worker: worker.id, attempt, atMs: at });
    if (this.done) return;

    const call: WorkerCall = { node: this.callNode(i, node), inputs: this.inputsOf(i), instruction: this.opts.instruction, attempt };
    let signal = this.runController.signal;
    // A per-attempt controller only when a timeout may have to abort this attempt alone.
    if (this.deadlines !== undefined) {
      const controller = new AbortController();
      this.controllers[i] = controller;
      signal = controller.signal;
      this.deadlines.add(i, tok);
    }
    let pending: Promise<WorkerResult>;
    try {
      pending = worker.run(call, signal);
      if (typeof (pending as { then?: unknown } | null)?.then !== 'function') pending = Promise.resolve(pending);
    } catch (err) {
      // A synchronous throw is handled like a rejection, after the current start finishes.
      pending = Promise.reject(err);
    }
    pending.then(
      (r) => this.onSuccess(i, tok, r),
      (e: unknown) => this.onError(i, tok, e),
    );
  }

  private callNode(i: number, node: PlanNode): PlanNode {
    const refs = this.plan.refs[i];
    if (refs === null || refs === undefined || node.args === undefined) return node;
    const found = new Map<string, unknown>();
    for (const r of refs) found.set((this.nodes[r] as PlanNode).id, this.outputs[r]);
    return { ...node, args: resolveRefs(node.args, found) };
  }

  private inputsOf(i: number): Readonly<Record<string, unknown>> {
    const from = this.plan.parentStart[i] as number;
    const to = this.plan.parentStart[i + 1] as number;
    if (from === to) return NO_INPUTS;
    // Keys are node ids, unique per plan: on a normal object every new key set
    // would grow V8's hidden-class tree (a third of the run time at 10,000
    // nodes). A null-prototype object is kept as a plain hash map instead.
    const inputs = Object.create(null) as Record<string, unknown>;
    for (let k = from; k < to; k++) {
      const p = this.plan.parentList[k] as number;
      inputs[(this.nodes[p] as PlanNode).id] = this.outputs[p];
    }
    return inputs;
  }

  private endAttempt(i: number, outcome: unknown): number {
    this.controllers[i] = undefined;
    this.queues.release(this.runningBucket[i] as number);
    const at = this.now() - this.t0;
    const simMs = simulatedLatencyOf(outcome);
    if (simMs !== undefined) {
      this.simShiftMs[i]! += simMs - (at - (this.attemptStartAt[i] as number));
      this.simulated[i] = 1;
    }
    return at;
  }

  private onSuccess(i: number, tok: number, value: WorkerResult): void {
    if (tok !== this.token[i] || this.done) return;
    const at = this.endAttempt(i, value);
    const r: Partial<WorkerResult> = typeof value === 'object' && value !== null ? value : {};
    this.state[i] = SUCCEEDED;
    this.outputs[i] = r.output;
    const cost = r.costUsd;
    const usage = r.usage ? { inputTokens: r.usage.inputTokens || 0, outputTokens: r.usage.outputTokens || 0 } : NO_USAGE;
    const result = this.startedResult(i, 'succeeded', at, typeof cost === 'number' && Number.isFinite(cost) ? cost : 0, usage, r.output, undefined);
    this.results[i] = result;
    this.finalCount++;
    this.emit?.({ type: 'node-finished', nodeId: result.id, result, atMs: at });
    if (this.done) return;
    const { childStart, childList } = this.plan;
    for (let k = childStart[i] as number; k < (childStart[i + 1] as number); k++) {
      const c = childList[k] as number;
      if (--this.waiting[c]! === 0 && this.state[c] === PENDING) this.enqueue(c);
    }
    this.pump();
    this.finishIfAllFinal();
  }

  private onError(i: number, tok: number, err: unknown): void {
    if (tok !== this.token[i] || this.done) return;
    const at = this.endAttempt(i, err);
    const billed = billedOf(err);
    if (billed) {
      this.failedCost[i]! += billed.costUsd;
      this.failedIn[i]! += billed.inputTokens;
      this.failedOut[i]! += billed.outputTokens;
    }
    this.retryOrFail(i, err, at);
  }

  private readonly onTimeout = (i: number, tok: number): void => {
    if (tok !== this.token[i] || this.done) return;
    // Invalidate the attempt first so the worker's own settling is ignored.
    this.token[i]!++;
    const controller = this.controllers[i];
    const at = this.endAttempt(i, undefined);
    const err = new NodeTimeoutError(this.opts.timeoutMs);
    controller?.abort(err);
    this.retryOrFail(i, err, at);
  };

  private retryOrFail(i: number, err: unknown, at: number): void {
    const node = this.nodes[i] as PlanNode;
    const worker = (this.workers[this.currentWorkerIndex(i)] as Worker).id;
    const candidates = this.plan.candidates[i] as readonly number[];
    const { retries, fallback } = this.opts;
    if (isRetryable(err) && (this.tries[i] as number) <= retries.max) {
      const delayMs = retryDelayMs(this.tries[i] as number, retries, this.opts.random, retryAfterMs(err));
      this.state[i] = BACKOFF;
      this.emit?.({ type: 'node-retrying', nodeId: node.id, worker, nextWorker: worker, attempt: this.attempts[i] as number, error: describeError(err), delayMs, atMs: at });
      if (this.done) return;
      // Node clamps a 0 ms timer to 1 ms; a retry without delay goes straight back to the queue.
      if (delayMs > 0) this.retryTimers[i] = setTimeout(this.onBackoffDone, delayMs, i);
      else this.enqueue(i);
    } else if (fallback && (this.candidate[i] as number) + 1 < candidates.length) {
      this.candidate[i]!++;
      this.tries[i] = 0;
      const nextWorker = (this.workers[this.currentWorkerIndex(i)] as Worker).id;
      this.state[i] = READY;
      this.emit?.({ type: 'node-retrying', nodeId: node.id, worker, nextWorker, attempt: this.attempts[i] as number, error: describeError(err), delayMs: 0, atMs: at });
      if (this.done) return;
      this.enqueue(i);
    } else {
      this.fail(i, describeError(err), at);
      if (this.done) return;
    }
    this.pump();
    this.finishIfAllFinal();
  }

  private readonly onBackoffDone = (i: number): void => {
    this.retryTimers[i] = undefined;
    if (this.done) return;
    this.enqueue(i);
    this.pump();
  };

  private fail(i: number, error: string, at: number): void {
    const node = this.nodes[i] as PlanNode;
    this.state[i] = FAILED;
    const result = this.startedResult(i, 'failed', at, 0, NO_USAGE, undefined, error);
    this.results[i] = result;
    this.finalCount++;
    this.emit?.({ type: 'node-failed', nodeId: node.id, result, atMs: at });
    if (this.done) return;
    // Descendants of a failed node can only be PENDING: none of them had all parents succeed.
    const because = `dependency "${node.id}" failed`;
    const { childStart, childList } = this.plan;
    const stack = [i];
    while (stack.length > 0) {
      const v = stack.pop() as number;
      for (let k = childStart[v] as number; k < (childStart[v + 1] as number); k++) {
        const c = childList[k] as number;
        if (this.state[c] !== PENDING) continue;
        this.state[c] = SKIPPED;
        this.results[c] = this.unstartedResult(c, 'skipped');
        this.finalCount++;
        this.emit?.({ type: 'node-skipped', nodeId: (this.nodes[c] as PlanNode).id, because, atMs: at });
        if (this.done) return;
        stack.push(c);
      }
    }
  }

  private cancel(reason: unknown): void {
    if (this.done || this.cancelled) return;
    this.cancelled = true;
    this.deadlines?.clear();
    const at = this.now() - this.t0;
    this.runController.abort(reason);
    for (let i = 0; i < this.n; i++) {
      const s = this.state[i] as number;
      if (s >= SUCCEEDED) continue;
      if (s === RUNNING) {
        this.token[i]!++;
        const controller = this.controllers[i];
        this.endAttempt(i, undefined);
        controller?.abort(reason);
      } else if (s === BACKOFF) {
        clearTimeout(this.retryTimers[i]);
        this.retryTimers[i] = undefined;
      }
      this.state[i] = CANCELLED;
      const node = this.nodes[i] as PlanNode;
      this.results[i] =
        this.attempts[i] === 0
          ? this.unstartedResult(i, 'cancelled')
          : this.startedResult(i, 'cancelled', at, 0, NO_USAGE, undefined, undefined);
      this.finalCount++;
      this.emit?.({ type: 'node-cancelled', nodeId: node.id, atMs: at });
    }
    this.finish();
  }

  private unstartedResult(i: number, status: 'skipped' | 'cancelled'): NodeResult {
    const node = this.nodes[i] as PlanNode;
    return { id: node.id, task: node.task, status, worker: '', latencyMs: 0, costUsd: 0, attempts: 0, usage: NO_USAGE };
  }

  /**
   * Result of a node that ran at least once, on its current worker. Latency
   * runs from first start to the final outcome, retry waits included. When
   * attempts reported `simulatedLatencyMs` (time-scaled simulation), that
   * stands in for their measured time and the node is placed on a dependency
   * timeline: it starts when its last parent ends.
   */
  private startedResult(
    i: number,
    status: 'succeeded' | 'failed' | 'cancelled',
    at: number,
    costUsd: number,
    usage: TokenUsage,
    output: unknown,
    error: string | undefined,
  ): NodeResult {
    const node = this.nodes[i] as PlanNode;
    let startedAtMs = this.firstStartAt[i] as number;
    const latencyMs = Math.max(0, at - startedAtMs + (this.simShiftMs[i] as number));
    if (this.simulated[i] === 1) {
      startedAtMs = 0;
      const { parentStart, parentList } = this.plan;
      for (let k = parentStart[i] as number; k < (parentStart[i + 1] as number); k++) {
        const end = this.results[parentList[k] as number]?.finishedAtMs ?? 0;
        if (end > startedAtMs) startedAtMs = end;
      }
    }
    const failedCost = this.failedCost[i] as number;
    const billedUsage =
      failedCost > 0 || (this.failedIn[i] as number) > 0 || (this.failedOut[i] as number) > 0
        ? { inputTokens: usage.inputTokens + (this.failedIn[i] as number), outputTokens: usage.outputTokens + (this.failedOut[i] as number) }
        : usage;
    return {
      id: node.id,
      task: node.task,
      status,
      worker: (this.workers[this.currentWorkerIndex(i)] as Worker).id,
      latencyMs,
      costUsd: costUsd + failedCost,
      attempts: this.attempts[i] as number,
      usage: billedUsage,
      output,
      error,
      startedAtMs,
      finishedAtMs: this.simulated[i] === 1 ? startedAtMs + latencyMs : at,
    };
  }

  private finishIfAllFinal(): void {
    if (!this.done && this.finalCount === this.n) this.finish();
  }

  private finish(): void {
    this.done = true;
    // Deadlines of attempts that ended in time are still queued; their timer must not outlive the run.
    this.deadlines?.clear();
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    let wallMs = this.now() - this.t0;
    const latency = new Float64Array(this.n);
    const nodes = this.results as NodeResult[];
    let failed = false;
    for (let i = 0; i < this.n; i++) {
      const r = nodes[i] as NodeResult;
      latency[i] = r.latencyMs;
      if (r.status === 'failed') failed = true;
      // Simulated timelines may run past the measured wall clock.
      if (r.finishedAtMs !== undefined && r.finishedAtMs > wallMs) wallMs = r.finishedAtMs;
    }
    const critical = criticalPathMs(latency, this.plan.topoOrder, this.plan.parentStart, this.plan.parentList);
    const result: RunResult = {
      status: this.cancelled ? 'cancelled' : failed ? 'failed' : 'succeeded',
      wallMs,
      nodes,
      totals: runTotals(nodes, wallMs, critical),
    };
    this.emit?.({ type: 'run-finished', runId: this.opts.runId, result, atMs: wallMs });
    if (this.listenerFailed) this.settle?.reject(this.listenerError);
    else this.settle?.resolve(result);
  }
}
