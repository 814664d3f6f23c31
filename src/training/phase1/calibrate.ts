import type { Domain } from '../../data/domain.js';
import type { LoadedCheckpoint } from '../../planner/learned/checkpoint.js';
import { createLearnedPlanner } from '../../planner/learned/learned-planner.js';
import { createRetrievalPlanner } from '../../planner/retrieval.js';
import type { Plan, TaskSample } from '../../types.js';
import { linkF1, nodeF1, type NamedPlan } from './plan-f1.js';

export interface Calibration {
  /** Learned plans below this confidence are replaced by the retrieval plan. */
  readonly threshold: number;
  /** Weight of the task-set head in decoding (0 when the model has none). */
  readonly setWeight: number;
  /** Which split the two were chosen on. */
  readonly chosenOn: 'calibration' | 'validation';
  /** Figures at the chosen settings: `cal_*` on the calibration split, `val_*` on validation (hybrid and its parts). */
  readonly metrics: Record<string, number>;
}

/** Set weights tried; 0 is the decoder alone, 1 the plain product with the set head. */
export const SET_WEIGHTS = [0, 0.5, 1, 1.5, 2, 3] as const;

/** One line for logs: what was chosen and on which split. */
export function describeCalibration(c: Calibration): string {
  return `task-set weight ${c.setWeight}, retrieval fallback below confidence ${c.threshold.toFixed(2)} (chosen on ${c.chosenOn})`;
}

function named(plan: Plan): NamedPlan {
  const index = new Map(plan.nodes.map((n, i) => [n.id, i] as const));
  return { tasks: plan.nodes.map((n) => n.task), links: plan.nodes.flatMap((n, j) => n.deps.map((d) => [index.get(d) ?? -1, j] as [number, number])) };
}

interface Row {
  readonly confidence: number;
  readonly learned: readonly [number, number];
  readonly retrieval: readonly [number, number];
}

type Scorer = (instruction: string) => NamedPlan;

function rowsFor(samples: readonly TaskSample[], learned: ReturnType<typeof createLearnedPlanner>, retrieval: Scorer): Row[] {
  return samples.map((s) => {
    const gold: NamedPlan = { tasks: s.nodes.map((n) => n.task), links: s.links };
    const l = learned.plan(s.instruction);
    const r = retrieval(s.instruction);
    const lp = named(l);
    return { confidence: l.planner?.confidence ?? 0, learned: [nodeF1(lp, gold), linkF1(lp, gold)] as const, retrieval: [nodeF1(r, gold), linkF1(r, gold)] as const };
  });
}

function score(rows: readonly Row[], threshold: number): { node: number; link: number } {
  let node = 0;
  let link = 0;
  for (const row of rows) {
    const pick = row.confidence >= threshold ? row.learned : row.retrieval;
    node += pick[0];
    link += pick[1];
  }
  return { node: node / Math.max(rows.length, 1), link: link / Math.max(rows.length, 1) };
}

/**
 * Chooses, per checkpoint, the task-set weight of decoding and the
 * confidence below which the hybrid planner uses the retrieval plan: the
 * pair maximising the mean of node-F1 and link-F1 on the calibration split,
 * which is held out of training and disjoint from validation, so the
 * validation figures reported next to them are not tuned on. (Without a
 * calibration split, e.g. `calibration_fraction: 0`, validation is used and
 * `chosenOn` says so.) Domains differ a lot here (retrieval is near-useless
 * on HF tools, strong on UltraTool), which one global
 * `planner.confidence_threshold` cannot express. `train` is what the
 * retrieval planner indexes: never the samples scored.
 */
export function calibrateDecoding(
  checkpoint: LoadedCheckpoint,
  domain: Domain,
  split: { readonly train: readonly TaskSample[]; readonly calibration: readonly TaskSample[]; readonly validation: readonly TaskSample[] },
  beamWidth = 1,
): Calibration {
  const chosenOn = split.calibration.length > 0 ? 'calibration' : 'validation';
  const tuning = chosenOn === 'calibration' ? split.calibration : split.validation;
  const retrievalPlanner = createRetrievalPlanner(domain, split.train);
  const retrieval: Scorer = (instruction) => named(retrievalPlanner.plan(instruction));
  const weights = checkpoint.manifest.spec.setHidden > 0 ? SET_WEIGHTS : [0];
  let best = { value: -1, threshold: 0, setWeight: 0, rows: [] as Row[] };
  for (const setWeight of weights) {
    const rows = rowsFor(tuning, createLearnedPlanner(checkpoint, { beamWidth, setWeight }), retrieval);
    for (let k = 0; k <= 20; k++) {
      const threshold = k / 20;
      const s = score(rows, threshold);
      if ((s.node + s.link) / 2 > best.value + 1e-9) best = { value: (s.node + s.link) / 2, threshold, setWeight, rows };
    }
  }
  const metrics: Record<string, number> = { fallback_threshold: best.threshold, set_weight: best.setWeight };
  const report = (prefix: string, rows: readonly Row[]): void => {
    const hybrid = score(rows, best.threshold);
    const learnedOnly = score(rows, 0);
    const retrievalOnly = score(rows, 1.01);
    Object.assign(metrics, {
      [`${prefix}_hybrid_node_f1`]: hybrid.node,
      [`${prefix}_hybrid_link_f1`]: hybrid.link,
      [`${prefix}_learned_node_f1`]: learnedOnly.node,
      [`${prefix}_learned_link_f1`]: learnedOnly.link,
      [`${prefix}_retrieval_node_f1`]: retrievalOnly.node,
      [`${prefix}_retrieval_link_f1`]: retrievalOnly.link,
    });
  };
  if (chosenOn === 'calibration') report('cal', best.rows);
  report('val', chosenOn === 'validation' ? best.rows : rowsFor(split.validation, createLearnedPlanner(checkpoint, { beamWidth, setWeight: best.setWeight }), retrieval));
  return { threshold: best.threshold, setWeight: best.setWeight, chosenOn, metrics };
}
