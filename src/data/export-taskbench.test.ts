import { describe, expect, it } from 'vitest';
import type { TaskSample } from '../types.js';
import { sampleToTaskBench } from './export-taskbench.js';
import { importTaskBenchText } from './import-taskbench.js';

describe('sampleToTaskBench', () => {
  it('round-trips through the importer, repeated task names included', () => {
    const samples: TaskSample[] = [
      { id: '1', instruction: 'a', type: 'chain', nodes: [{ task: 'A', args: ['x.jpg'] }, { task: 'B' }, { task: 'A' }], links: [[0, 1], [1, 2]] },
      // Reading names back would link the closer, second A to B; indices keep this one exact.
      { id: '2', instruction: 'b', type: 'dag', nodes: [{ task: 'A' }, { task: 'A' }, { task: 'B' }], links: [[0, 2]] },
      { id: '3', instruction: 'c', type: 'single', nodes: [{ task: 'C' }], links: [] },
    ];
    const lines = samples.map((s) => JSON.stringify(sampleToTaskBench(s))).join('\n');
    expect(sampleToTaskBench(samples[0] as TaskSample).task_links).toEqual([{ source: 'A', target: 'B' }, { source: 'B', target: 'A' }]);
    expect(sampleToTaskBench(samples[1] as TaskSample).task_links).toEqual([{ source: 0, target: 2 }]);
    expect(importTaskBenchText(lines).samples).toEqual(samples);
  });
});
