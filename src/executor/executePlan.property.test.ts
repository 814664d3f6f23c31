import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { Plan, PlanNode, RunEvent, Worker, WorkerCall, WorkerResult } from '../types.js';
import { executePlan } from './executePlan.js';
import { turns, workerError } from './test-support/plans.js';

/**
 * Properties over random DAGs. Workers take a random number of event-loop
 * turns, so many nodes are in flight at once without any wall-clock waits.
 */

interface Scenario {
  readonly plan: Plan;
  /** Event-loop turns each node's worker takes. */
  readonly turns: ReadonlyMap<string, number>;
  readonly concurrency: number;
  readonly perProvider: Readonly<Record<string, number>>;
}

const PROVIDERS = ['p', 'q', undefined] as const;

const scenario: fc.Arbitrary<Scenario> = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc
    .record({
      deps: fc.tuple(...Array.from({ length: n }, (_, i) => fc.subarray([...Array(i).keys()], { maxLength: Math.min(3, i) }))),
      order: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      workerOf: fc.array(fc.nat(2), { minLength: n, maxLength: n }),
      turns: fc.array(fc.nat(3), { minLength: n, maxLength: n }),
      concurrency: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(Number.POSITIVE_INFINITY)),
      p: fc.integer({ min: 1, max: 3 }),
      q: fc.integer({ min: 1, max: 2 }),
    })
    .map(({ deps, order, workerOf, turns: t, concurrency, p, q }) => {
      // Nodes are listed in a shuffled order: the executor must not rely on plan order.
      const nodes: PlanNode[] = order.map((i) => ({ id: `node-${i}`, task: 't', deps: deps[i]!.map((d) => `node-${d}`), worker: `w${workerOf[i]}` }));
      return {
        plan: { nodes },
        turns: new Map(t.map((k, i) => [`node-${i}`, k])),
        concurrency,
        perProvider: { p, q },
      };
    }),
);

/** Workers w0 (provider p), w1 (provider q), w2 (no provider) that check the invariants as they run. */
function instrumentedWorkers(s: Scenario, behave: (call: WorkerCall, worker: string) => WorkerResult | Error = () => ({ output: 'ok' })) {
  const parents = new Map(s.plan.nodes.map((n) => [n.id, n.deps]));
  const finished = new Set<string>();
  const calls: { node: string; attempt: number; worker: string }[] = [];
  const violations: string[] = [];
  const running = { all: 0, p: 0, q: 0 };
  const workers: Worker[] = PROVIDERS.map((provider, k) => ({
    id: `w${k}`,
    tasks: '*',
    ...(provider === undefined ? {} : { provider }),
    run: async (call) => {
      const id = call.node.id;
      calls.push({ node: id, attempt: call.attempt, worker: `w${k}` });
      for (const p of parents.get(id) ?? []) if (!finished.has(p)) violations.push(`${id} started before parent ${p} finished`);
      running.all++;
      if (provider !== undefined) running[provider]++;
      if (running.all > s.concurrency) violations.push(`${running.all} running > concurrency ${s.concurrency}`);
      for (const pr of ['p', 'q'] as const) if (running[pr] > (s.perProvider[pr] as number)) violations.push(`${running[pr]} on ${pr} > ${s.perProvider[pr]}`);
      try {
        await turns(s.turns.get(id) ?? 0);
        const out = behave(call, `w${k}`);
        if (out instanceof Error) throw out;
        finished.add(id);
        return out;
      } finally {
        running.all--;
        if (provider !== undefined) running[provider]--;
      }
    },
  }));
  return { workers, calls, violations };
}

function ancestorsOf(plan: Plan): Map<string, Set<string>> {
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const memo = new Map<string, Set<string>>();
  const visit = (id: string): Set<string> => {
    let set = memo.get(id);
    if (set) return set;
    set = new Set();
    for (const d of byId.get(id)?.deps ?? []) {
      set.add(d);
      for (const a of visit(d)) set.add(a);
    }
    memo.set(id, set);
    return set;
  };
  for (const n of plan.nodes) visit(n.id);
  return memo;
}

