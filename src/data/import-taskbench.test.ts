import { describe, expect, it } from 'vitest';
import { importTaskBenchText } from './import-taskbench.js';
import type { Tool } from './domain.js';

const tool = (id: string): Tool => ({ id, desc: `${id} tool`, inputTypes: [], outputTypes: [] });
const domain = { name: 'huggingface', tools: ['Summarization', 'Translation', 'Text-to-Video', 'Automatic Speech Recognition', 'Audio-to-Audio', 'Text-to-Speech'].map(tool) };

const line = (o: Record<string, unknown>): string => JSON.stringify({ id: '1', instruction: 'do it', type: 'chain', task_links: [], ...o });

describe('importTaskBenchText', () => {
  it('reads a clean chain into index links', () => {
    const text = line({ task_nodes: [{ task: 'Translation', arguments: ['x'] }, { task: 'Summarization', arguments: ['<node-0>'] }], task_links: [{ source: 'Translation', target: 'Summarization' }] });
    const r = importTaskBenchText(text, { domain });
    expect(r.samples).toEqual([{ id: '1', instruction: 'do it', type: 'chain', nodes: [{ task: 'Translation', args: ['x'] }, { task: 'Summarization', args: ['<node-0>'] }], links: [[0, 1]] }]);
    expect(r.issues).toEqual([]);
  });

  it('links repeated task names by first unused, forward, closest occurrence', () => {
    const names = ['Automatic Speech Recognition', 'Translation', 'Summarization', 'Translation', 'Text-to-Video'];
    const text = line({
      task_nodes: names.map((task) => ({ task })),
      task_links: [[0, 1], [1, 2], [2, 3], [3, 4]].map(([s, t]) => ({ source: names[s!], target: names[t!] })),
    });
    expect(importTaskBenchText(text, { domain }).samples[0]?.links).toEqual([[0, 1], [1, 2], [2, 3], [3, 4]]);
    const same = line({ task_nodes: [{ task: 'Translation' }, { task: 'Translation' }, { task: 'Translation' }], task_links: [{ source: 'Translation', target: 'Translation' }, { source: 'Translation', target: 'Translation' }] });
    expect(importTaskBenchText(same, { domain }).samples[0]?.links).toEqual([[0, 1], [1, 2]]);
  });

  it('reports malformed JSON and malformed links with file:line and goes on', () => {
    const good = line({ id: '3', task_nodes: [{ task: 'Translation' }] });
    const badLink = line({ id: '2', task_nodes: [{ task: 'Translation' }, { task: 'Summarization' }], task_links: [{ source: 'Translation', destination: 'Summarization' }] });
    const text = ['{not json', badLink, '', good, JSON.stringify({ id: '4' })].join('\n');
    const r = importTaskBenchText(text, { domain, file: 'f.jsonl' });
    expect(r.samples.map((s) => s.id)).toEqual(['3']);
    expect(r.issues.map((i) => [i.line, i.action])).toEqual([[1, 'skipped-line'], [2, 'skipped-sample'], [5, 'skipped-line']]);
    expect(r.issues[1]?.reason).toMatch(/malformed task_links\[0\]/);
    expect(r.counts).toMatchObject({ lines: 4, samples: 1, skippedLines: 2, skippedSamples: 1 });
  });

  it('reads links given as node indices', () => {
    const text = line({ task_nodes: [{ task: 'Translation' }, { task: 'Summarization' }], task_links: [{ source: 0, target: 1, label: 'x' }] });
    expect(importTaskBenchText(text, { domain }).samples[0]?.links).toEqual([[0, 1]]);
  });

  it('maps clear out-of-catalogue names and drops samples with unknown ones by default', () => {
    const mapped = line({ id: 'a', task_nodes: [{ task: 'Text Summarization' }, { task: 'AudioNoiseReduction' }, { task: 'Text-to-Speech Generation' }, { task: 'automatic_speech_recognition' }], task_links: [{ source: 'Text Summarization', target: 'Text-to-Speech Generation' }], type: 'dag' });
    const unknown = line({ id: 'b', task_nodes: [{ task: 'Translation' }, { task: 'Sentiment Analysis' }, { task: 'Summarization' }], task_links: [{ source: 'Translation', target: 'Sentiment Analysis' }, { source: 'Sentiment Analysis', target: 'Summarization' }] });
    const r = importTaskBenchText([mapped, unknown].join('\n'), { domain });
    expect(r.samples.map((s) => s.id)).toEqual(['a']);
    expect(r.samples[0]?.nodes.map((n) => n.task)).toEqual(['Summarization', 'Audio-to-Audio', 'Text-to-Speech', 'Automatic Speech Recognition']);
    expect(r.samples[0]?.links).toEqual([[0, 2]]);
    expect(r.counts).toMatchObject({ mappedNodes: 4, unknownNodes: 1, skippedSamples: 1 });
    expect(r.unknown).toEqual({ 'Sentiment Analysis': 1 });

    const kept = importTaskBenchText(unknown, { domain, unknownTasks: 'drop-node' });
    expect(kept.samples[0]).toMatchObject({ nodes: [{ task: 'Translation' }, { task: 'Summarization' }], links: [], type: 'dag' });
    expect(kept.counts).toMatchObject({ droppedNodes: 1, droppedLinks: 2 });
  });

  it('skips duplicate ids and cyclic links', () => {
    const a = line({ task_nodes: [{ task: 'Translation' }] });
    const cyc = line({ id: '9', task_nodes: [{ task: 'Translation' }, { task: 'Summarization' }], task_links: [{ source: 'Translation', target: 'Summarization' }, { source: 'Summarization', target: 'Translation' }] });
    const r = importTaskBenchText([a, a, cyc].join('\n'), { domain });
    expect(r.samples).toHaveLength(1);
    expect(r.counts.duplicateIds).toBe(1);
    expect(r.issues.at(-1)?.reason).toMatch(/cycle/);
  });

  it('keeps worker labels when nodes carry them', () => {
    const text = line({ task_nodes: [{ task: 'Translation', worker: 'w1' }, { task: 'Summarization' }], task_links: [{ source: 'Translation', target: 'Summarization' }] });
    expect(importTaskBenchText(text, { domain }).samples[0]?.workers).toEqual(['w1', null]);
  });
});

describe('shipped data', () => {
  it('imports both shipped domains without crashing, reporting what it skips', async () => {
    const { loadDomainSamples } = await import('./import-taskbench.js');
    const hf = loadDomainSamples('data', 'huggingface');
    expect(hf.samples.length).toBeGreaterThan(2000);
    expect(hf.counts.mappedNodes).toBeGreaterThan(0);
    expect(hf.issues.some((i) => /destination/.test(i.reason))).toBe(true);
    const ut = loadDomainSamples('data', 'ultratool');
    expect(ut.samples.length).toBe(3027);
    expect(ut.samples.every((s) => s.type === 'chain' && s.links.length === s.nodes.length - 1)).toBe(true);
  });
});
