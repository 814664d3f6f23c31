import { isValidDag, type IndexLink } from '../data/graph.js';
import type { Plan, TaskSample } from '../types.js';

/**
 * Planner metrics as Wu et al. (NeurIPS 2024, "Can Graph Learning Improve
 * Planning in LLM-based Agents?") define them: per sample, F1 between the SET
 * of predicted and gold task names (node-F1) and between the SETS of
 * "source, target" task-name pairs (link-F1), averaged over samples. A missing
 * prediction scores 0 on both.
 *
 * Where Wu et al. say nothing (they score chain samples, which always have
 * links): when gold and prediction both have no links (a single-node sample
 * planned as one node) link-F1 is 1, since the prediction states exactly the
 * gold's dependencies; when only one side has links it is 0.
 */

/** A plan or a label reduced to what the metrics look at. */
export interface TaskGraph {
  readonly tasks: readonly string[];
  /** [parentIndex, childIndex] into `tasks`. */
  readonly links: readonly IndexLink[];
  /** Worker per node, where known. */
  readonly workers?: readonly (string | null | undefined)[];
}

export interface SampleScore {
  readonly nodeF1: number;
  readonly linkF1: number;
  /** Same set of task names and same set of links. */
  readonly exactMatch: boolean;
  /** The prediction is a well-formed DAG (false when missing). */
  readonly dagValid: boolean;
  /** Gold nodes with a worker label, and how many of them the prediction got right. */
  readonly workerLabelled: number;
  readonly workerCorrect: number;
  readonly latencyMs?: number;
}

export interface PlannerMetrics {
  readonly samples: number;
  readonly nodeF1: number;
  readonly linkF1: number;
  readonly exactMatch: number;
  readonly dagValidity: number;
  /** Micro-averaged over labelled gold nodes; null when no sample has labels. */
  readonly workerAccuracy: number | null;
  readonly latencyP50Ms: number | null;
  readonly latencyP95Ms: number | null;
}

export function sampleGraph(sample: TaskSample & { readonly workers?: readonly (string | null)[] }): TaskGraph {
  return { tasks: sample.nodes.map((n) => n.task), links: sample.links, ...(sample.workers ? { workers: sample.workers } : {}) };
}

/** Reduces a Plan to a TaskGraph; `dagValid` is false for unknown or duplicate ids, self-loops and cycles. */
export function planGraph(plan: Plan): { readonly graph: TaskGraph; readonly dagValid: boolean } {
  const index = new Map<string, number>();
  plan.nodes.forEach((n, i) => index.set(n.id, i));
  let valid = index.size === plan.nodes.length;
  const links: IndexLink[] = [];
  plan.nodes.forEach((n, child) => {
    for (const dep of n.deps) {
      const parent = index.get(dep);
      if (parent === undefined) valid = false;
      else links.push([parent, child]);
    }
  });
  valid = valid && isValidDag(plan.nodes.length, links);
  return { graph: { tasks: plan.nodes.map((n) => n.task), links, workers: plan.nodes.map((n) => n.worker) }, dagValid: valid };
}

export function setF1(predicted: ReadonlySet<string>, gold: ReadonlySet<string>): number {
  if (predicted.size === 0 && gold.size === 0) return 1;
  if (predicted.size === 0 || gold.size === 0) return 0;
  let hit = 0;
  for (const p of predicted) if (gold.has(p)) hit++;
  if (hit === 0) return 0;
  const precision = hit / predicted.size;
  const recall = hit / gold.size;
  return (2 * precision * recall) / (precision + recall);
}

/** The "source, target" task-name pairs of a graph, as a set. */
export function linkNames(graph: TaskGraph): Set<string> {
  return new Set(graph.links.map(([s, t]) => `${graph.tasks[s] ?? '?'}, ${graph.tasks[t] ?? '?'}`));
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/**
 * Scores one prediction against its gold graph. `predicted` null means the
 * planner gave nothing (error, refusal): 0 on every measure.
 */
export function scoreSample(predicted: TaskGraph | null, gold: TaskGraph, extra: { readonly dagValid?: boolean; readonly latencyMs?: number } = {}): SampleScore {
  const labelled = gold.workers?.filter((w) => typeof w === 'string' && w.length > 0).length ?? 0;
  const latency = extra.latencyMs !== undefined ? { latencyMs: extra.latencyMs } : {};
  if (!predicted || predicted.tasks.length === 0) {
    return { nodeF1: 0, linkF1: 0, exactMatch: false, dagValid: false, workerLabelled: labelled, workerCorrect: 0, ...latency };
  }
  const predNodes = new Set(predicted.tasks);
  const goldNodes = new Set(gold.tasks);
  const predLinks = linkNames(predicted);
  const goldLinks = linkNames(gold);
  return {
    nodeF1: setF1(predNodes, goldNodes),
    linkF1: setF1(predLinks, goldLinks),
    exactMatch: sameSet(predNodes, goldNodes) && sameSet(predLinks, goldLinks),
    dagValid: extra.dagValid ?? isValidDag(predicted.tasks.length, predicted.links),
    workerLabelled: labelled,
    workerCorrect: labelled > 0 ? correctWorkers(predicted, gold) : 0,
    ...latency,
  };
}

/** Matches each labelled gold node to the first unused predicted node of the same task. */
function correctWorkers(predicted: TaskGraph, gold: TaskGraph): number {
  const used = new Set<number>();
  let correct = 0;
  gold.tasks.forEach((task, g) => {
    const want = gold.workers?.[g];
    if (!want) return;
    const p = predicted.tasks.findIndex((t, i) => t === task && !used.has(i));
    if (p < 0) return;
    used.add(p);
    if (predicted.workers?.[p] === want) correct++;
  });
  return correct;
}

/** Nearest-rank percentile (p in [0, 100]); null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? null;
}

export function aggregateScores(scores: readonly SampleScore[]): PlannerMetrics {
  const n = scores.length;
  const mean = (f: (s: SampleScore) => number): number => (n === 0 ? 0 : scores.reduce((acc, s) => acc + f(s), 0) / n);
  const labelled = scores.reduce((acc, s) => acc + s.workerLabelled, 0);
  const correct = scores.reduce((acc, s) => acc + s.workerCorrect, 0);
  const latencies = scores.flatMap((s) => (s.latencyMs !== undefined ? [s.latencyMs] : []));
  return {
    samples: n,
    nodeF1: mean((s) => s.nodeF1),
    linkF1: mean((s) => s.linkF1),
    exactMatch: mean((s) => (s.exactMatch ? 1 : 0)),
    dagValidity: mean((s) => (s.dagValid ? 1 : 0)),
    workerAccuracy: labelled > 0 ? correct / labelled : null,
    latencyP50Ms: percentile(latencies, 50),
    latencyP95Ms: percentile(latencies, 95),
  };
}

/** Scores a Plan against a TaskSample (the common case for evaluation loops). */
export function scorePlan(plan: Plan | null, gold: TaskSample & { readonly workers?: readonly (string | null)[] }, latencyMs?: number): SampleScore {
  const extra = latencyMs !== undefined ? { latencyMs } : {};
  if (!plan) return scoreSample(null, sampleGraph(gold), extra);
  const { graph, dagValid } = planGraph(plan);
  return scoreSample(graph, sampleGraph(gold), { ...extra, dagValid });
}
