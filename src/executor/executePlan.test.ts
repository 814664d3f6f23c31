import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../errors.js';
import type { RunEvent, WorkerCall } from '../types.js';
import { executePlan } from './executePlan.js';
import { PlanValidationError } from './planValidationError.js';
import { collect, ok, plan, worker, workerError } from './test-support/plans.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const never = (signal: AbortSignal): Promise<never> => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
const byId = (r: { nodes: readonly { id: string }[] }, id: string) => r.nodes.find((n) => n.id === id);
const retrying = (events: RunEvent[]) => events.filter((e) => e.type === 'node-retrying');

describe('executePlan: data flow and events', () => {
  it("passes parents' outputs keyed by parent id and resolves <node-k> args", async () => {
    const w = worker('w', (call) => ok(`${call.node.id}:${JSON.stringify(call.node.args ?? null)}`));
    const p = plan(
      { 'node-0': [], 'node-1': [], 'node-2': ['node-0', 'node-1'], 'node-3': ['node-2'] },
      { 'node-3': { args: { first: '<node-0>', text: 'from <node-2>' } } },
    );
    const r = await executePlan(p, { workers: [w], instruction: 'do it' });
    expect(r.status).toBe('succeeded');
    const call = (id: string) => w.calls.find((c) => c.node.id === id) as WorkerCall;
    expect(call('node-0').inputs).toEqual({});
    expect(call('node-2').inputs).toEqual({ 'node-0': 'node-0:null', 'node-1': 'node-1:null' });
    expect(call('node-3').inputs).toEqual({ 'node-2': byId(r, 'node-2')?.['output' as 'id'] });
    expect(call('node-3').node.args).toEqual({ first: 'node-0:null', text: `from ${String(byId(r, 'node-2')?.['output' as 'id'])}` });
    expect(call('node-3').instruction).toBe('do it');
    expect(call('node-3').attempt).toBe(1);
    // The plan itself is left untouched.
    expect(p.nodes[3]?.args).toEqual({ first: '<node-0>', text: 'from <node-2>' });
  });

  it('emits run-started, node-started/finished per node in dependency order, then run-finished', async () => {
    const { onEvent, types, events } = collect();
    const r = await executePlan(plan({ a: [], b: ['a'] }), {
      workers: [worker('w', () => ({ output: 1, costUsd: 0.5, usage: { inputTokens: 3, outputTokens: 4 } }))],
      onEvent,
      runId: 'r1',
    });
    expect(types()).toEqual(['run-started', 'node-started', 'node-finished', 'node-started', 'node-finished', 'run-finished']);
    expect(events[0]).toMatchObject({ type: 'run-started', runId: 'r1', atMs: 0 });
    expect(events[2]).toMatchObject({ nodeId: 'a', result: { status: 'succeeded', worker: 'w', costUsd: 0.5, attempts: 1 } });
    expect(events.at(-1)).toEqual({ type: 'run-finished', runId: 'r1', result: r, atMs: r.wallMs });
    expect(r.totals).toMatchObject({ costUsd: 1, inputTokens: 6, outputTokens: 8 });
  });

  it('runs an empty plan as an instant success', async () => {
    const r = await executePlan({ nodes: [] }, { workers: [] });
    expect(r).toMatchObject({ status: 'succeeded', nodes: [], totals: { costUsd: 0, criticalPathMs: 0 } });
  });

  it('treats a synchronous throw from a worker like a rejection', async () => {
    const w = { id: 'w', tasks: '*' as const, run: () => { throw new Error('boom'); } };
    const r = await executePlan(plan({ a: [] }), { workers: [w], fallback: false });
    expect(byId(r, 'a')).toMatchObject({ status: 'failed', error: 'boom', attempts: 1 });
  });
});

