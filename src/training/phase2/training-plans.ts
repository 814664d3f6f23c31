import { loadDomainSamples } from '../../data/import-taskbench.js';
import { splitByHash } from '../../data/split.js';
import { buildPlan } from '../../planner/plan-builder.js';
import type { WorkerCatalog } from '../../routing/types.js';
import type { Plan } from '../../types.js';

/** Seed of the Phase 2 split; fixed so training and `eval phase2` agree on which instructions are held out. */
export const PHASE2_SPLIT_SEED = 'phase2-v1';
export const PHASE2_VAL_FRACTION = 0.2;

export interface Phase2Plans {
  readonly train: readonly Plan[];
  /** Held-out instructions: PPO never trains on them; `eval phase2` scores on them. */
  readonly validation: readonly Plan[];
}

/**
 * Plans for the domain's training instructions. Each instruction's plan is
 * its dataset task graph, which is what the retrieval planner answers for an
 * instruction it indexed; with the learned planner landed, pass `planFor` to
 * use its plans instead. Plans with a task no worker serves are dropped.
 */
export function loadPhase2Plans(
  dataDir: string,
  domain: string,
  catalog: Pick<WorkerCatalog, 'candidatesFor'>,
  options: { readonly planFor?: (instruction: string) => Plan; readonly valFraction?: number } = {},
): Phase2Plans {
  const { samples } = loadDomainSamples(dataDir, domain);
  const split = splitByHash(samples, { seed: PHASE2_SPLIT_SEED, valFraction: options.valFraction ?? PHASE2_VAL_FRACTION });
  const info = { name: 'dataset', version: '1', confidence: 1 };
  const toPlan = (s: (typeof samples)[number]): Plan =>
    options.planFor
      ? options.planFor(s.instruction)
      : buildPlan({ tasks: s.nodes.map((n) => n.task), links: s.links, args: s.nodes.map((n) => n.args) }, info, { instruction: s.instruction, domain });
  const servable = (p: Plan): boolean => p.nodes.length > 0 && p.nodes.every((n) => catalog.candidatesFor(n.task).length > 0);
  return { train: split.train.map(toPlan).filter(servable), validation: split.validation.map(toPlan).filter(servable) };
}
