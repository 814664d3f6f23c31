import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { imputeMmlu, loadZooParams, parseZooParams } from './zoo-params.js';

describe('zoo parameters', () => {
  it('loads the shipped file with a source for every model', () => {
    const zoo = loadZooParams();
    expect(zoo.llms.length).toBe(8);
    expect(zoo.taskModels.length).toBeGreaterThanOrEqual(25);
    for (const m of [...zoo.llms, ...zoo.taskModels]) expect(m.source.length).toBeGreaterThan(10);
  });

  it('imputes only missing MMLU, from a line fitted on the others, within their range', () => {
    const haiku = loadZooParams().llms.find((m) => m.id === 'claude-3.5-haiku');
    expect(haiku?.mmluImputed).toBe(true);
    expect(haiku?.mmlu).toBeGreaterThan(75);
    expect(haiku?.mmlu).toBeLessThan(85);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (a, b) => {
        const known = [{ gpqa: 30, mmlu: 68 }, { gpqa: 60, mmlu: 88 }];
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(imputeMmlu(known, lo)).toBeLessThanOrEqual(imputeMmlu(known, hi));
      }),
    );
  });

  it('rejects a malformed file with the path of the problem', () => {
    expect(() => parseZooParams({ version: 1 }, 'zoo.yaml')).toThrow(/invalid zoo parameters zoo.yaml: rules/);
  });
});
