import { describe, expect, it } from 'vitest';
import { isValidDag } from './graph.js';
import { preparePhase1Data } from './phase1-data.js';
import { synthesizeSamples } from './synthetic.js';
import type { Tool } from './domain.js';
import type { TaskSample } from '../types.js';

const tool = (id: string, inputTypes: string[] = ['text']): Tool => ({ id, desc: `${id} is the task of doing ${id}. More text.`, inputTypes, outputTypes: ['text'] });
const domain = {
  tools: [tool('A', ['image']), tool('B'), tool('C'), tool('D')],
  links: [
    { source: 'A', target: 'B' },
    { source: 'B', target: 'C' },
    { source: 'A', target: 'D' },
    { source: 'C', target: 'D' },
  ],
};
const linkSet = new Set(domain.links.map((l) => `${l.source}>${l.target}`));

describe('synthesizeSamples', () => {
  it('walks only along tool-graph links and produces valid, deterministic samples', () => {
    const { samples, report } = synthesizeSamples(domain, { seed: 5, count: 200, dagShare: 0.3 });
    expect(report.produced).toBe(200);
    expect(synthesizeSamples(domain, { seed: 5, count: 200, dagShare: 0.3 }).samples).toEqual(samples);
    for (const s of samples) {
      expect(isValidDag(s.nodes.length, s.links)).toBe(true);
      for (const [p, c] of s.links) expect(linkSet.has(`${s.nodes[p]?.task}>${s.nodes[c]?.task}`)).toBe(true);
      expect(s.instruction.length).toBeGreaterThan(10);
    }
    expect(report.byType.single + report.byType.chain + report.byType.dag).toBe(200);
    expect(report.byType.dag).toBeGreaterThan(0);
    expect(samples.filter((s) => s.nodes[0]?.task === 'A').every((s) => /example\.(jpg|png)/.test(s.instruction))).toBe(true);
  });

  it('follows the given length distribution and handles an empty catalogue', () => {
    const { samples } = synthesizeSamples(domain, { seed: 1, count: 50, lengths: [3], dagShare: 0 });
    // Dead ends (C -> D) can cut a walk short even after retries, but rarely.
    expect(samples.every((s) => s.nodes.length <= 3 && s.type !== 'dag')).toBe(true);
    expect(samples.filter((s) => s.nodes.length === 3).length).toBeGreaterThan(45);
    expect(synthesizeSamples({ tools: [], links: [] }, { seed: 1, count: 5 }).report).toMatchObject({ produced: 0, note: 'empty tool catalogue' });
  });
});

describe('preparePhase1Data', () => {
  const real: TaskSample[] = Array.from({ length: 100 }, (_, i) => ({
    id: `r${i}`,
    instruction: `Could you take 'example.jpg' and do thing ${i}?`,
    type: 'chain',
    nodes: [{ task: 'A' }, { task: 'B' }],
    links: [[0, 1]],
  }));

  it('adds augmented and synthetic samples to the training side only, as switched in config', () => {
    const all = preparePhase1Data(real, domain, { seed: 7, val_fraction: 0.2, augmentation: true, synthetic: true, synthetic_count: 10 });
    expect(all.validation.every((s) => s.id.startsWith('r') && !s.id.includes('#'))).toBe(true);
    expect(all.report.synthetic?.produced).toBe(10);
    expect(all.report.trainTotal).toBe(all.report.train + (all.report.augmentation?.produced ?? 0) + 10);
    const none = preparePhase1Data(real, domain, { seed: 7, val_fraction: 0.2, augmentation: false, synthetic: false, synthetic_count: 0 });
    expect(none.report).toMatchObject({ augmentation: null, synthetic: null, trainTotal: none.report.train });
    expect(none.validation).toEqual(all.validation);
  });
});
