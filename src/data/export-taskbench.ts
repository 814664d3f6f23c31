import type { PlanArgs, TaskSample } from '../types.js';
import { resolveNamedLinks } from './resolve-links.js';

/** One TaskBench-format line, as `data import` writes it. */
export interface TaskBenchLine {
  readonly id: string;
  readonly instruction: string;
  readonly task_nodes: readonly { readonly task: string; readonly arguments?: PlanArgs }[];
  readonly task_links: readonly { readonly source: string | number; readonly target: string | number }[];
  readonly n_tools: number;
  readonly type: TaskSample['type'];
}

/**
 * Writes a sample back in TaskBench's format, links by task name so other
 * TaskBench tools can read it. When names repeat and reading the names back
 * would not give the same edges, the links are written as node indices
 * instead (the importer reads both), so import -> export -> import is exact.
 */
export function sampleToTaskBench(sample: TaskSample): TaskBenchLine {
  const names = sample.nodes.map((n) => n.task);
  const byName = sample.links.map(([s, t]) => ({ source: names[s] ?? '', target: names[t] ?? '' }));
  const reread = resolveNamedLinks(names, byName);
  const exact = reread.every((l, i) => l !== null && l[0] === sample.links[i]?.[0] && l[1] === sample.links[i]?.[1]);
  return {
    id: sample.id,
    instruction: sample.instruction,
    task_nodes: sample.nodes.map((n) => (n.args !== undefined ? { task: n.task, arguments: n.args } : { task: n.task })),
    task_links: exact ? byName : sample.links.map(([source, target]) => ({ source, target })),
    n_tools: sample.nodes.length,
    type: sample.type,
  };
}
