import { join } from 'node:path';
import { checkpointExists, readCheckpoint } from '../planner/learned/checkpoint.js';
import { createLearnedPlanner } from '../planner/learned/learned-planner.js';
import type { Planner } from '../planner/types.js';
import type { Plan } from '../types.js';
import type { Assignment, PolicyContext, RoutingPolicy } from './types.js';

export interface Phase1Selector extends RoutingPolicy {
  /** Worker ids the planner's selector head can name; one entry means it learned no choice. */
  readonly headWorkers: readonly string[];
}

/**
 * The Phase 1 worker selector as a routing policy: the learned planner's
 * per-node worker head, read off the plan it makes for the same instruction
 * (matched by task). Where the head names no worker serving the node (a head
 * trained without worker labels has a single `default` output and names
 * none), the node gets the catalogue's first candidate, which is what the
 * runtime did before Phase 2 routing.
 */
export function phase1SelectorPolicy(planner: Planner, headWorkers: readonly string[]): Phase1Selector {
  return {
    name: 'phase1',
    headWorkers,
    assign(plan: Plan, context: PolicyContext): Assignment {
      const byTask = new Map<string, string>();
      if (plan.instruction) {
        for (const n of planner.plan(plan.instruction).nodes) if (n.worker && !byTask.has(n.task)) byTask.set(n.task, n.worker);
      }
      const out = new Map<string, string>();
      for (const node of plan.nodes) {
        const candidates = context.catalog.candidatesFor(node.task);
        const named = byTask.get(node.task);
        const worker = named && candidates.includes(named) ? named : candidates[0];
        if (!worker) throw new Error(`no worker serves task "${node.task}" of node "${node.id}"`);
        out.set(node.id, worker);
      }
      return out;
    },
  };
}

/** The Phase 1 selector from `<checkpointRoot>/<domain>` (the planner checkpoint), or null when none is there. */
export function loadPhase1Selector(checkpointRoot: string, domain: string): Phase1Selector | null {
  const dir = join(checkpointRoot, domain);
  if (!checkpointExists(dir)) return null;
  const checkpoint = readCheckpoint(dir, domain);
  return phase1SelectorPolicy(createLearnedPlanner(checkpoint), checkpoint.manifest.spec.workers);
}
