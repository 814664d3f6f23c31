import { describe, expect, it } from 'vitest';
import type { TaskSample } from '../types.js';
import { augmentSamples } from './augment.js';

const samples: TaskSample[] = [
  { id: 'a', instruction: "Please, I've got 'example.jpg'. Could you assist me in describing it?", type: 'single', nodes: [{ task: 'Image-to-Text', args: ['example.jpg'] }], links: [] },
  { id: 'b', instruction: "Could you turn the text 'Hello there, world' into speech and then translate it?", type: 'chain', nodes: [{ task: 'Text-to-Speech', args: ['Hello there, world'] }, { task: 'Translation' }], links: [[0, 1]] },
  { id: 'c', instruction: "Summarise 'The cat sat on the mat' for me.", type: 'single', nodes: [{ task: 'Summarization' }], links: [] },
];

describe('augmentSamples', () => {
  it('keeps labels, changes wording, and is deterministic', () => {
    const a = augmentSamples(samples, { seed: 3, copiesPerSample: 4 });
    expect(a).toEqual(augmentSamples(samples, { seed: 3, copiesPerSample: 4 }));
    expect(a.samples.length + a.report.unchanged).toBe(12);
    for (const s of a.samples) {
      const original = samples.find((o) => s.id.startsWith(`${o.id}#aug`));
      expect(original).toBeDefined();
      expect(s.instruction).not.toBe(original?.instruction);
      expect(s.nodes.map((n) => n.task)).toEqual(original?.nodes.map((n) => n.task));
      expect(s.links).toEqual(original?.links);
      expect(s.type).toBe(original?.type);
    }
  });

  it('renames files consistently in the instruction and the arguments', () => {
    const { samples: out } = augmentSamples([samples[0] as TaskSample], { seed: 1, ops: ['filename'] });
    const s = out[0];
    const name = s?.instruction.match(/'([\w-]+\.jpg)'/)?.[1];
    expect(name).toBeDefined();
    expect(name).not.toBe('example.jpg');
    expect(s?.nodes[0]?.args).toEqual([name]);
  });

  it('never treats an apostrophe as an opening quote, and drops politeness prefixes', () => {
    const quoted = augmentSamples(samples, { seed: 2, ops: ['quoted'] });
    for (const s of quoted.samples) expect(s.instruction).toMatch(/^(Please, I've|Could you|Summarise)/);
    const polite = augmentSamples([samples[0] as TaskSample], { seed: 2, ops: ['politeness'] });
    expect(polite.samples[0]?.instruction.startsWith("I've got")).toBe(true);
    expect(polite.report.byOp.politeness).toBe(1);
  });
});
