import type { Plan, PlanNode } from '../types.js';

/** Topological order (Kahn, ties by position) and ancestor sets of a plan; deps on unknown ids are ignored. */
export interface PlanGraph {
  readonly nodes: readonly PlanNode[];
  readonly order: readonly number[];
  readonly parents: readonly (readonly number[])[];
  readonly ancestors: readonly ReadonlySet<number>[];
  /** Longest chain of edges from a root to each node. */
  readonly depth: readonly number[];
  readonly descendants: readonly number[];
}

const graphs = new WeakMap<Plan, PlanGraph>();

export function planGraph(plan: Plan): PlanGraph {
  const cached = graphs.get(plan);
  if (cached) return cached;
  const nodes = plan.nodes;
  const index = new Map(nodes.map((n, i) => [n.id, i] as const));
  const parents = nodes.map((n) => n.deps.map((d) => index.get(d)).filter((i): i is number => i !== undefined));
  const indeg = parents.map((p) => p.length);
  const children: number[][] = nodes.map(() => []);
  parents.forEach((ps, i) => ps.forEach((p) => children[p]?.push(i)));
  const order: number[] = [];
  const ready = indeg.map((d, i) => (d === 0 ? i : -1)).filter((i) => i >= 0);
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const i = ready.shift() as number;
    order.push(i);
    for (const c of children[i] ?? []) {
      indeg[c] = (indeg[c] ?? 0) - 1;
      if (indeg[c] === 0) ready.push(c);
    }
  }
  // A cycle should have been refused by the planner; keep going with the rest in plan order.
  for (let i = 0; i < nodes.length; i++) if (!order.includes(i)) order.push(i);
  const ancestors: Set<number>[] = nodes.map(() => new Set<number>());
  const depth = nodes.map(() => 0);
  for (const i of order) {
    for (const p of parents[i] ?? []) {
      ancestors[i]?.add(p);
      for (const a of ancestors[p] ?? []) ancestors[i]?.add(a);
      depth[i] = Math.max(depth[i] ?? 0, (depth[p] ?? 0) + 1);
    }
  }
  const descendants = nodes.map((_, i) => ancestors.filter((s) => s.has(i)).length);
  const graph: PlanGraph = { nodes, order, parents, ancestors, depth, descendants };
  graphs.set(plan, graph);
  return graph;
}

/**
 * Input tokens a node's call is likely to carry: prompt scaffolding, the
 * instruction, its arguments and ~40 tokens per parent output. A rough stand-in
 * for the zoo's exact count (which needs the parents' actual outputs).
 */
export function nodeInputTokens(plan: Plan, node: PlanNode): number {
  const args = node.args === undefined ? '' : JSON.stringify(node.args);
  return 30 + Math.ceil(((plan.instruction ?? '').length + args.length) / 4) + 40 * node.deps.length;
}
