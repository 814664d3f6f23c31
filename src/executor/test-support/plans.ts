import type { Plan, PlanNode, RunEvent, Worker, WorkerCall, WorkerResult } from '../../types.js';

/** `plan({ a: [], b: ['a'] })`: a plan whose nodes all have task `t`, in key order. */
export function plan(deps: Readonly<Record<string, readonly string[]>>, extra: Partial<Record<string, Partial<PlanNode>>> = {}): Plan {
  return { nodes: Object.entries(deps).map(([id, d]) => ({ id, task: 't', deps: d, ...extra[id] })) };
}

/** A worker from a function, with a call log. */
export function worker(
  id: string,
  run: (call: WorkerCall, signal: AbortSignal) => Promise<WorkerResult> | WorkerResult,
  more: Partial<Pick<Worker, 'tasks' | 'provider'>> = {},
): Worker & { calls: WorkerCall[] } {
  const calls: WorkerCall[] = [];
  return {
    id,
    tasks: more.tasks ?? '*',
    ...(more.provider === undefined ? {} : { provider: more.provider }),
    calls,
    run: async (call, signal) => {
      calls.push(call);
      return run(call, signal);
    },
  };
}

export const ok = (output: unknown = 'ok'): WorkerResult => ({ output });

/** An error in the worker protocol's shape. */
export function workerError(message: string, fields: { retryable?: boolean; retryAfterMs?: number } = {}): Error {
  return Object.assign(new Error(message), fields);
}

export function collect(): { events: RunEvent[]; onEvent: (e: RunEvent) => void; types: () => string[] } {
  const events: RunEvent[] = [];
  return { events, onEvent: (e) => events.push(e), types: () => events.map((e) => e.type) };
}

/** Resolves after `n` turns of the event loop: real asynchrony without wall-clock waits. */
export async function turns(n: number): Promise<void> {
  for (let k = 0; k < n; k++) await new Promise<void>((resolve) => setImmediate(resolve));
}