const options = (s: Scenario, workers: Worker[]) => ({
  workers,
  concurrency: s.concurrency,
  perProviderConcurrency: s.perProvider,
  retries: { max: 1, baseDelayMs: 0 },
  random: () => 0,
});

describe('executor properties over random DAGs', () => {
  it('runs every node exactly once, after its parents, within the global and per-provider limits', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { workers, calls, violations } = instrumentedWorkers(s);
        const events: RunEvent[] = [];
        const r = await executePlan(s.plan, { ...options(s, workers), onEvent: (e) => events.push(e) });
        expect(violations).toEqual([]);
        expect(r.status).toBe('succeeded');
        expect(calls.map((c) => c.node).sort()).toEqual(s.plan.nodes.map((n) => n.id).sort());
        expect(r.nodes.every((n) => n.status === 'succeeded' && n.attempts === 1)).toBe(true);
        // Events agree: a node-started never precedes its parents' node-finished.
        const finishedAt = new Map<string, number>();
        events.forEach((e, k) => e.type === 'node-finished' && finishedAt.set(e.nodeId, k));
        events.forEach((e, k) => {
          if (e.type !== 'node-started') return;
          for (const p of s.plan.nodes.find((n) => n.id === e.nodeId)?.deps ?? []) expect(finishedAt.get(p)).toBeLessThan(k);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('runs each attempt once and each succeeded node once, through retries and fallback', async () => {
    const withFailures = scenario.chain((s) =>
      fc.array(fc.nat(4), { minLength: s.plan.nodes.length, maxLength: s.plan.nodes.length }).map((k) => ({ s, failFirst: k })),
    );
    await fc.assert(
      fc.asyncProperty(withFailures, async ({ s, failFirst }) => {
        const failures = new Map(s.plan.nodes.map((n, i) => [n.id, failFirst[i] as number]));
        const { workers, calls, violations } = instrumentedWorkers(s, (call) =>
          call.attempt <= (failures.get(call.node.id) as number) ? workerError('flaky', { retryable: true }) : { output: call.attempt },
        );
        const r = await executePlan(s.plan, options(s, workers));
        expect(violations).toEqual([]);
        // 3 workers x (1 + 1 retry) = 6 tries per node, and at most 4 failures: all succeed.
        expect(r.status).toBe('succeeded');
        const keys = calls.map((c) => `${c.node}#${c.attempt}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const n of r.nodes) {
          expect(n.attempts).toBe((failures.get(n.id) as number) + 1);
          expect(n.output).toBe(n.attempts);
          // Two tries per worker, then the next candidate.
          const mine = calls.filter((c) => c.node === n.id).map((c) => c.worker);
          expect(mine.every((w, k) => k < 2 || k % 2 === 1 || w !== mine[k - 1])).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('skips exactly the descendants of failed nodes and finishes every independent node', async () => {
    const withFailing = scenario.chain((s) => fc.subarray(s.plan.nodes.map((n) => n.id)).map((failing) => ({ s, failing: new Set(failing) })));
    await fc.assert(
      fc.asyncProperty(withFailing, async ({ s, failing }) => {
        const { workers, violations } = instrumentedWorkers(s, (call) => (failing.has(call.node.id) ? new Error('bad') : { output: 1 }));
        const r = await executePlan(s.plan, { ...options(s, workers), fallback: false });
        expect(violations).toEqual([]);
        const ancestors = ancestorsOf(s.plan);
        let anyFailed = false;
        for (const n of r.nodes) {
          const blocked = [...(ancestors.get(n.id) as Set<string>)].some((a) => failing.has(a));
          const expected = blocked ? 'skipped' : failing.has(n.id) ? 'failed' : 'succeeded';
          if (expected === 'failed') anyFailed = true;
          expect(`${n.id}:${n.status}`).toBe(`${n.id}:${expected}`);
        }
        expect(r.status).toBe(anyFailed ? 'failed' : 'succeeded');
      }),
      { numRuns: 150 },
    );
  });

  it('on abort starts nothing more, keeps finished results and cancels the rest', async () => {
    const withAbort = scenario.chain((s) =>
      fc.record({ atCall: fc.integer({ min: 1, max: s.plan.nodes.length }), delayTurns: fc.nat(3) }).map((a) => ({ s, ...a })),
    );
    await fc.assert(
      fc.asyncProperty(withAbort, async ({ s, atCall, delayTurns }) => {
        const controller = new AbortController();
        let aborted = false;
        const callsAfterAbort: string[] = [];
        let callCount = 0;
        const { workers, violations } = instrumentedWorkers(s, () => ({ output: 1 }));
        const watched = workers.map((w) => ({
          ...w,
          run: (call: WorkerCall, signal: AbortSignal) => {
            if (aborted) callsAfterAbort.push(call.node.id);
            if (++callCount === atCall) void turns(delayTurns).then(() => controller.abort());
            return w.run(call, signal);
          },
        }));
        const events: RunEvent[] = [];
        let startsAfterAbort = 0;
        controller.signal.addEventListener('abort', () => (aborted = true));
        const r = await executePlan(s.plan, {
          ...options(s, watched),
          signal: controller.signal,
          onEvent: (e) => {
            events.push(e);
            if (aborted && e.type === 'node-started') startsAfterAbort++;
          },
        });
        expect(violations).toEqual([]);
        expect(callsAfterAbort).toEqual([]);
        expect(startsAfterAbort).toBe(0);
        const finishedBeforeAbort = new Set(events.filter((e) => e.type === 'node-finished').map((e) => e.nodeId));
        for (const n of r.nodes) expect(n.status).toBe(finishedBeforeAbort.has(n.id) ? 'succeeded' : 'cancelled');
        const everythingDone = finishedBeforeAbort.size === s.plan.nodes.length;
        expect(r.status).toBe(everythingDone ? 'succeeded' : 'cancelled');
        if (!everythingDone) expect(aborted).toBe(true);
        expect(events.filter((e) => e.type === 'node-cancelled')).toHaveLength(s.plan.nodes.length - finishedBeforeAbort.size);
      }),
      { numRuns: 150 },
    );
  });
});

describe('executor properties with timeouts (fake timers)', () => {
  it('always terminates when workers hang, times out only hung attempts, and leaves no timer behind', async () => {
    const withHangs = scenario.chain((s) =>
      fc
        .array(fc.subarray([1, 2, 3, 4]), { minLength: s.plan.nodes.length, maxLength: s.plan.nodes.length })
        .map((hangs) => ({ s, hangs: new Map(s.plan.nodes.map((n, i) => [n.id, new Set(hangs[i])])) })),
    );
    vi.useFakeTimers();
    try {
      await fc.assert(
        fc.asyncProperty(withHangs, async ({ s, hangs }) => {
          // Hung attempts ignore their signal entirely; the rest answer after a few ms.
          const w: Worker = {
            id: 'w',
            tasks: '*',
            run: (call) =>
              (hangs.get(call.node.id) as Set<number>).has(call.attempt)
                ? new Promise<never>(() => undefined)
                : new Promise((resolve) => setTimeout(() => resolve({ output: call.attempt }), s.turns.get(call.node.id))),
          };
          const unassigned = { nodes: s.plan.nodes.map(({ worker: _w, ...n }) => n) };
          const run = executePlan(unassigned, { workers: [w], concurrency: s.concurrency, timeoutMs: 50, retries: { max: 3, baseDelayMs: 5 }, random: () => 0.5 });
          await vi.runAllTimersAsync();
          const r = await run;
          const ancestors = ancestorsOf(s.plan);
          const failing = new Set(s.plan.nodes.filter((n) => (hangs.get(n.id) as Set<number>).size === 4).map((n) => n.id));
          for (const n of r.nodes) {
            const h = hangs.get(n.id) as Set<number>;
            if ([...(ancestors.get(n.id) as Set<string>)].some((a) => failing.has(a))) expect(n.status).toBe('skipped');
            else if (failing.has(n.id)) expect(n).toMatchObject({ status: 'failed', attempts: 4, error: 'timed out after 50 ms' });
            else {
              const firstGood = [1, 2, 3, 4].find((a) => !h.has(a));
              expect(n).toMatchObject({ status: 'succeeded', attempts: firstGood, output: firstGood });
            }
          }
          expect(vi.getTimerCount()).toBe(0);
        }),
        { numRuns: 60 },
      );
    } finally {
      vi.useRealTimers();
    }
  });
});
