/**
 * Editing a plan by hand before it runs (the interactive session's /add and
 * /drop): the planner misses a step now and then, and the person at the
 * prompt knows which. Edits keep the plan a DAG in topological node order,
 * keep `<node-k>` argument references pointing at the right node, and drop
 * every node's routed worker so routing sees the whole edited plan (a budget
 * applies to the plan, not to one node). The edited plan records the planner
 * it came from, so an execution log shows which plans a person corrected.
 */
import { UserError } from '../errors.js';
import { resolveRefs } from '../executor/nodeRefs.js';
import type { Plan, PlanArgs, PlanNode, PlannerInfo } from '../types.js';

/** `n2`, `node-2` or `2` -> the plan's node `node-2`; a clear error naming the plan's nodes otherwise. */
export function findNode(plan: Plan, ref: string): PlanNode {
  const wanted = ref.trim();
  const digits = /^(?:n|node-)?(\d+)$/i.exec(wanted)?.[1];
  const node = plan.nodes.find((n) => n.id === wanted || (digits !== undefined && n.id === `node-${digits}`));
  if (node) return node;
  const known = plan.nodes.map((n) => shortNodeId(n.id)).join(', ');
  throw new UserError(`no node "${wanted}" in the plan; its nodes are ${known || '(none)'}`);
}

/** `node-12` -> `n12`, as the terminal UI labels nodes; other ids stay as they are. */
export function shortNodeId(id: string): string {
  const m = /^node-(\d+)$/.exec(id);
  return m ? `n${m[1]}` : id;
}

/**
 * Inserts a `task` node right after `afterRef` (default: the plan's last
 * node): it takes its input from that node, and the nodes that took theirs
 * from that node now take it from the new one. On a chain that is "insert a
 * step here"; after a sink it appends. With `branch` the new node is fed by
 * that node and feeds nothing (a parallel step). With no nodes at all the new
 * node is the plan's only one.
 */
export function insertNodeAfter(plan: Plan, task: string, afterRef?: string, options: { readonly branch?: boolean } = {}): Plan {
  const after = afterRef !== undefined ? findNode(plan, afterRef) : plan.nodes.at(-1);
  const id = nextNodeId(plan);
  const fresh: PlanNode = after ? { id, task, deps: [after.id], args: [`<${after.id}>`] } : { id, task, deps: [] };
  // A branch leaves the nodes `after` feeds alone: the new step runs beside them.
  const takesOver = (node: PlanNode): boolean => !options.branch && after !== undefined && node.deps.includes(after.id);
  const nodes: PlanNode[] = [];
  for (const node of plan.nodes) {
    nodes.push(after && takesOver(node) ? rewire(node, after.id, id, `<${id}>`) : node);
    if (node === after) nodes.push(fresh);
  }
  if (!after) nodes.push(fresh);
  return edited(plan, nodes);
}

/**
 * Inserts a `task` node right before `beforeRef`: the new node takes that
 * node's inputs (its parents and its arguments) and feeds it instead. On a
 * chain that is "a step was missing here", the first step included.
 */
export function insertNodeBefore(plan: Plan, task: string, beforeRef: string): Plan {
  const before = findNode(plan, beforeRef);
  const id = nextNodeId(plan);
  const fresh: PlanNode = { id, task, deps: [...before.deps], ...(before.args !== undefined ? { args: before.args } : {}) };
  const fed: PlanNode = { ...before, deps: [id], args: [`<${id}>`] };
  return edited(plan, plan.nodes.flatMap((n) => (n === before ? [fresh, fed] : [n])));
}

/**
 * Removes a node; the nodes that took their input from it take it from its
 * parents instead (and, in their arguments, what it was given), so a chain
 * stays connected.
 */
export function dropNode(plan: Plan, ref: string): Plan {
  const gone = findNode(plan, ref);
  if (plan.nodes.length === 1) throw new UserError(`${shortNodeId(gone.id)} is the plan's only node; plan another instruction instead`);
  const [firstParent] = gone.deps;
  const standIn = firstParent !== undefined ? `<${firstParent}>` : firstPlainArg(gone.args);
  const nodes = plan.nodes
    .filter((n) => n !== gone)
    .map((n) => (n.deps.includes(gone.id) ? rewire(n, gone.id, gone.deps, standIn) : n));
  return edited(plan, nodes);
}

/** Replaces parent `from` by `to` in deps (keeping order, no duplicates) and `<from>` by `standIn` in args. */
function rewire(node: PlanNode, from: string, to: string | readonly string[], standIn: string | undefined): PlanNode {
  const replacement = typeof to === 'string' ? [to] : to;
  const deps: string[] = [];
  for (const d of node.deps) for (const x of d === from ? replacement : [d]) if (!deps.includes(x)) deps.push(x);
  const args = node.args === undefined ? undefined : replaceRef(node.args, from, standIn);
  return { ...node, deps, ...(args !== undefined ? { args } : {}) };
}

function replaceRef(args: PlanArgs, id: string, standIn: string | undefined): PlanArgs {
  if (standIn !== undefined) return resolveRefs(args, new Map([[id, standIn]]));
  // Nothing stands in for a removed root node: its reference goes.
  const ref = `<${id}>`;
  return Array.isArray(args) ? args.filter((a) => a !== ref) : Object.fromEntries(Object.entries(args).filter(([, v]) => v !== ref));
}

function firstPlainArg(args: PlanArgs | undefined): string | undefined {
  const values = args === undefined ? [] : Array.isArray(args) ? args : Object.values(args);
  return values.find((v): v is string => typeof v === 'string' && !v.includes('<node-'));
}

function nextNodeId(plan: Plan): string {
  const taken = plan.nodes.map((n) => Number(/^node-(\d+)$/.exec(n.id)?.[1] ?? -1));
  return `node-${Math.max(-1, ...taken) + 1}`;
}

function withoutRouting(node: PlanNode): PlanNode {
  const { worker: _worker, fallbacks: _fallbacks, ...rest } = node;
  return rest;
}

/** The planner that made a plan, as recorded once a person has edited it. */
export function editedPlannerInfo(original: PlannerInfo | undefined): PlannerInfo {
  if (original?.name === 'edited') return original;
  return { name: 'edited', version: original ? `${original.name} ${original.version}` : 'by hand', confidence: 1 };
}

function edited(plan: Plan, nodes: readonly PlanNode[]): Plan {
  const { suggestions, ...rest } = plan;
  // A hint the person acted on is no longer one.
  const left = (suggestions ?? []).filter((s) => !nodes.some((n) => n.task === s.task));
  return { ...rest, nodes: nodes.map(withoutRouting), planner: editedPlannerInfo(plan.planner), ...(left.length ? { suggestions: left } : {}) };
}
