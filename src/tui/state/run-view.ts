/**
 * The live picture of one turn (plan, then execution), built from SessionEvents.
 * One pure handler per event type; useRun.ts dispatches to them with a switch.
 */
import type { Plan, RunResult, SessionEvent } from '../../types.js';
import type { NodeView } from './node-view.js';

export type RunPhase = 'planning' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'refused' | 'error';

export interface RunView {
  /** Sequence number in the session; keys the `<Static>` history. */
  readonly seq: number;
  readonly instruction: string;
  readonly phase: RunPhase;
  readonly plan?: Plan;
  readonly planLatencyMs?: number;
  readonly runId?: string;
  /** Node ids in plan order. */
  readonly order: readonly string[];
  readonly nodes: Readonly<Record<string, NodeView>>;
  readonly startedAtMs?: number;
  readonly lastAtMs?: number;
  readonly result?: RunResult;
  /** Refusal reason or the error that ended the stream. */
  readonly message?: string;
  /** Set when the user asked to cancel, before the executor confirms. */
  readonly cancelRequested?: boolean;
}

type Of<T extends SessionEvent['type']> = Extract<SessionEvent, { type: T }>;

export function newRunView(seq: number, instruction: string): RunView {
  return { seq, instruction, phase: 'planning', order: [], nodes: {} };
}

export function isLive(view: RunView | null): boolean {
  return view !== null && (view.phase === 'planning' || view.phase === 'running');
}

function viewsFromPlan(plan: Plan): { order: string[]; nodes: Record<string, NodeView> } {
  const nodes: Record<string, NodeView> = {};
  for (const n of plan.nodes) {
    nodes[n.id] = {
      id: n.id,
      task: n.task,
      deps: n.deps,
      ...(n.args !== undefined ? { args: n.args } : {}),
      worker: n.worker ?? '',
      state: 'queued',
      attempt: 0,
    };
  }
  return { order: plan.nodes.map((n) => n.id), nodes };
}

function patchNode(view: RunView, id: string, patch: Partial<NodeView>, atMs?: number): RunView {
  const current = view.nodes[id];
  if (!current) return view;
  return { ...view, nodes: { ...view.nodes, [id]: { ...current, ...patch } }, ...(atMs !== undefined ? { lastAtMs: atMs } : {}) };
}

export function onPlanReady(view: RunView, e: Of<'plan-ready'>): RunView {
  return { ...view, plan: e.plan, planLatencyMs: e.planLatencyMs, ...viewsFromPlan(e.plan) };
}

export function onPlanRefused(view: RunView, e: Of<'plan-refused'>): RunView {
  return { ...view, phase: 'refused', message: e.reason };
}

export function onRunStarted(view: RunView, e: Of<'run-started'>): RunView {
  // The executor's plan carries the workers selected under the budget; prefer it to the planner's.
  const fromPlan = viewsFromPlan(e.plan);
  return { ...view, phase: 'running', runId: e.runId, plan: e.plan, startedAtMs: e.atMs, lastAtMs: e.atMs, ...fromPlan };
}

export function onNodeStarted(view: RunView, e: Of<'node-started'>): RunView {
  return patchNode(view, e.nodeId, { state: 'running', worker: e.worker, attempt: e.attempt }, e.atMs);
}

export function onNodeRetrying(view: RunView, e: Of<'node-retrying'>): RunView {
  return patchNode(view, e.nodeId, { state: 'retrying', worker: e.nextWorker, attempt: e.attempt, note: e.error }, e.atMs);
}

function fromResult(e: Of<'node-finished'> | Of<'node-failed'>): Partial<NodeView> {
  const r = e.result;
  return {
    worker: r.worker,
    attempt: r.attempts,
    latencyMs: r.latencyMs,
    costUsd: r.costUsd,
    tokens: r.usage.inputTokens + r.usage.outputTokens,
    ...(r.output !== undefined ? { output: r.output } : {}),
    ...(r.error !== undefined ? { error: r.error, note: r.error } : {}),
  };
}

export function onNodeFinished(view: RunView, e: Of<'node-finished'>): RunView {
  return patchNode(view, e.nodeId, { ...fromResult(e), state: 'done' }, e.atMs);
}

