import type { Plan } from '../types.js';
import { chainExpectation, rewardOf, workerChain } from './expected-outcome.js';
import { nodeInputTokens } from './plan-graph.js';
import type { Assignment, EstimateFn, PolicyContext, RoutingPolicy } from './types.js';

/** Applies `pick(candidates, node)` to every node independently. */
function perNode(name: string, pick: (candidates: readonly string[], task: string, inputTokens: number, context: PolicyContext) => string): RoutingPolicy {
  return {
    name,
    assign(plan: Plan, context: PolicyContext): Assignment {
      const out = new Map<string, string>();
      for (const node of plan.nodes) {
        const candidates = context.catalog.candidatesFor(node.task);
        if (candidates.length === 0) throw new Error(`no worker serves task "${node.task}" of node "${node.id}"`);
        out.set(node.id, pick(candidates, node.task, nodeInputTokens(plan, node), context));
      }
      return out;
    },
  };
}

function argBest<T>(items: readonly T[], score: (t: T) => number): T {
  let best = items[0] as T;
  let bestScore = -Infinity;
  for (const t of items) {
    const s = score(t);
    if (s > bestScore) {
      best = t;
      bestScore = s;
    }
  }
  return best;
}

/** Uniform over the workers serving each node. */
export const randomPolicy: RoutingPolicy = perNode('random', (c, _t, _i, ctx) => {
  const u = (ctx.random ?? Math.random)();
  return c[Math.min(c.length - 1, Math.floor(u * c.length))] as string;
});

/** Lowest expected cost per call (list prices are public, so the catalogue's cost figure is fair game). */
export const cheapestPolicy: RoutingPolicy = perNode('cheapest', (c, task, tokens, ctx) =>
  argBest(c, (w) => -ctx.catalog.estimate(w, task, tokens).expectedCostUsd),
);

/** The most capable model for every node: the catalogue's first candidate (highest quality). */
export const bestSinglePolicy: RoutingPolicy = perNode('best_single', (c) => c[0] as string);

/**
 * Greedy on estimated value: for each node on its own, the primary whose
 * chain (with the executor's fallbacks) maximises success - cost - latency
 * under `estimate` (observed statistics, not the zoo's true parameters).
 * It ignores that a node's success is worth more when the rest of the plan
 * is likely to succeed: that interaction is what the oracle and PPO add.
 */
export function greedyPolicy(estimate: EstimateFn, name = 'greedy'): RoutingPolicy {
  return perNode(name, (c, task, tokens, ctx) =>
    argBest(c, (w) => rewardOf(chainExpectation(workerChain(w, c, ctx.execution), task, tokens, estimate), ctx.weights)),
  );
}
