import type { Plan, PlanSuggestion } from '../../types.js';
import type { Planner } from '../types.js';
import type { LoadedCheckpoint } from './checkpoint.js';
import { toPlanNodes } from './decode-plan.js';
import { FastPlannerNet } from './fast-net.js';
import { PAD_ID } from './tokenizer.js';

export interface LearnedPlannerOptions {
  /** Longest plan emitted. @default the checkpoint's trained maximum */
  readonly maxNodes?: number;
  /** Beam width of the task decoder (1: greedy). @default 1 */
  readonly beamWidth?: number;
  /** Weight of the task-set head in decoding. @default the checkpoint's calibrated weight, else 0 */
  readonly setWeight?: number;
  /** Tasks the set head rates at least this likely but the plan lacks become `suggestions`. @default 1 (none) */
  readonly suggestThreshold?: number;
}

const MAX_SUGGESTIONS = 3;

/** The set head's likely tasks that the decoded plan lacks, likeliest first. */
export function missingTaskSuggestions(setProbs: Float32Array | null, tasks: readonly string[], planned: readonly string[], threshold: number): PlanSuggestion[] {
  if (!setProbs || threshold >= 1) return [];
  const out: PlanSuggestion[] = [];
  setProbs.forEach((p, i) => {
    const task = tasks[i];
    if (task !== undefined && p >= threshold && !planned.includes(task)) out.push({ task, probability: p });
  });
  return out.sort((a, b) => b.probability - a.probability).slice(0, MAX_SUGGESTIONS);
}

/** A planner that also reports how sure it is, so the hybrid planner can fall back. */
export interface ScoredPlanner extends Planner {
  readonly checkpointDir: string;
}

/** `learned` planner over a loaded checkpoint; plans in plain JS (see fast-net.ts), no tfjs needed at inference. */
export function createLearnedPlanner(checkpoint: LoadedCheckpoint, options: LearnedPlannerOptions = {}): ScoredPlanner {
  const { manifest, tokenizer, prior } = checkpoint;
  const spec = manifest.spec;
  const nets = checkpoint.members.map((weights) => new FastPlannerNet(spec, weights, manifest.descTokens));
  const maxNodes = options.maxNodes ?? spec.maxNodes;
  const beamWidth = Math.max(1, options.beamWidth ?? 1);
  const setWeight = options.setWeight ?? manifest.setWeight ?? 0;
  const suggestThreshold = options.suggestThreshold ?? 1;
  const version = `${manifest.createdAt.slice(0, 10)}+${manifest.dataHash.replace(/^sha256:/, '').slice(0, 8)}`;
  return {
    name: 'learned',
    version,
    domain: manifest.domain,
    checkpointDir: checkpoint.dir,
    plan(instruction: string): Plan {
      const ids = Array.from(tokenizer.encodePadded(instruction, spec.maxTokens)).filter((id) => id !== PAD_ID);
      const decoded = FastPlannerNet.decodeEnsemble(nets, ids, prior, { maxNodes, noRepeat: true, beamWidth, setWeight });
      // Worker choice is left to the orchestrator's routing (Phase 2 policy or priors); the
      // worker head is the initial policy Phase 2 starts from, not a per-plan override.
      const { nodes, confidence } = toPlanNodes(decoded, spec.tasks, [], manifest.edgeThreshold);
      const suggestions = missingTaskSuggestions(decoded.setProbs, spec.tasks, nodes.map((n) => n.task), suggestThreshold);
      return { nodes, instruction, domain: manifest.domain, planner: { name: 'learned', version, confidence }, ...(suggestions.length ? { suggestions } : {}) };
    },
  };
}
