import type { Plan, PlanArgs, PlannerInfo } from '../types.js';

export interface GraphForPlan {
  readonly tasks: readonly string[];
  /** [parentIndex, childIndex] into `tasks`. */
  readonly links: readonly (readonly [number, number])[];
  readonly args?: readonly (PlanArgs | undefined)[];
  readonly workers?: readonly (string | undefined)[];
}

/** The node id every planner uses for position `i`, so logs and metrics can rely on it. */
export const nodeId = (i: number): string => `node-${i}`;

/** Turns a task list with index links into a Plan (`node-0..`, deps by id); links out of range are ignored. */
export function buildPlan(graph: GraphForPlan, info: PlannerInfo, context: { readonly instruction?: string; readonly domain?: string } = {}): Plan {
  const parents: number[][] = graph.tasks.map(() => []);
  for (const [s, t] of graph.links) {
    const list = parents[t];
    if (list && s >= 0 && s < graph.tasks.length && s !== t && !list.includes(s)) list.push(s);
  }
  const nodes = graph.tasks.map((task, i) => {
    const args = graph.args?.[i];
    const worker = graph.workers?.[i];
    return {
      id: nodeId(i),
      task,
      deps: (parents[i] ?? []).sort((a, b) => a - b).map(nodeId),
      ...(worker ? { worker } : {}),
      ...(args !== undefined ? { args } : {}),
    };
  });
  return {
    nodes,
    ...(context.instruction !== undefined ? { instruction: context.instruction } : {}),
    ...(context.domain !== undefined ? { domain: context.domain } : {}),
    planner: info,
  };
}
