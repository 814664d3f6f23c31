import type { Domain } from '../../data/domain.js';
import type { LoadedCheckpoint } from '../../planner/learned/checkpoint.js';
import { createLearnedPlanner } from '../../planner/learned/learned-planner.js';
import { createRetrievalPlanner } from '../../planner/retrieval.js';
import type { Plan, TaskSample } from '../../types.js';
import { linkF1, nodeF1, type NamedPlan } from './plan-f1.js';

export interface Calibration {
  /** Learned plans below this confidence are replaced by the retrieval plan. */
  readonly threshold: number;
  /** Validation figures of the hybrid at that threshold (and of its two parts). */
  readonly metrics: Record<string, number>;
}

function named(plan: Plan): NamedPlan {
  const index = new Map(plan.nodes.map((n, i) => [n.id, i] as const));
  return { tasks: plan.nodes.map((n) => n.task), links: plan.nodes.flatMap((n, j) => n.deps.map((d) => [index.get(d) ?? -1, j] as [number, number])) };
}

/**
 * Picks the confidence below which the hybrid planner should use the
 * retrieval plan, on the validation split: one scalar per domain, maximising
 * the mean of node-F1 and link-F1. Domains differ a lot here (retrieval is
 * near-useless on HF tools, strong on UltraTool), which one global
 * `planner.confidence_threshold` cannot express.
 */
export function calibrateFallback(checkpoint: LoadedCheckpoint, domain: Domain, train: readonly TaskSample[], validation: readonly TaskSample[], beamWidth = 1): Calibration {
  const learned = createLearnedPlanner(checkpoint, { beamWidth });
  const retrieval = createRetrievalPlanner(domain, train);
  const rows = validation.map((s) => {
    const gold: NamedPlan = { tasks: s.nodes.map((n) => n.task), links: s.links };
    const l = learned.plan(s.instruction);
    const r = named(retrieval.plan(s.instruction));
    const lp = named(l);
    return { confidence: l.planner?.confidence ?? 0, type: s.type, learned: [nodeF1(lp, gold), linkF1(lp, gold)] as const, retrieval: [nodeF1(r, gold), linkF1(r, gold)] as const };
  });
  const score = (t: number): { node: number; link: number } => {
    let node = 0;
    let link = 0;
    for (const row of rows) {
      const pick = row.confidence >= t ? row.learned : row.retrieval;
      node += pick[0];
      link += pick[1];
    }
    return { node: node / Math.max(rows.length, 1), link: link / Math.max(rows.length, 1) };
  };
  let best = 0;
  let bestValue = -1;
  for (let k = 0; k <= 20; k++) {
    const t = k / 20;
    const s = score(t);
    if ((s.node + s.link) / 2 > bestValue + 1e-9) {
      bestValue = (s.node + s.link) / 2;
      best = t;
    }
  }
  const hybrid = score(best);
  const learnedOnly = score(0);
  const retrievalOnly = score(1.01);
  return {
    threshold: best,
    metrics: {
      val_hybrid_node_f1: hybrid.node,
      val_hybrid_link_f1: hybrid.link,
      val_learned_node_f1: learnedOnly.node,
      val_learned_link_f1: learnedOnly.link,
      val_retrieval_node_f1: retrievalOnly.node,
      val_retrieval_link_f1: retrievalOnly.link,
      fallback_threshold: best,
    },
  };
}
