import { describe, expect, it } from 'vitest';
import type { NodeState, NodeView } from '../state/node-view.js';
import { lineText } from './canvas.js';
import { layoutDag } from './layout.js';
import { figuresLine, renderDag, stateLabel } from './render-dag.js';

const node = (state: NodeState, extra: Partial<NodeView> = {}): NodeView => ({
  id: 'node-1',
  task: 'Summarization',
  deps: [],
  worker: 'bart-sim',
  state,
  attempt: 1,
  ...extra,
});

describe('stateLabel', () => {
  it.each([
    ['queued', '· queued'],
    ['done', '✓ done'],
    ['failed', '✗ failed'],
    ['skipped', '⊘ skipped'],
    ['cancelled', '■ cancelled'],
  ] as const)('%s', (state, label) => {
    expect(stateLabel(node(state))).toBe(label);
  });

  it('spins while running and counts attempts while retrying', () => {
    expect(stateLabel(node('running'), 0)).toBe('⠋ running');
    expect(stateLabel(node('running'), 1)).toBe('⠙ running');
    expect(stateLabel(node('retrying', { attempt: 1 }))).toBe('↻ retry 2');
  });
});

describe('figuresLine', () => {
  const done = node('done', { latencyMs: 812.4, costUsd: 0.00042, tokens: 310 });
  it('shows latency in ms, cost in $ and tokens, shrinking labels to fit', () => {
    expect(figuresLine(done, 40)).toBe('812ms · $0.00042 · 310 tok');
    expect(figuresLine(done, 21)).toBe('812ms $0.00042 310t');
    expect(figuresLine(done, 15)).toBe('812ms $0.00042');
  });

  it('shows the reason for a skipped or retrying node', () => {
    expect(figuresLine(node('skipped', { note: 'parent failed' }), 30)).toBe('parent failed');
    expect(figuresLine(node('retrying', { note: 'rate limited' }), 30)).toBe('rate limited');
    expect(figuresLine(node('queued'), 30)).toBe('');
  });
});

describe('renderDag', () => {
  const nodes = [
    { id: 'node-0', task: 'Automatic Speech Recognition', deps: [] },
    { id: 'node-1', task: 'Summarization', deps: ['node-0'] },
  ];
  const views = new Map<string, NodeView>([
    ['node-0', { ...nodes[0]!, worker: 'whisper-sim', state: 'done', attempt: 1, latencyMs: 1200, costUsd: 0.0021, tokens: 1500 }],
    ['node-1', { ...nodes[1]!, worker: 'bart-sim', state: 'running', attempt: 1 }],
  ]);

  it('draws boxes with worker, state and figures, joined by an arrow', () => {
    const text = renderDag(layoutDag(nodes, { width: 120 }), views).map(lineText).join('\n');
    expect(text).toContain('n0 Automatic Speech Recognition');
    expect(text).toContain('whisper-sim');
    expect(text).toContain('✓ done');
    expect(text).toContain('1200ms · $0.0021 · 1.5k tok');
    expect(text).toContain('⠋ running');
    expect(text).toMatch(/│──▶│/);
  });

  it('marks the selected node with a double border', () => {
    const text = renderDag(layoutDag(nodes, { width: 100 }), views, { selectedId: 'node-1' }).map(lineText).join('\n');
    expect(text).toContain('╔═ n1 Summarization');
    expect(text).toContain('╚═');
  });

  it('keeps every line within the width at 80 columns', () => {
    const lines = renderDag(layoutDag(nodes, { width: 79 }), views).map(lineText);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(79);
  });
});
