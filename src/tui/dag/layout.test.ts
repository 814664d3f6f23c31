import { describe, expect, it } from 'vitest';
import { assignLevels, edgesOf, orderByBarycenter } from './levels.js';
import { BOX_HEIGHT, layoutDag } from './layout.js';

const chain = [
  { id: 'a', deps: [] },
  { id: 'b', deps: ['a'] },
  { id: 'c', deps: ['b'] },
];
const diamondWithSkip = [
  { id: 'a', deps: [] },
  { id: 'b', deps: ['a'] },
  { id: 'c', deps: ['a'] },
  { id: 'd', deps: ['b', 'c', 'a'] },
];

describe('assignLevels', () => {
  it('puts each node one level below its deepest parent', () => {
    expect(Object.fromEntries(assignLevels(diamondWithSkip))).toEqual({ a: 0, b: 1, c: 1, d: 2 });
  });

  it('ignores unknown deps and survives a cycle', () => {
    const levels = assignLevels([
      { id: 'x', deps: ['y', 'ghost'] },
      { id: 'y', deps: ['x'] },
    ]);
    expect(levels.size).toBe(2);
    for (const l of levels.values()) expect(l).toBeGreaterThanOrEqual(0);
  });
});

describe('edgesOf / orderByBarycenter', () => {
  it('lists parent->child edges once, skipping self-loops and unknown ids', () => {
    expect(edgesOf([{ id: 'a', deps: ['a', 'zz'] }, { id: 'b', deps: ['a', 'a'] }])).toEqual([['a', 'b']]);
  });

  it('orders a level by the mean position of its parents', () => {
    const preds = new Map([
      ['p', ['y']],
      ['q', ['x']],
    ]);
    expect(orderByBarycenter([['x', 'y'], ['p', 'q']], preds)).toEqual([['x', 'y'], ['q', 'p']]);
  });
});

describe('layoutDag', () => {
  it('places levels left to right and connects each edge from the parent box to the child box', () => {
    const layout = layoutDag(chain, { width: 120 });
    const [a, b, c] = ['a', 'b', 'c'].map((id) => layout.boxes.find((x) => x.id === id)!);
    expect(a!.x).toBeLessThan(b!.x);
    expect(b!.x).toBeLessThan(c!.x);
    expect(layout.bands).toBe(1);
    for (const route of layout.routes) {
      const from = layout.boxes.find((x) => x.id === route.from)!;
      const to = layout.boxes.find((x) => x.id === route.to)!;
      expect(route.points[0]).toEqual([from.x + from.width, from.y + 1]);
      expect(route.points.at(-1)).toEqual([to.x - 1, to.y + 1]);
    }
  });

  it('stacks parallel branches in one column without overlap', () => {
    const layout = layoutDag(diamondWithSkip, { width: 120 });
    const b = layout.boxes.find((x) => x.id === 'b')!;
    const c = layout.boxes.find((x) => x.id === 'c')!;
    expect(b.x).toBe(c.x);
    expect(Math.abs(b.y - c.y)).toBeGreaterThanOrEqual(BOX_HEIGHT);
  });

  it('routes an edge that skips a level through a pass-through line', () => {
    const layout = layoutDag(diamondWithSkip, { width: 120 });
    expect(layout.passThroughs).toHaveLength(1);
    expect(layout.routes.some((r) => r.from === 'a' && r.to.startsWith('~'))).toBe(true);
  });

  it('never exceeds the terminal width, wrapping levels into bands at 80 and below', () => {
    const long = Array.from({ length: 6 }, (_, i) => ({ id: `n${i}`, deps: i ? [`n${i - 1}`] : [] }));
    for (const width of [200, 120, 80, 60]) {
      const layout = layoutDag(long, { width });
      expect(layout.width).toBeLessThanOrEqual(width);
      for (const box of layout.boxes) expect(box.x + box.width).toBeLessThanOrEqual(width);
    }
    const narrow = layoutDag(long, { width: 80 });
    expect(narrow.bands).toBeGreaterThan(1);
    const firstOfBand2 = narrow.boxes.find((b) => b.band === 1 && b.x === 0)!;
    expect(firstOfBand2.offBandParents).toHaveLength(1);
  });

  it('boxes never overlap', () => {
    const layout = layoutDag(diamondWithSkip, { width: 80 });
    for (const p of layout.boxes)
      for (const q of layout.boxes) {
        if (p === q) continue;
        const apart = p.x + p.width <= q.x || q.x + q.width <= p.x || p.y + p.height <= q.y || q.y + q.height <= p.y;
        expect(apart).toBe(true);
      }
  });

  it('lays out an empty plan as nothing', () => {
    expect(layoutDag([], { width: 80 }).height).toBe(0);
  });
});