describe('executePlan: failures', () => {
  it('skips the descendants of a failed node while independent branches finish', async () => {
    const { onEvent, events } = collect();
    const w = worker('w', (call) => (call.node.id === 'b' ? Promise.reject(new Error('bad input')) : ok()));
    const r = await executePlan(plan({ a: [], b: ['a'], c: ['b'], d: ['c', 'e'], e: [], f: ['e'] }), { workers: [w], onEvent });
    expect(r.status).toBe('failed');
    expect(r.nodes.map((n) => `${n.id}:${n.status}`)).toEqual(['a:succeeded', 'b:failed', 'c:skipped', 'd:skipped', 'e:succeeded', 'f:succeeded']);
    expect(byId(r, 'c')).toMatchObject({ worker: '', attempts: 0, latencyMs: 0 });
    expect(events.filter((e) => e.type === 'node-skipped')).toMatchObject([
      { nodeId: 'c', because: 'dependency "b" failed' },
      { nodeId: 'd', because: 'dependency "b" failed' },
    ]);
  });

  it('does not retry a non-retryable error', async () => {
    const { onEvent, events } = collect();
    const w = worker('w', () => Promise.reject(workerError('401 unauthorized', { retryable: false })));
    const r = await executePlan(plan({ a: [] }), { workers: [w], onEvent, fallback: false });
    expect(byId(r, 'a')).toMatchObject({ status: 'failed', attempts: 1, error: '401 unauthorized', worker: 'w' });
    expect(retrying(events)).toEqual([]);
  });

  it('rejects an invalid plan with PlanValidationError and bad options with UserError', async () => {
    await expect(executePlan(plan({ a: ['zz'] }), { workers: [worker('w', () => ok())] })).rejects.toBeInstanceOf(PlanValidationError);
    await expect(executePlan(plan({ a: [] }), { workers: [], concurrency: 0 })).rejects.toThrow(
      new UserError('Invalid executor options: concurrency: Too small: expected number to be >=1'),
    );
    await expect(executePlan(plan({ a: [] }), { workers: [], retries: { max: -1 } })).rejects.toThrow(/retries\.max/);
  });

  it('cancels the run and rethrows when onEvent throws', async () => {
    const w = worker('w', () => ok());
    const seen: string[] = [];
    const run = executePlan(plan({ a: [], b: ['a'] }), {
      workers: [w],
      onEvent: (e) => {
        seen.push(e.type);
        if (e.type === 'node-finished') throw new Error('listener bug');
      },
    });
    await expect(run).rejects.toThrow('listener bug');
    expect(seen).toEqual(['run-started', 'node-started', 'node-finished', 'node-cancelled', 'run-finished']);
    expect(w.calls.map((c) => c.node.id)).toEqual(['a']);
  });
});