export function onNodeFailed(view: RunView, e: Of<'node-failed'>): RunView {
  return patchNode(view, e.nodeId, { ...fromResult(e), state: 'failed' }, e.atMs);
}

export function onNodeSkipped(view: RunView, e: Of<'node-skipped'>): RunView {
  return patchNode(view, e.nodeId, { state: 'skipped', note: e.because }, e.atMs);
}

export function onNodeCancelled(view: RunView, e: Of<'node-cancelled'>): RunView {
  return patchNode(view, e.nodeId, { state: 'cancelled', note: 'cancelled' }, e.atMs);
}

export function onRunFinished(view: RunView, e: Of<'run-finished'>): RunView {
  let next: RunView = { ...view, phase: e.result.status, result: e.result, lastAtMs: e.atMs };
  // The result is authoritative: nodes whose event we never saw still end in the right state.
  for (const r of e.result.nodes) {
    const state = r.status === 'succeeded' ? 'done' : r.status;
    const current = next.nodes[r.id];
    if (current && (current.state === 'queued' || current.state === 'running' || current.state === 'retrying')) {
      next = patchNode(next, r.id, {
        state,
        ...(r.worker ? { worker: r.worker } : {}),
        ...(r.status === 'succeeded' || r.status === 'failed'
          ? { latencyMs: r.latencyMs, costUsd: r.costUsd, tokens: r.usage.inputTokens + r.usage.outputTokens }
          : {}),
        ...(r.output !== undefined ? { output: r.output } : {}),
      });
    }
  }
  return next;
}

export function onStreamError(view: RunView, message: string): RunView {
  return { ...view, phase: view.cancelRequested ? 'cancelled' : 'error', message };
}

/** Nodes without children: their outputs are the answer. */
export function sinkIds(view: RunView): string[] {
  const parents = new Set(view.order.flatMap((id) => view.nodes[id]?.deps ?? []));
  return view.order.filter((id) => !parents.has(id));
}

export interface LiveTotals {
  readonly wallMs: number;
  readonly criticalPathMs: number;
  readonly speedup: number;
  readonly costUsd: number;
  readonly tokens: number;
  readonly done: number;
  readonly total: number;
}

/** Longest dependency chain by measured latency, over the nodes measured so far. */
export function criticalPathMs(view: RunView): number {
  const memo = new Map<string, number>();
  const visiting = new Set<string>();
  const longest = (id: string): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const node = view.nodes[id];
    const own = node?.latencyMs ?? 0;
    const best = Math.max(0, ...(node?.deps ?? []).filter((d) => view.nodes[d]).map(longest));
    visiting.delete(id);
    memo.set(id, own + best);
    return own + best;
  };
  return Math.max(0, ...view.order.map(longest));
}

export function liveTotals(view: RunView): LiveTotals {
  const nodes = view.order.map((id) => view.nodes[id]).filter((n): n is NodeView => n !== undefined);
  const finished = nodes.filter((n) => n.state !== 'queued' && n.state !== 'running' && n.state !== 'retrying');
  if (view.result) {
    const t = view.result.totals;
    return {
      wallMs: view.result.wallMs,
      criticalPathMs: t.criticalPathMs,
      speedup: t.speedup,
      costUsd: t.costUsd,
      tokens: t.inputTokens + t.outputTokens,
      done: finished.length,
      total: nodes.length,
    };
  }
  const wallMs = view.startedAtMs !== undefined && view.lastAtMs !== undefined ? Math.max(0, view.lastAtMs - view.startedAtMs) : 0;
  const sumLatency = nodes.reduce((a, n) => a + (n.latencyMs ?? 0), 0);
  return {
    wallMs,
    criticalPathMs: criticalPathMs(view),
    speedup: wallMs > 0 ? sumLatency / wallMs : 0,
    costUsd: nodes.reduce((a, n) => a + (n.costUsd ?? 0), 0),
    tokens: nodes.reduce((a, n) => a + (n.tokens ?? 0), 0),
    done: finished.length,
    total: nodes.length,
  };
}
