import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../types.js';
import { executePlan, runPlan } from './executePlan.js';
import { PlanValidationError } from './planValidationError.js';
import { ok, plan, turns, worker } from './test-support/plans.js';

async function drain(stream: AsyncGenerator<RunEvent, unknown>) {
  const events: RunEvent[] = [];
  for (;;) {
    const next = await stream.next();
    if (next.done) return { events, result: next.value };
    events.push(next.value);
  }
}

describe('runPlan', () => {
  it('yields the same events as executePlan and returns the RunResult', async () => {
    const p = plan({ a: [], b: ['a'], c: ['a'], d: ['b', 'c'] });
    const w = worker('w', async (call) => {
      await turns(1);
      return ok(call.node.id);
    });
    const fromCallback: RunEvent[] = [];
    await executePlan(p, { workers: [w], onEvent: (e) => fromCallback.push(e), runId: 'x' });
    const seenByOption: RunEvent[] = [];
    const { events, result } = await drain(runPlan(p, { workers: [w], runId: 'x', onEvent: (e) => seenByOption.push(e) }));
    const shape = (es: RunEvent[]) => es.map((e) => `${e.type}:${'nodeId' in e ? e.nodeId : ''}`);
    expect(shape(events)).toEqual(shape(fromCallback));
    expect(seenByOption).toEqual(events);
    expect(result).toEqual((events.at(-1) as Extract<RunEvent, { type: 'run-finished' }>).result);
  });

  it('cancels the run when the consumer stops early', async () => {
    const signals: AbortSignal[] = [];
    const w = worker('w', (call, signal) => {
      signals.push(signal);
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    });
    for await (const event of runPlan(plan({ a: [], b: ['a'] }), { workers: [w] })) {
      if (event.type === 'node-started') break;
    }
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
  });

  it('forwards the caller signal and reports the run cancelled', async () => {
    const controller = new AbortController();
    const w = worker('w', (_call, signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('x')))));
    const stream = runPlan(plan({ a: [] }), { workers: [w], signal: controller.signal });
    const types: string[] = [];
    for (;;) {
      const next = await stream.next();
      if (next.done) {
        expect(next.value.status).toBe('cancelled');
        break;
      }
      types.push(next.value.type);
      if (next.value.type === 'node-started') controller.abort();
    }
    expect(types).toEqual(['run-started', 'node-started', 'node-cancelled', 'run-finished']);
  });

  it('throws validation errors from the first next()', async () => {
    await expect(runPlan(plan({ a: ['nope'] }), { workers: [worker('w', () => ok())] }).next()).rejects.toBeInstanceOf(PlanValidationError);
  });
});
