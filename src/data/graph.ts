import type { TaskSample } from '../types.js';

export type IndexLink = readonly [number, number];

/** True when every link points at an existing node, none is a self-loop and there is no cycle (Kahn's algorithm). */
export function isValidDag(nodeCount: number, links: readonly IndexLink[]): boolean {
  const indegree = new Array<number>(nodeCount).fill(0);
  const children: number[][] = Array.from({ length: nodeCount }, () => []);
  for (const [s, t] of links) {
    if (!Number.isInteger(s) || !Number.isInteger(t) || s < 0 || t < 0 || s >= nodeCount || t >= nodeCount || s === t) return false;
    children[s]?.push(t);
    indegree[t] = (indegree[t] ?? 0) + 1;
  }
  const ready: number[] = [];
  indegree.forEach((d, i) => d === 0 && ready.push(i));
  let seen = 0;
  while (ready.length > 0) {
    const n = ready.pop() as number;
    seen++;
    for (const c of children[n] ?? []) {
      indegree[c] = (indegree[c] ?? 0) - 1;
      if (indegree[c] === 0) ready.push(c);
    }
  }
  return seen === nodeCount;
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
