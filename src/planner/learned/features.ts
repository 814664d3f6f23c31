import type { TaskSample } from '../../types.js';

/**
 * Pair features of the edge scorer, per ordered pair (i, j) of emitted nodes
 * with tasks a and b. Shared by training and inference so both see the same
 * numbers.
 *  0: the tool graph links a -> b        1: the tool graph links b -> a
 *  2: j == i + 1 (adjacent in emission)  3: j > i
 *  4: a == b                             5: training-set link rate of a -> b when both appear, a first
 *  6: 1 / |j - i|
 */
export const PAIR_FEATURES = 7;

export interface GraphPrior {
  readonly numTasks: number;
  /** a * numTasks + b for each tool-graph link a -> b. */
  readonly toolLinks: ReadonlySet<number>;
  /** a * numTasks + b -> share of co-occurrences (a before b) that were linked. */
  readonly linkRate: ReadonlyMap<number, number>;
}

export function createGraphPrior(numTasks: number, toolLinks: Iterable<readonly [number, number]>, linkRate: Iterable<readonly [number, number, number]>): GraphPrior {
  return {
    numTasks,
    toolLinks: new Set([...toolLinks].map(([a, b]) => a * numTasks + b)),
    linkRate: new Map([...linkRate].map(([a, b, r]) => [a * numTasks + b, r] as const)),
  };
}

/** Empirical link rates from training samples (tasks as indices), smoothed towards 0 for rare pairs. */
export function linkRates(samples: readonly { tasks: readonly number[]; links: readonly (readonly [number, number])[] }[], numTasks: number): [number, number, number][] {
  const co = new Map<number, number>();
  const linked = new Map<number, number>();
  for (const s of samples) {
    const linkSet = new Set(s.links.map(([i, j]) => i * 1000 + j));
    for (let i = 0; i < s.tasks.length; i++)
      for (let j = i + 1; j < s.tasks.length; j++) {
        const key = (s.tasks[i] as number) * numTasks + (s.tasks[j] as number);
        co.set(key, (co.get(key) ?? 0) + 1);
        if (linkSet.has(i * 1000 + j)) linked.set(key, (linked.get(key) ?? 0) + 1);
      }
  }
  return [...co.entries()].map(([key, c]) => [Math.floor(key / numTasks), key % numTasks, (linked.get(key) ?? 0) / (c + 1)]);
}

/**
 * Writes the adjacency [N,N] and pair features [N,N,F] of a node sequence
 * into `adj` / `pairs` at the given offsets (batches are flat arrays).
 */
export function fillGraphInputs(tasks: readonly number[], prior: GraphPrior, N: number, adj: Float32Array, pairs: Float32Array, adjOffset = 0, pairOffset = 0): void {
  const K = prior.numTasks;
  const n = Math.min(tasks.length, N);
  for (let i = 0; i < n; i++) {
    const a = tasks[i] as number;
    for (let j = 0; j < n; j++) {
      const b = tasks[j] as number;
      const p = pairOffset + (i * N + j) * PAIR_FEATURES;
      if (i === j) {
        pairs[p + 4] = 1;
        continue;
      }
      const ab = prior.toolLinks.has(a * K + b) ? 1 : 0;
      adj[adjOffset + i * N + j] = ab;
      pairs[p] = ab;
      pairs[p + 1] = prior.toolLinks.has(b * K + a) ? 1 : 0;
      pairs[p + 2] = j === i + 1 ? 1 : 0;
      pairs[p + 3] = j > i ? 1 : 0;
      pairs[p + 4] = a === b ? 1 : 0;
      pairs[p + 5] = prior.linkRate.get(a * K + b) ?? 0;
      pairs[p + 6] = 1 / Math.abs(j - i);
    }
  }
}

/**
 * Orders a sample's nodes so every link goes forward (Kahn's algorithm,
 * keeping the written order where the links allow). Links that would close a
 * cycle (noisy data) are dropped. Returns the new order and the remapped links.
 */
export function topologicalOrder(nodeCount: number, links: readonly (readonly [number, number])[]): { order: number[]; links: [number, number][] } {
  const indeg = new Array<number>(nodeCount).fill(0);
  const out: number[][] = Array.from({ length: nodeCount }, () => []);
  for (const [s, t] of links) {
    if (s === t || s >= nodeCount || t >= nodeCount) continue;
    out[s]?.push(t);
    indeg[t] = (indeg[t] ?? 0) + 1;
  }
  const order: number[] = [];
  const placed = new Array<boolean>(nodeCount).fill(false);
  while (order.length < nodeCount) {
    let next = -1;
    for (let v = 0; v < nodeCount; v++) if (!placed[v] && indeg[v] === 0) { next = v; break; }
    // A cycle: release the earliest remaining node, its incoming back edges are dropped below.
    if (next < 0) next = placed.findIndex((p) => !p);
    placed[next] = true;
    order.push(next);
    for (const t of out[next] ?? []) indeg[t] = (indeg[t] ?? 0) - 1;
  }
  const pos = new Map(order.map((v, k) => [v, k] as const));
  const seen = new Set<number>();
  const remapped: [number, number][] = [];
  for (const [s, t] of links) {
    const a = pos.get(s);
    const b = pos.get(t);
    if (a === undefined || b === undefined || a >= b || seen.has(a * 1000 + b)) continue;
    seen.add(a * 1000 + b);
    remapped.push([a, b]);
  }
  return { order, links: remapped };
}

/** A sample as task indices in topological order, truncated to `maxNodes`. */
export interface IndexedSample {
  readonly id: string;
  readonly instruction: string;
  readonly type: TaskSample['type'];
  readonly tasks: number[];
  readonly links: [number, number][];
  /** Worker label index per node, or -1 when unlabelled. */
  readonly workers: number[];
  /** Per node, the instruction characters that ask for it (see TaskSample.nodeSpans), when known. */
  readonly spans?: (readonly [number, number])[];
}

export function indexSample(sample: TaskSample, taskIndex: ReadonlyMap<string, number>, maxNodes: number, workerOf?: (task: string, node: number) => number): IndexedSample | null {
  const known = sample.nodes.map((n) => taskIndex.get(n.task));
  if (known.some((k) => k === undefined)) return null;
  const { order, links } = topologicalOrder(sample.nodes.length, sample.links);
  const keep = order.slice(0, maxNodes);
  return {
    id: sample.id,
    instruction: sample.instruction,
    type: sample.type,
    tasks: keep.map((v) => known[v] as number),
    links: links.filter(([a, b]) => a < keep.length && b < keep.length),
    workers: keep.map((v) => (workerOf ? workerOf(sample.nodes[v]?.task ?? '', v) : -1)),
    ...(sample.nodeSpans?.length === sample.nodes.length ? { spans: keep.map((v) => sample.nodeSpans?.[v] as readonly [number, number]) } : {}),
  };
}