describe('executePlan: retries, timeouts and fallback (fake timers)', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  async function settle<T>(run: Promise<T>): Promise<T> {
    await vi.runAllTimersAsync();
    return run;
  }

  it('retries retryable errors with exponential backoff and jitter, then succeeds', async () => {
    const { onEvent, events } = collect();
    let failures = 2;
    const calledAt: number[] = [];
    const w = worker('w', () => {
      calledAt.push(performance.now());
      return failures-- > 0 ? Promise.reject(workerError('503', { retryable: true })) : ok('done');
    });
    const t0 = performance.now();
    const r = await settle(
      executePlan(plan({ a: [] }), { workers: [w], onEvent, retries: { max: 3, baseDelayMs: 100, maxDelayMs: 1_000 }, random: () => 0.5 }),
    );
    // Equal jitter at 0.5: 3/4 of 100, then of 200.
    expect(retrying(events)).toMatchObject([
      { worker: 'w', nextWorker: 'w', attempt: 1, error: '503', delayMs: 75 },
      { worker: 'w', nextWorker: 'w', attempt: 2, error: '503', delayMs: 150 },
    ]);
    expect(calledAt.map((t) => t - t0)).toEqual([0, 75, 225]);
    expect(w.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    expect(byId(r, 'a')).toMatchObject({ status: 'succeeded', attempts: 3, latencyMs: 225, output: 'done' });
  });

  it('fails after max retries and reports the last error', async () => {
    const w = worker('w', () => Promise.reject(workerError('overloaded', { retryable: true })));
    const r = await settle(executePlan(plan({ a: [], b: ['a'] }), { workers: [w], retries: { max: 2, baseDelayMs: 10 } }));
    expect(r.nodes.map((n) => [n.status, n.attempts, n.error])).toEqual([
      ['failed', 3, 'overloaded'],
      ['skipped', 0, undefined],
    ]);
  });

  it('waits at least retryAfterMs before the next try', async () => {
    const { onEvent, events } = collect();
    const calledAt: number[] = [];
    let first = true;
    const w = worker('w', () => {
      calledAt.push(performance.now());
      if (!first) return ok();
      first = false;
      return Promise.reject(workerError('429', { retryable: true, retryAfterMs: 2_000 }));
    });
    await settle(executePlan(plan({ a: [] }), { workers: [w], onEvent, retries: { max: 1, baseDelayMs: 10 }, random: () => 0 }));
    expect(retrying(events)[0]).toMatchObject({ delayMs: 2_000 });
    expect((calledAt[1] as number) - (calledAt[0] as number)).toBe(2_000);
  });

  it("times out an attempt by aborting its signal, retries it, and ignores the late answer", async () => {
    const signals: AbortSignal[] = [];
    const w = worker('w', async (call, signal) => {
      signals.push(signal);
      if (call.attempt === 1) {
        // Ignores the abort and answers late: the executor must not use this.
        await sleep(5_000);
        return ok('late');
      }
      return ok('on time');
    });
    const r = await settle(executePlan(plan({ a: [] }), { workers: [w], timeoutMs: 1_000, retries: { max: 1, baseDelayMs: 0 } }));
    expect(signals[0]?.aborted).toBe(true);
    expect((signals[0]?.reason as Error).name).toBe('TimeoutError');
    expect(signals[1]?.aborted).toBe(false);
    expect(byId(r, 'a')).toMatchObject({ status: 'succeeded', attempts: 2, output: 'on time', latencyMs: 1_000 });
  });

  it('leaves no timer behind when attempts end before their timeout', async () => {
    const w = worker('w', () => ok());
    const r = await executePlan(plan({ a: [], b: ['a'] }), { workers: [w], timeoutMs: 60_000 });
    expect(r.status).toBe('succeeded');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fails a node whose every attempt times out', async () => {
    const w = worker('w', (_call, signal) => never(signal));
    const r = await settle(executePlan(plan({ a: [] }), { workers: [w], timeoutMs: 300, retries: { max: 1, baseDelayMs: 0 } }));
    expect(byId(r, 'a')).toMatchObject({ status: 'failed', attempts: 2, error: 'timed out after 300 ms' });
  });

  it('falls back to the next candidate after retries, then to named fallbacks in order', async () => {
    const { onEvent, events } = collect();
    const flaky = worker('flaky', () => Promise.reject(workerError('503', { retryable: true })));
    const broken = worker('broken', () => Promise.reject(new Error('cannot parse')));
    const good = worker('good', () => ok('fine'));
    const p = plan({ a: [] }, { a: { worker: 'flaky', fallbacks: ['broken'] } });
    const r = await settle(executePlan(p, { workers: [good, broken, flaky], onEvent, retries: { max: 1, baseDelayMs: 10 }, random: () => 0 }));
    expect(retrying(events).map((e) => [e.worker, e.nextWorker, e.attempt, e.delayMs])).toEqual([
      ['flaky', 'flaky', 1, 5],
      ['flaky', 'broken', 2, 0],
      ['broken', 'good', 3, 0],
    ]);
    expect(byId(r, 'a')).toMatchObject({ status: 'succeeded', worker: 'good', attempts: 4, output: 'fine' });
  });

  it('does not fall back when fallback is off', async () => {
    const bad = worker('bad', () => Promise.reject(new Error('nope')));
    const good = worker('good', () => ok());
    const r = await settle(executePlan(plan({ a: [] }), { workers: [bad, good], fallback: false }));
    expect(byId(r, 'a')).toMatchObject({ status: 'failed', worker: 'bad' });
    expect(good.calls).toEqual([]);
  });

  it('reports the critical path and speed-up from measured latencies', async () => {
    const ms: Record<string, number> = { a: 10, b: 20, c: 40, d: 5, e: 30 };
    const w = worker('w', async (call) => {
      await sleep(ms[call.node.id] as number);
      return ok();
    });
    // a -> b, a -> c, {b, c} -> d; e independent.
    const r = await settle(executePlan(plan({ a: [], b: ['a'], c: ['a'], d: ['b', 'c'], e: [] }), { workers: [w] }));
    expect(r.wallMs).toBe(55);
    expect(r.totals.criticalPathMs).toBe(55);
    expect(r.totals.speedup).toBeCloseTo(105 / 55, 10);
    expect(byId(r, 'd')).toMatchObject({ startedAtMs: 50, finishedAtMs: 55, latencyMs: 5 });
  });

  it('reports simulated latencies on a dependency timeline when workers give them', async () => {
    const w = worker('w', (call) => ({ output: 1, simulatedLatencyMs: call.node.id === 'a' ? 400 : 100 }));
    const r = await settle(executePlan(plan({ a: [], b: ['a'], c: [] }), { workers: [w] }));
    expect(r.nodes.map((n) => [n.id, n.latencyMs, n.startedAtMs, n.finishedAtMs])).toEqual([
      ['a', 400, 0, 400],
      ['b', 100, 400, 500],
      ['c', 100, 0, 100],
    ]);
    expect(r.wallMs).toBe(500);
    expect(r.totals.criticalPathMs).toBe(500);
    expect(r.totals.speedup).toBeCloseTo(600 / 500, 10);
  });
});

