import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidDag } from '../../data/graph.js';
import { toPlanNodes } from './decode-plan.js';

const decodedArb = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    tasks: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
    stepProbs: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n + 1, maxLength: n + 1 }),
    edgeProbs: fc.array(fc.float({ min: 0, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n }).map((a) => Float32Array.from(a)),
    workerProbs: fc.constant([] as Float32Array[]),
    setProbs: fc.constant(null),
  }),
);

describe('toPlanNodes', () => {
  it('always yields a DAG whose deps point to earlier nodes, whatever the edge scores', () => {
    fc.assert(
      fc.property(decodedArb, fc.double({ min: 0, max: 1, noNaN: true }), (decoded, threshold) => {
        const { nodes, confidence } = toPlanNodes(decoded, ['a', 'b', 'c', 'd', 'e'], ['w'], threshold);
        const index = new Map(nodes.map((n, i) => [n.id, i] as const));
        const links = nodes.flatMap((n, j) => n.deps.map((d) => [index.get(d) as number, j] as [number, number]));
        for (const [i, j] of links) expect(i).toBeLessThan(j);
        expect(isValidDag(nodes.length, links)).toBe(true);
        expect(confidence).toBeGreaterThanOrEqual(0);
        expect(confidence).toBeLessThanOrEqual(1 + 1e-9);
      }),
    );
  });

  it('keeps edges above the threshold and attaches an orphan to its likeliest parent', () => {
    const edgeProbs = Float32Array.from([0, 0.9, 0.1, 0, 0, 0.3, 0, 0, 0]);
    const { nodes } = toPlanNodes({ tasks: [0, 1, 2], stepProbs: [1, 1, 1, 1], edgeProbs, workerProbs: [], setProbs: null }, ['a', 'b', 'c'], ['w'], 0.5);
    expect(nodes.map((n) => n.deps)).toEqual([[], ['node-0'], ['node-1']]);
  });
});
