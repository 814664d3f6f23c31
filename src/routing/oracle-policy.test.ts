import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../types.js';
import { bestSinglePolicy, cheapestPolicy, greedyPolicy, randomPolicy } from './baseline-policies.js';
import { expectedOutcome } from './expected-outcome.js';
import { oraclePolicy } from './oracle-policy.js';
import { testCatalog } from './test-catalog.js';
import type { PolicyContext } from './types.js';

const planArb = fc.array(fc.record({ task: fc.constantFrom('A', 'B', 'C'), parent: fc.nat() }), { minLength: 1, maxLength: 6 }).map(
  (spec): Plan => ({
    nodes: spec.map((s, i) => ({ id: `node-${i}`, task: s.task, deps: i === 0 ? [] : [`node-${s.parent % i}`] })),
  }),
);

describe('oracle', () => {
  it('is never beaten in expected reward by any other policy (property over plans, weights and seeds)', () => {
    fc.assert(
      fc.property(planArb, fc.constantFrom(0.5, 10, 60), fc.constantFrom(0, 0.02, 0.2), fc.boolean(), fc.nat(), (plan, lc, ll, fallback, seed) => {
        let s = seed;
        const ctx: PolicyContext = {
          catalog: testCatalog,
          weights: { lambdaCost: lc, lambdaLatency: ll },
          execution: { fallback },
          random: () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648),
        };
        const value = (a: ReturnType<typeof randomPolicy.assign>): number => expectedOutcome(plan, a, testCatalog, testCatalog.estimate, ctx.execution, ctx.weights).reward;
        const oracle = value(oraclePolicy(testCatalog.estimate).assign(plan, ctx));
        for (const p of [randomPolicy, cheapestPolicy, bestSinglePolicy, greedyPolicy(testCatalog.estimate)]) {
          expect(value(p.assign(plan, ctx))).toBeLessThanOrEqual(oracle + 1e-12);
        }
      }),
      { numRuns: 150, seed: 4 },
    );
  });

  it('coordinate ascent (large plans) still never falls below greedy', () => {
    const plan: Plan = { nodes: Array.from({ length: 9 }, (_, i) => ({ id: `node-${i}`, task: i % 2 ? 'A' : 'C', deps: i ? [`node-${i - 1}`] : [] })) };
    const ctx: PolicyContext = { catalog: testCatalog, weights: { lambdaCost: 10, lambdaLatency: 0.02 }, execution: { fallback: true } };
    const value = (a: ReturnType<typeof randomPolicy.assign>): number => expectedOutcome(plan, a, testCatalog, testCatalog.estimate, ctx.execution, ctx.weights).reward;
    const ascent = oraclePolicy(testCatalog.estimate, { exhaustiveLimit: 1 }).assign(plan, ctx);
    const exact = oraclePolicy(testCatalog.estimate).assign(plan, ctx);
    expect(value(ascent)).toBeGreaterThanOrEqual(value(greedyPolicy(testCatalog.estimate).assign(plan, ctx)) - 1e-12);
    expect(value(ascent)).toBeCloseTo(value(exact), 6);
  });
});
