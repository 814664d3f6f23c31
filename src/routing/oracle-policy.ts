import type { Plan } from '../types.js';
import { expectedOutcome } from './expected-outcome.js';
import type { Assignment, EstimateFn, PolicyContext, RoutingPolicy } from './types.js';
import { greedyPolicy } from './baseline-policies.js';

/**
 * Maximises the expected run reward under `estimate` over all primary-worker
 * choices. Exhaustive when the plan has at most `exhaustiveLimit` joint
 * choices, else coordinate ascent from the greedy choice (each sweep moves one
 * node to its best worker given the others, until nothing changes). With the
 * zoo's true parameters this is the Phase 2 upper bound.
 */
export function oraclePolicy(estimate: EstimateFn, options: { readonly name?: string; readonly exhaustiveLimit?: number } = {}): RoutingPolicy {
  const exhaustiveLimit = options.exhaustiveLimit ?? 4096;
  const greedy = greedyPolicy(estimate);
  return {
    name: options.name ?? 'oracle',
    assign(plan: Plan, context: PolicyContext): Assignment {
      const nodes = plan.nodes;
      const cands = nodes.map((n) => context.catalog.candidatesFor(n.task));
      const value = (a: Assignment): number => expectedOutcome(plan, a, context.catalog, estimate, context.execution, context.weights).reward;
      const joint = cands.reduce((p, c) => p * Math.max(1, c.length), 1);
      if (joint <= exhaustiveLimit) {
        let best = new Map<string, string>();
        let bestValue = -Infinity;
        const idx = nodes.map(() => 0);
        for (let k = 0; k < joint; k++) {
          const a = new Map(nodes.map((n, i) => [n.id, cands[i]?.[idx[i] ?? 0] as string] as const));
          const v = value(a);
          if (v > bestValue) {
            bestValue = v;
            best = a;
          }
          for (let i = 0; i < idx.length; i++) {
            idx[i] = (idx[i] ?? 0) + 1;
            if ((idx[i] ?? 0) < (cands[i]?.length ?? 1)) break;
            idx[i] = 0;
          }
        }
        return best;
      }
      const current = new Map(greedy.assign(plan, context));
      let currentValue = value(current);
      for (let sweep = 0; sweep < 20; sweep++) {
        let changed = false;
        nodes.forEach((node, i) => {
          for (const w of cands[i] ?? []) {
            if (w === current.get(node.id)) continue;
            const trial = new Map(current).set(node.id, w);
            const v = value(trial);
            if (v > currentValue + 1e-12) {
              current.set(node.id, w);
              currentValue = v;
              changed = true;
            }
          }
        });
        if (!changed) break;
      }
      return current;
    },
  };
}