describe('executePlan: cancellation', () => {
  it('keeps finished nodes, cancels running and waiting ones, and aborts the workers', async () => {
    const controller = new AbortController();
    const { onEvent, events } = collect();
    const signals: AbortSignal[] = [];
    const w = worker('w', (call, signal) => {
      if (call.node.id === 'fast') return ok('kept');
      signals.push(signal);
      queueMicrotask(() => controller.abort(new Error('user pressed Esc')));
      return never(signal);
    });
    const r = await executePlan(plan({ fast: [], slow: ['fast'], after: ['slow'] }), { workers: [w], signal: controller.signal, onEvent });
    expect(r.status).toBe('cancelled');
    expect(r.nodes.map((n) => [n.id, n.status, n.worker, n.attempts])).toEqual([
      ['fast', 'succeeded', 'w', 1],
      ['slow', 'cancelled', 'w', 1],
      ['after', 'cancelled', '', 0],
    ]);
    expect(byId(r, 'fast')).toMatchObject({ output: 'kept' });
    expect(signals[0]?.aborted).toBe(true);
    expect(events.filter((e) => e.type === 'node-cancelled').map((e) => e.nodeId)).toEqual(['slow', 'after']);
    expect(events.at(-1)?.type).toBe('run-finished');
  });

  it('starts nothing when the signal is already aborted', async () => {
    const w = worker('w', () => ok());
    const r = await executePlan(plan({ a: [], b: [] }), { workers: [w], signal: AbortSignal.abort() });
    expect(r.status).toBe('cancelled');
    expect(r.nodes.map((n) => n.status)).toEqual(['cancelled', 'cancelled']);
    expect(w.calls).toEqual([]);
  });

  it('cancels a node waiting out a retry delay without calling the worker again', async () => {
    vi.useFakeTimers();
    try {
      const controller = new AbortController();
      const w = worker('w', () => Promise.reject(workerError('503', { retryable: true })));
      const run = executePlan(plan({ a: [] }), {
        workers: [w],
        signal: controller.signal,
        retries: { max: 5, baseDelayMs: 1_000 },
        onEvent: (e) => e.type === 'node-retrying' && controller.abort(),
      });
      await vi.runAllTimersAsync();
      const r = await run;
      expect(r.status).toBe('cancelled');
      expect(byId(r, 'a')).toMatchObject({ status: 'cancelled', attempts: 1 });
      expect(w.calls).toHaveLength(1);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
