import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Planner } from '../../planner/types.js';
import type { Plan } from '../../types.js';
import { evaluateCommand, formatEvalTable } from './eval.js';
import { collect, makeProject } from './test-support/command-fixture.js';

function writeTest(root: string): string {
  const file = join(root, 'test.jsonl');
  const lines = [
    { id: 'x1', instruction: 'Translate the article to English and then summarize it', type: 'chain', task_nodes: [{ task: 'Translation' }, { task: 'Summarization' }], task_links: [{ source: 'Translation', target: 'Summarization' }] },
    { id: 't3', instruction: 'Summarize the report and read the summary aloud', type: 'chain', task_nodes: [{ task: 'Summarization' }, { task: 'Text-to-Speech' }], task_links: [{ source: 'Summarization', target: 'Text-to-Speech' }] },
    { id: 'x3', instruction: 'Classify example.jpg', type: 'single', task_nodes: [{ task: 'Image Classification' }], task_links: [] },
  ];
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n{broken\n');
  return file;
}

const perfect: Planner = {
  name: 'learned',
  version: 'test',
  domain: 'mini',
  plan: (instruction: string): Plan =>
    instruction.startsWith('Classify')
      ? { nodes: [{ id: 'node-0', task: 'Image Classification', deps: [] }] }
      : instruction.startsWith('Translate')
        ? { nodes: [{ id: 'node-0', task: 'Translation', deps: [] }, { id: 'node-1', task: 'Summarization', deps: ['node-0'] }] }
        : { nodes: [{ id: 'node-0', task: 'Summarization', deps: [] }, { id: 'node-1', task: 'Text-to-Speech', deps: ['node-0'] }] },
};

describe('evaluateCommand', () => {
  it('scores the planner next to a retrieval baseline that excludes the evaluated ids', async () => {
    const p = makeProject();
    const data = writeTest(p.root);
    const stderr = collect();
    const report = await evaluateCommand({ config: p.config, data, planner: 'learned', type: 'chain' }, stderr, { createPlanner: async () => perfect });
    expect(report.samples).toBe(2);
    expect(report.planner.metrics).toMatchObject({ nodeF1: 1, linkF1: 1, exactMatch: 1, dagValidity: 1, workerAccuracy: null });
    // t3 is in train.jsonl, but the baseline must not see it: it cannot reach a perfect score.
    expect(report.baseline?.name).toBe('retrieval');
    expect(report.baseline?.metrics.exactMatch).toBeLessThan(1);
    expect(stderr.text()).toMatch(/test\.jsonl:4: skipped-line/);
    const table = formatEvalTable(report);
    expect(table).toMatch(/node-F1\s+1\.000/);
    expect(table).toMatch(/retrieval \(baseline\)/);
  });

  it('evaluates only the baseline when the planner is retrieval, or the learned one fell back to it', async () => {
    const p = makeProject();
    const data = writeTest(p.root);
    const r = await evaluateCommand({ config: p.config, data }, collect());
    expect(r).toMatchObject({ type: 'all', samples: 3, baseline: null, planner: { name: 'retrieval' } });
    const stderr = collect();
    const fallback = await evaluateCommand({ config: p.config, data, planner: 'learned' }, stderr, { createPlanner: async () => ({ ...perfect, name: 'retrieval' }) });
    expect(fallback.baseline).toBeNull();
    expect(stderr.text()).toMatch(/no learned checkpoint/);
  });

  it('refuses an empty selection', async () => {
    const p = makeProject();
    const data = writeTest(p.root);
    await expect(evaluateCommand({ config: p.config, data, type: 'dag' }, collect())).rejects.toThrow(/no dag-type samples/);
  });
});

describe('evaluateCommand on the training file itself', () => {
  it('explains that no baseline can be built', async () => {
    const p = makeProject();
    await expect(evaluateCommand({ config: p.config, data: `${p.dataDir}/mini/train.jsonl` }, collect())).rejects.toThrow(/evaluate on held-out samples/);
  });
});
