import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { NodeState, NodeView } from '../state/node-view.js';
import { newRunView, type RunView } from '../state/run-view.js';
import { DagPane } from './DagPane.js';
import { TotalsBar } from './TotalsBar.js';

const states: NodeState[] = ['queued', 'running', 'retrying', 'done', 'failed', 'skipped', 'cancelled'];

function nodesInEveryState(): Record<string, NodeView> {
  return Object.fromEntries(
    states.map((state, i) => {
      const id = `node-${i}`;
      const measured = state === 'done' || state === 'failed';
      return [
        id,
        {
          id,
          task: `Task ${state}`,
          deps: i === 0 ? [] : ['node-0'],
          worker: `w-${state}`,
          state,
          attempt: 1,
          ...(measured ? { latencyMs: 100 + i, costUsd: 0.00042, tokens: 300 + i } : {}),
          ...(state === 'skipped' ? { note: 'parent failed' } : {}),
        },
      ];
    }),
  );
}

describe('DagPane', () => {
  it('shows every node state with its worker, latency in ms, $ cost and tokens', () => {
    const nodes = nodesInEveryState();
    const { lastFrame } = render(<DagPane order={Object.keys(nodes)} nodes={nodes} width={120} />);
    const frame = lastFrame() ?? '';
    for (const s of states) expect(frame).toContain(`w-${s}`);
    expect(frame).toContain('· queued');
    expect(frame).toContain('⠋ running');
    expect(frame).toContain('↻ retry 2');
    expect(frame).toContain('✓ done');
    expect(frame).toContain('✗ failed');
    expect(frame).toContain('⊘ skipped');
    expect(frame).toContain('■ cancelled');
    expect(frame).toContain('103ms · $0.00042 · 303 tok');
    expect(frame).toContain('104ms · $0.00042 · 304 tok');
    expect(frame).toContain('parent failed');
  });

  it('caps its height and says how much is hidden', () => {
    const nodes = nodesInEveryState();
    const { lastFrame } = render(<DagPane order={Object.keys(nodes)} nodes={nodes} width={120} maxRows={6} />);
    const frame = lastFrame() ?? '';
    expect(frame.split('\n')).toHaveLength(6);
    expect(frame).toMatch(/more rows/);
  });
});

describe('TotalsBar', () => {
  it('shows wall time, critical path, speed-up, cost, tokens and the planner', () => {
    const view: RunView = {
      ...newRunView(1, 'x'),
      phase: 'succeeded',
      plan: { nodes: [], planner: { name: 'learned', version: '1', confidence: 0.87 } },
      result: {
        status: 'succeeded',
        wallMs: 1234,
        nodes: [],
        totals: { costUsd: 0.00126, inputTokens: 600, outputTokens: 330, criticalPathMs: 800, speedup: 1.5 },
      },
    };
    const frame = render(<TotalsBar view={view} />).lastFrame() ?? '';
    expect(frame).toContain('✓ succeeded');
    expect(frame).toContain('wall 1.2s');
    expect(frame).toContain('critical path 800ms');
    expect(frame).toContain('speed-up 1.50x');
    expect(frame).toContain('cost $0.0013');
    expect(frame).toContain('930 tok');
    expect(frame).toContain('planner learned (conf 0.87)');
  });
});

describe('TotalsBar at 80 columns', () => {
  it('switches to short labels instead of wrapping', () => {
    const view: RunView = {
      ...newRunView(1, 'x'),
      phase: 'succeeded',
      plan: { nodes: [], planner: { name: 'retrieval', version: '1', confidence: 0.3 } },
      result: { status: 'succeeded', wallMs: 4400, nodes: [], totals: { costUsd: 0.0022, inputTokens: 300, outputTokens: 196, criticalPathMs: 4400, speedup: 1 } },
    };
    const frame = render(<TotalsBar view={view} width={79} />).lastFrame() ?? '';
    expect(frame.split('\n')).toHaveLength(1);
    // The node count is the first figure to go when even the short labels do not fit.
    expect(frame).toContain('wall 4.4s · crit 4.4s · 1.00x · $0.0022 · 496 tok · conf 0.30');
    expect([...frame].length).toBeLessThanOrEqual(79);
  });
});
