import type { Plan, PlanNode, Worker } from '../types.js';
import { referencedIds } from './nodeRefs.js';
import { PlanValidationError } from './planValidationError.js';

/**
 * A validated plan in the index-based form the scheduler runs on: node i's
 * parents are `parentList[parentStart[i] .. parentStart[i + 1])`, children
 * likewise (compressed sparse rows, so walking edges allocates nothing).
 */
export interface CompiledPlan {
  readonly plan: Plan;
  readonly nodes: readonly PlanNode[];
  readonly parentStart: Int32Array;
  readonly parentList: Int32Array;
  readonly childStart: Int32Array;
  readonly childList: Int32Array;
  /** Parents before children. */
  readonly topoOrder: Int32Array;
  /** Worker indices per node: the chosen worker first, then fallback candidates. */
  readonly candidates: readonly (readonly number[])[];
  /** Ancestors referenced as `<node-k>` in a node's args; null when it has none. */
  readonly refs: readonly (readonly number[] | null)[];
}

/**
 * Checks a plan against the workers and throws a PlanValidationError listing
 * every problem: duplicate ids, unknown or self dependencies, cycles, and
 * workers that are unknown or do not serve the node's task.
 */
export function validatePlan(plan: Plan, workers: readonly Worker[]): void {
  compilePlan(plan, workers);
}

export function compilePlan(plan: Plan, workers: readonly Worker[]): CompiledPlan {
  checkShapes(plan, workers);
  const nodes = plan.nodes;
  const n = nodes.length;
  const issues: string[] = [];

  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const id = (nodes[i] as PlanNode).id;
    const seen = index.get(id);
    if (seen === undefined) index.set(id, i);
    else issues.push(`Duplicate node id "${id}" (nodes #${seen} and #${i}); ids must be unique.`);
  }

  const parents = resolveDeps(nodes, index, issues);
  const { parentStart, parentList, childStart, childList } = toRows(parents);
  const topoOrder = topologicalOrder(parentStart, childStart, childList);
  if (topoOrder.length < n) issues.push(describeCycle(nodes, topoOrder, parentStart, parentList));

  const candidates = chooseCandidates(nodes, workers, issues);
  if (issues.length > 0) throw new PlanValidationError(issues);

  const refs = nodes.map((node, i) => ancestorRefs(node, i, index, parentStart, parentList));
  return { plan, nodes, parentStart, parentList, childStart, childList, topoOrder, candidates, refs };
}

// Shapes are checked by hand rather than with zod: this runs once per run over
// up to thousands of nodes, and node-by-id messages read better here.
function checkShapes(plan: Plan, workers: readonly Worker[]): void {
  const issues: string[] = [];
  if (!Array.isArray(workers)) throw new PlanValidationError(['`workers` must be an array of workers.']);
  const workerIds = new Set<string>();
  workers.forEach((w: Partial<Worker> | null, i) => {
    if (w === null || typeof w !== 'object') return void issues.push(`Worker #${i} is not an object.`);
    if (typeof w.id !== 'string' || w.id === '') issues.push(`Worker #${i} has no id.`);
    else if (workerIds.has(w.id)) issues.push(`Duplicate worker id "${w.id}".`);
    else workerIds.add(w.id);
    if (w.tasks !== '*' && !(Array.isArray(w.tasks) && w.tasks.every((t) => typeof t === 'string')))
      issues.push(`Worker "${String(w.id)}" must have tasks: '*' or a list of task names.`);
    if (typeof w.run !== 'function') issues.push(`Worker "${String(w.id)}" has no run(call, signal) function.`);
  });
  if (plan === null || typeof plan !== 'object' || !Array.isArray(plan.nodes)) {
    issues.push('A plan must be an object with a `nodes` array.');
    throw new PlanValidationError(issues);
  }
  plan.nodes.forEach((node: Partial<PlanNode> | null, i) => {
    if (node === null || typeof node !== 'object') return void issues.push(`Node #${i} is not an object.`);
    const name = typeof node.id === 'string' && node.id !== '' ? `"${node.id}"` : `#${i}`;
    if (typeof node.id !== 'string' || node.id === '') issues.push(`Node #${i} has no id.`);
    if (typeof node.task !== 'string' || node.task === '') issues.push(`Node ${name} has no task.`);
    if (!Array.isArray(node.deps) || !node.deps.every((d) => typeof d === 'string'))
      issues.push(`Node ${name} must have deps: a list of parent node ids (may be empty).`);
    if (node.worker !== undefined && typeof node.worker !== 'string') issues.push(`Node ${name} has a non-string worker.`);
    if (node.fallbacks !== undefined && !(Array.isArray(node.fallbacks) && node.fallbacks.every((f) => typeof f === 'string')))
      issues.push(`Node ${name} must have fallbacks as a list of worker ids.`);
  });
  if (issues.length > 0) throw new PlanValidationError(issues);
}

function resolveDeps(nodes: readonly PlanNode[], index: ReadonlyMap<string, number>, issues: string[]): number[][] {
  return nodes.map((node, i) => {
    const out: number[] = [];
    for (const dep of node.deps) {
      const p = index.get(dep);
      if (p === undefined) issues.push(`Node "${node.id}" depends on unknown node "${dep}".`);
      else if (p === i) issues.push(`Node "${node.id}" depends on itself.`);
      // A dependency listed twice is the same edge; keep one.
      else if (!out.includes(p)) out.push(p);
    }
    return out;
  });
}

