import { planGraph } from '../../routing/plan-graph.js';
import type { RewardWeights } from '../../routing/types.js';
import type { Plan } from '../../types.js';
import type { RunOutcome } from './fast-sim.js';

/** Node ids on the run's critical path (longest chain by node latency), root first. */
export function criticalPath(plan: Plan, nodeLatencyMs: ReadonlyMap<string, number>): string[] {
  const g = planGraph(plan);
  const finish = g.nodes.map(() => 0);
  const via = g.nodes.map((): number => -1);
  for (const i of g.order) {
    let start = 0;
    for (const p of g.parents[i] ?? []) {
      if ((finish[p] ?? 0) > start) {
        start = finish[p] ?? 0;
        via[i] = p;
      }
    }
    finish[i] = start + (nodeLatencyMs.get(g.nodes[i]?.id ?? '') ?? 0);
  }
  let end = finish.indexOf(Math.max(...finish));
  const path: string[] = [];
  while (end >= 0) {
    path.unshift(g.nodes[end]?.id ?? '');
    end = via[end] ?? -1;
  }
  return path;
}

/**
 * Splits the run reward into per-node terms that add up to it: each node is
 * charged its own cost and, when on the critical path, its latency; success
 * is shared. Charging a decision for what its node did (rather than handing
 * every decision the whole run's penalty) keeps one slow video node from
 * drowning the signal of every other choice in the plan.
 */
export function nodePenalties(plan: Plan, outcome: RunOutcome, weights: RewardWeights): Map<string, number> {
  const onPath = new Set(criticalPath(plan, outcome.nodeLatencyMs));
  const out = new Map<string, number>();
  for (const n of plan.nodes) {
    const lat = onPath.has(n.id) ? (outcome.nodeLatencyMs.get(n.id) ?? 0) : 0;
    out.set(n.id, -weights.lambdaCost * (outcome.nodeCostUsd.get(n.id) ?? 0) - weights.lambdaLatency * (lat / 1000));
  }
  return out;
}
