import { describe, expect, it } from 'vitest';
import { importTaskBenchText } from './import-taskbench.js';
import { domainStats, formatStats } from './stats.js';

describe('domainStats', () => {
  it('counts types, tasks, unused tools and the out-of-catalogue report', () => {
    const domain = { name: 'huggingface', tools: ['Summarization', 'Translation', 'Depth Estimation'].map((id) => ({ id, desc: '', inputTypes: [], outputTypes: [] })), links: [] };
    const text = [
      { id: '1', instruction: 'a', type: 'single', task_nodes: [{ task: 'Text Summarization' }], task_links: [] },
      { id: '2', instruction: 'b', type: 'chain', task_nodes: [{ task: 'Translation' }, { task: 'Summarization' }], task_links: [{ source: 'Translation', target: 'Summarization' }] },
      { id: '3', instruction: 'c', type: 'single', task_nodes: [{ task: 'Made Up' }], task_links: [] },
    ].map((o) => JSON.stringify(o)).join('\n');
    const s = domainStats(domain, importTaskBenchText(text, { domain }));
    expect(s).toMatchObject({ samples: 2, byType: { single: 1, chain: 1 }, nodes: 3, links: 1, maxNodes: 2, unusedTools: ['Depth Estimation'] });
    expect(s.tasks).toEqual({ Summarization: 2, Translation: 1 });
    const text2 = formatStats(s);
    expect(text2).toMatch(/Text Summarization -> Summarization \(1\)/);
    expect(text2).toMatch(/unknown: Made Up \(1\)/);
  });
});
