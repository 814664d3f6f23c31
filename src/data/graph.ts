import { DirectedGraph } from 'graphology';
import { hasCycle } from 'graphology-dag';
import type { TaskSample } from '../types.js';

export type IndexLink = readonly [number, number];

/** True when every link points at an existing node, none is a self-loop and there is no cycle. */
export function isValidDag(nodeCount: number, links: readonly IndexLink[]): boolean {
  const graph = new DirectedGraph({ allowSelfLoops: false });
  for (let i = 0; i < nodeCount; i++) graph.addNode(i);
  for (const [s, t] of links) {
    if (!Number.isInteger(s) || !Number.isInteger(t) || s < 0 || t < 0 || s >= nodeCount || t >= nodeCount || s === t) return false;
    graph.mergeEdge(s, t);
  }
  return !hasCycle(graph);
}

/** TaskBench's type from the graph's shape: one node is `single`, a simple path over all nodes is `chain`, anything else `dag`. */
export function inferSampleType(nodeCount: number, links: readonly IndexLink[]): TaskSample['type'] {
  if (nodeCount <= 1) return 'single';
  if (links.length !== nodeCount - 1) return 'dag';
  const outs = new Array<number>(nodeCount).fill(0);
  const ins = new Array<number>(nodeCount).fill(0);
  for (const [s, t] of links) {
    outs[s] = (outs[s] ?? 0) + 1;
    ins[t] = (ins[t] ?? 0) + 1;
  }
  const simple = outs.every((o) => o <= 1) && ins.every((i) => i <= 1) && ins.filter((i) => i === 0).length === 1;
  return simple && isValidDag(nodeCount, links) ? 'chain' : 'dag';
}

/** Unique `[source, target]` pairs in first-seen order. */
export function dedupeLinks(links: readonly IndexLink[]): IndexLink[] {
  const seen = new Set<string>();
  const out: IndexLink[] = [];
  for (const l of links) {
    const key = `${l[0]}>${l[1]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(l);
  }
  return out;
}