function toRows(parents: readonly (readonly number[])[]) {
  const n = parents.length;
  const parentStart = new Int32Array(n + 1);
  const childCount = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const ps = parents[i] as readonly number[];
    parentStart[i + 1] = (parentStart[i] as number) + ps.length;
    for (const p of ps) childCount[p]! += 1;
  }
  const parentList = new Int32Array(parentStart[n] as number);
  const childStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) childStart[i + 1] = (childStart[i] as number) + (childCount[i] as number);
  const childList = new Int32Array(parentList.length);
  const fill = childStart.slice(0, n);
  for (let i = 0; i < n; i++) {
    let k = parentStart[i] as number;
    for (const p of parents[i] as readonly number[]) {
      parentList[k++] = p;
      childList[fill[p]!++] = i;
    }
  }
  return { parentStart, parentList, childStart, childList };
}

/** Kahn's algorithm; a result shorter than the plan means a cycle. */
function topologicalOrder(parentStart: Int32Array, childStart: Int32Array, childList: Int32Array): Int32Array {
  const n = parentStart.length - 1;
  const waiting = new Int32Array(n);
  const order = new Int32Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) {
    waiting[i] = (parentStart[i + 1] as number) - (parentStart[i] as number);
    if (waiting[i] === 0) order[tail++] = i;
  }
  for (let head = 0; head < tail; head++) {
    const v = order[head] as number;
    for (let k = childStart[v] as number; k < (childStart[v + 1] as number); k++) {
      const c = childList[k] as number;
      if (--waiting[c]! === 0) order[tail++] = c;
    }
  }
  return order.subarray(0, tail);
}

// Every node Kahn left behind still waits on a parent that was also left
// behind, so walking up such parents must revisit a node: that loop is a cycle.
function describeCycle(nodes: readonly PlanNode[], sorted: Int32Array, parentStart: Int32Array, parentList: Int32Array): string {
  const done = new Uint8Array(nodes.length);
  for (const v of sorted) done[v] = 1;
  const stepOf = new Map<number, number>();
  const walk: number[] = [];
  let v = done.indexOf(0);
  while (!stepOf.has(v)) {
    stepOf.set(v, walk.length);
    walk.push(v);
    for (let k = parentStart[v] as number; k < (parentStart[v + 1] as number); k++) {
      if (done[parentList[k] as number] === 0) {
        v = parentList[k] as number;
        break;
      }
    }
  }
  const loop = walk.slice(stepOf.get(v)).reverse();
  const names = [...loop, loop[0] as number].map((i) => (nodes[i] as PlanNode).id);
  return `Plan has a dependency cycle: ${names.join(' -> ')}.`;
}

function chooseCandidates(nodes: readonly PlanNode[], workers: readonly Worker[], issues: string[]): number[][] {
  const byId = new Map(workers.map((w, i) => [w.id, i]));
  const serves = workers.map((w) => (w.tasks === '*' ? null : new Set(w.tasks)));
  const canServe = (w: number, task: string): boolean => serves[w] === null || (serves[w] as Set<string>).has(task);
  // Nodes that name no worker share one list per task, so big plans allocate per task, not per node.
  const byTask = new Map<string, number[]>();
  const servingTask = (task: string): number[] => {
    let list = byTask.get(task);
    if (list === undefined) {
      list = [];
      for (let w = 0; w < workers.length; w++) if (canServe(w, task)) list.push(w);
      byTask.set(task, list);
    }
    return list;
  };
  const known = () => workers.map((w) => w.id).join(', ') || 'none';

  return nodes.map((node) => {
    const serving = servingTask(node.task);
    if (!node.worker && (node.fallbacks ?? []).length === 0) {
      if (serving.length === 0) issues.push(`No worker serves task "${node.task}" of node "${node.id}".`);
      return serving;
    }
    const list: number[] = [];
    const take = (wid: string, role: string): void => {
      const w = byId.get(wid);
      if (w === undefined) issues.push(`Node "${node.id}" names ${role} "${wid}", which is not among the workers (${known()}).`);
      else if (!canServe(w, node.task)) issues.push(`Node "${node.id}" names ${role} "${wid}", which does not serve task "${node.task}".`);
      else if (!list.includes(w)) list.push(w);
    };
    // An empty worker means "not chosen yet" (planners may leave it blank).
    if (node.worker) take(node.worker, 'worker');
    else if (serving.length > 0) list.push(serving[0] as number);
    for (const wid of node.fallbacks ?? []) take(wid, 'fallback worker');
    for (const w of serving) if (!list.includes(w)) list.push(w);
    if (list.length === 0 && !node.worker) issues.push(`No worker serves task "${node.task}" of node "${node.id}".`);
    return list;
  });
}

function ancestorRefs(
  node: PlanNode,
  i: number,
  index: ReadonlyMap<string, number>,
  parentStart: Int32Array,
  parentList: Int32Array,
): number[] | null {
  if (node.args === undefined) return null;
  const wanted = new Set<number>();
  for (const id of referencedIds(node.args)) {
    const j = index.get(id);
    if (j !== undefined && j !== i) wanted.add(j);
  }
  if (wanted.size === 0) return null;
  // Only ancestors are sure to have finished when the node starts; other references stay as written.
  const found: number[] = [];
  const seen = new Set<number>([i]);
  const stack = [i];
  while (stack.length > 0 && found.length < wanted.size) {
    const v = stack.pop() as number;
    for (let k = parentStart[v] as number; k < (parentStart[v + 1] as number); k++) {
      const p = parentList[k] as number;
      if (seen.has(p)) continue;
      seen.add(p);
      if (wanted.has(p)) found.push(p);
      stack.push(p);
    }
  }
  return found.length > 0 ? found : null;
}
