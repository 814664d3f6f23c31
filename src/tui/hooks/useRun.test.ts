import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../types.js';
import { liveTotals, newRunView, sinkIds } from '../state/run-view.js';
import { SPEECH_PLAN, createFakeOrchestrator } from '../test-support/fake-orchestrator.js';
import { applySessionEvent } from './useRun.js';

async function collect(stream: AsyncIterable<SessionEvent>): Promise<SessionEvent[]> {
  const events: SessionEvent[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

describe('applySessionEvent', () => {
  it('folds a whole run into node states, figures and totals', async () => {
    const api = createFakeOrchestrator();
    const events = await collect(api.run('go'));
    const view = events.reduce(applySessionEvent, newRunView(1, 'go'));
    expect(view.phase).toBe('succeeded');
    expect(view.order).toEqual(SPEECH_PLAN.nodes.map((n) => n.id));
    for (const id of view.order) {
      expect(view.nodes[id]?.state).toBe('done');
      expect(view.nodes[id]?.latencyMs).toBeGreaterThan(0);
      expect(view.nodes[id]?.tokens).toBe(310);
    }
    expect(sinkIds(view)).toEqual(['node-2', 'node-3']);
    expect(liveTotals(view).done).toBe(4);
  });

  it('tracks running, retrying, failed and skipped nodes', () => {
    let view = applySessionEvent(newRunView(1, 'go'), { type: 'plan-ready', plan: SPEECH_PLAN, planLatencyMs: 2 });
    view = applySessionEvent(view, { type: 'run-started', runId: 'r', plan: SPEECH_PLAN, atMs: 0 });
    expect(view.phase).toBe('running');
    view = applySessionEvent(view, { type: 'node-started', nodeId: 'node-0', worker: 'whisper-sim', attempt: 1, atMs: 1 });
    expect(view.nodes['node-0']?.state).toBe('running');
    view = applySessionEvent(view, { type: 'node-retrying', nodeId: 'node-0', worker: 'whisper-sim', nextWorker: 'whisper-b', attempt: 1, error: '429', delayMs: 10, atMs: 2 });
    expect(view.nodes['node-0']).toMatchObject({ state: 'retrying', worker: 'whisper-b', note: '429' });
    view = applySessionEvent(view, {
      type: 'node-failed',
      nodeId: 'node-0',
      atMs: 30,
      result: { id: 'node-0', task: 'x', status: 'failed', worker: 'whisper-b', latencyMs: 20, costUsd: 0, attempts: 2, usage: { inputTokens: 0, outputTokens: 0 }, error: 'boom' },
    });
    view = applySessionEvent(view, { type: 'node-skipped', nodeId: 'node-1', because: 'parent failed', atMs: 30 });
    view = applySessionEvent(view, { type: 'node-cancelled', nodeId: 'node-2', atMs: 31 });
    expect(view.nodes['node-0']).toMatchObject({ state: 'failed', error: 'boom', latencyMs: 20 });
    expect(view.nodes['node-1']).toMatchObject({ state: 'skipped', note: 'parent failed' });
    expect(view.nodes['node-2']?.state).toBe('cancelled');
    expect(liveTotals(view).wallMs).toBe(31);
  });

  it('records a refusal', () => {
    const view = applySessionEvent(newRunView(1, 'go'), { type: 'plan-refused', reason: 'over budget' });
    expect(view).toMatchObject({ phase: 'refused', message: 'over budget' });
  });
});
