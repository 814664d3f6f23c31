import { describe, expect, it } from 'vitest';
import type { TaskSample } from '../types.js';
import { buildPlan } from './plan-builder.js';
import { createRetrievalPlanner, loadRetrievalPlanner } from './retrieval.js';
import { TfidfIndex } from './retrieval-index.js';

const samples: TaskSample[] = [
  { id: 'a', instruction: 'Transcribe the audio file example.wav into text', type: 'single', nodes: [{ task: 'Automatic Speech Recognition' }], links: [] },
  { id: 'b', instruction: 'Translate this text to French and then summarize it', type: 'chain', nodes: [{ task: 'Translation' }, { task: 'Summarization' }], links: [[0, 1]] },
  { id: 'c', instruction: 'Generate an image from this text', type: 'single', nodes: [{ task: 'Text-to-Image' }], links: [] },
];

describe('TfidfIndex', () => {
  it('ranks by cosine with scores in (0, 1] and an exact duplicate at 1', () => {
    const index = new TfidfIndex(samples.map((s) => s.instruction));
    const hits = index.search('Translate this text to French and then summarize it', 3);
    expect(hits[0]?.index).toBe(1);
    expect(hits[0]?.score).toBeCloseTo(1);
    expect(hits.every((h) => h.score > 0 && h.score <= 1)).toBe(true);
    expect(index.search('zzz qqq')).toEqual([]);
  });
});

describe('RetrievalPlanner', () => {
  const planner = createRetrievalPlanner({ name: 'huggingface' }, samples);

  it('answers with the nearest example graph as a Plan', () => {
    const plan = planner.plan('please translate my text into French, then summarize');
    expect(plan.nodes).toEqual([
      { id: 'node-0', task: 'Translation', deps: [] },
      { id: 'node-1', task: 'Summarization', deps: ['node-0'] },
    ]);
    expect(plan.planner?.name).toBe('retrieval');
    expect(plan.planner?.confidence).toBeGreaterThan(0);
    expect(plan.planner?.confidence).toBeLessThanOrEqual(1);
    expect(plan.domain).toBe('huggingface');
  });

  it('falls back to the most common graph at confidence 0 when nothing matches', () => {
    const plan = planner.plan('qqq zzz');
    expect(plan.nodes.length).toBeGreaterThan(0);
    expect(plan.planner?.confidence).toBe(0);
  });

  it('refuses to build from no samples', () => {
    expect(() => createRetrievalPlanner({ name: 'x' }, [])).toThrow(/at least one/);
  });

  it('loads from the shipped data and keeps excluded ids out', () => {
    const full = loadRetrievalPlanner('data', 'ultratool');
    const target = full.nearest('I need to change my alarm clock time from 6 a.m. to 7 a.m.', 1)[0];
    expect(target).toBeDefined();
    const without = loadRetrievalPlanner('data', 'ultratool', { excludeIds: new Set([target?.sample.id ?? '']) });
    expect(without.nearest('I need to change my alarm clock time from 6 a.m. to 7 a.m.', 5).some((n) => n.sample.id === target?.sample.id)).toBe(false);
  });
});

describe('buildPlan', () => {
  it('numbers nodes, turns links into sorted deps and drops bad links', () => {
    const plan = buildPlan({ tasks: ['A', 'B', 'C'], links: [[1, 2], [0, 2], [2, 2], [5, 0]], workers: [undefined, 'w', undefined] }, { name: 't', version: '1', confidence: 0.5 });
    expect(plan.nodes).toEqual([
      { id: 'node-0', task: 'A', deps: [] },
      { id: 'node-1', task: 'B', deps: [], worker: 'w' },
      { id: 'node-2', task: 'C', deps: ['node-0', 'node-1'] },
    ]);
  });
});
