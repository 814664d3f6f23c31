import { executePlan } from '../../executor/index.js';
import { nodeInputTokens } from '../../routing/plan-graph.js';
import type { Assignment, EstimateFn, ExecutionModel } from '../../routing/types.js';
import type { Plan, Worker } from '../../types.js';
import type { CallRecord, RunOutcome } from './fast-sim.js';

/** Reads `simulatedLatencyMs` from a result or an error, the way the executor does. */
function simulatedMs(value: unknown): number | undefined {
  const ms = typeof value === 'object' && value !== null ? (value as { simulatedLatencyMs?: unknown }).simulatedLatencyMs : undefined;
  return typeof ms === 'number' && Number.isFinite(ms) ? ms : undefined;
}

/** Fills worker + fallbacks the way routing does: the primary, then the other candidates in catalogue order. */
export function withAssignment(plan: Plan, assignment: Assignment, candidatesFor: (task: string) => readonly string[]): Plan {
  return {
    ...plan,
    nodes: plan.nodes.map((n) => {
      const worker = assignment.get(n.id) ?? candidatesFor(n.task)[0];
      return worker ? { ...n, worker, fallbacks: candidatesFor(n.task).filter((c) => c !== worker) } : n;
    }),
  };
}

/**
 * The executor path: runs the plan through `executePlan` on the given
 * workers (the sim zoo at time scale 0 in training). Every call is observed
 * through a thin wrapper, which gives per-call records for ObservedStats;
 * a failed call is billed what its error says (`costUsd`), else what
 * `estimate` expects.
 */
export async function executeForOutcome(
  plan: Plan,
  assignment: Assignment,
  workers: readonly Worker[],
  candidatesFor: (task: string) => readonly string[],
  estimate: EstimateFn,
  execution: ExecutionModel,
  signal?: AbortSignal,
): Promise<RunOutcome> {
  const calls: CallRecord[] = [];
  const nodeCostUsd = new Map<string, number>();
  const byNode = new Map(plan.nodes.map((n) => [n.id, n] as const));
  const wrapped: Worker[] = workers.map((w) => ({
    id: w.id,
    tasks: w.tasks,
    ...(w.provider !== undefined ? { provider: w.provider } : {}),
    async run(call, sig) {
      const node = byNode.get(call.node.id) ?? call.node;
      const fallbackCost = (): number => estimate(w.id, node.task, nodeInputTokens(plan, node)).expectedCostUsd;
      try {
        const r = await w.run(call, sig);
        const cost = typeof r.costUsd === 'number' ? r.costUsd : fallbackCost();
        calls.push({ worker: w.id, task: node.task, succeeded: true, costUsd: cost, latencyMs: simulatedMs(r) ?? 0 });
        nodeCostUsd.set(node.id, (nodeCostUsd.get(node.id) ?? 0) + cost);
        return r;
      } catch (err) {
        const billed = typeof err === 'object' && err !== null ? (err as { costUsd?: unknown }).costUsd : undefined;
        const cost = typeof billed === 'number' && Number.isFinite(billed) ? billed : fallbackCost();
        calls.push({ worker: w.id, task: node.task, succeeded: false, costUsd: cost, latencyMs: simulatedMs(err) ?? 0 });
        nodeCostUsd.set(node.id, (nodeCostUsd.get(node.id) ?? 0) + cost);
        throw err;
      }
    },
  }));
  const result = await executePlan(withAssignment(plan, assignment, candidatesFor), {
    workers: wrapped,
    concurrency: Number.POSITIVE_INFINITY,
    retries: { max: 0, baseDelayMs: 0, maxDelayMs: 0 },
    fallback: execution.fallback,
    ...(signal ? { signal } : {}),
    random: () => 0.5,
  });
  let cost = 0;
  for (const v of nodeCostUsd.values()) cost += v;
  return {
    success: result.status === 'succeeded' && result.nodes.every((n) => n.status === 'succeeded') ? 1 : 0,
    costUsd: cost,
    latencyMs: result.totals.criticalPathMs,
    nodeCostUsd,
    nodeLatencyMs: new Map(result.nodes.map((n) => [n.id, n.status === 'skipped' ? 0 : n.latencyMs] as const)),
    calls,
  };
}
