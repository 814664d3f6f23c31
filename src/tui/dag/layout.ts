/**
 * Places plan nodes in columns by topological level (left to right) and routes
 * edges through the gaps between columns. Levels that do not fit the terminal
 * width wrap into bands stacked top to bottom. Pure: the renderer and the tests
 * consume the numbers; nothing here knows about Ink.
 */
import { assignLevels, edgesOf, orderByBarycenter, type DagInputNode } from './levels.js';

export const BOX_HEIGHT = 4;
/** Box row edges attach to: the first content line, under the title border. */
const BOX_ANCHOR = 1;

export interface LayoutOptions {
  /** Columns available. */
  readonly width: number;
  readonly minBoxWidth?: number;
  readonly maxBoxWidth?: number;
}

export interface BoxPlacement {
  readonly id: string;
  readonly level: number;
  readonly band: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Parents drawn in an earlier band: the box names them since no line reaches it. */
  readonly offBandParents: readonly string[];
}

/** A long edge passing through a column: drawn as a horizontal line across the column. */
export interface PassThrough {
  readonly x: number;
  readonly y: number;
  readonly width: number;
}

export type Point = readonly [x: number, y: number];

/** Axis-aligned polyline; the last point is the arrow cell in front of the target. */
export interface EdgeRoute {
  readonly from: string;
  readonly to: string;
  readonly points: readonly Point[];
}

export interface DagLayout {
  readonly width: number;
  readonly height: number;
  readonly boxWidth: number;
  readonly bands: number;
  readonly boxes: readonly BoxPlacement[];
  readonly passThroughs: readonly PassThrough[];
  readonly routes: readonly EdgeRoute[];
}

interface Item {
  readonly id: string;
  readonly level: number;
  readonly dummy: boolean;
}

interface Structure {
  readonly columns: string[][];
  readonly items: Map<string, Item>;
  readonly preds: Map<string, string[]>;
  /** Adjacent-level pairs inside one band, each with the real edge it belongs to. */
  readonly segments: { a: string; b: string }[];
  readonly offBand: Map<string, string[]>;
  readonly channels: Map<number, number>;
  readonly hasOutgoing: Set<string>;
}

function buildStructure(nodes: readonly DagInputNode[], levelsPerBand: number): Structure {
  const levels = assignLevels(nodes);
  const maxLevel = Math.max(0, ...levels.values());
  const band = (level: number): number => Math.floor(level / levelsPerBand);
  const items = new Map<string, Item>();
  const columns: string[][] = Array.from({ length: maxLevel + 1 }, () => []);
  const preds = new Map<string, string[]>();
  const segments: { a: string; b: string }[] = [];
  const offBand = new Map<string, string[]>();
  for (const n of nodes) {
    const level = levels.get(n.id) ?? 0;
    items.set(n.id, { id: n.id, level, dummy: false });
    columns[level]?.push(n.id);
  }
  const link = (a: string, b: string): void => {
    segments.push({ a, b });
    preds.set(b, [...(preds.get(b) ?? []), a]);
  };
  for (const [p, c] of edgesOf(nodes)) {
    const lp = levels.get(p) ?? 0;
    const lc = levels.get(c) ?? 0;
    if (band(lp) !== band(lc)) {
      offBand.set(c, [...(offBand.get(c) ?? []), p]);
      continue;
    }
    let prev = p;
    for (let l = lp + 1; l < lc; l++) {
      const id = `~${p}>${c}@${l}`;
      items.set(id, { id, level: l, dummy: true });
      columns[l]?.push(id);
      link(prev, id);
      prev = id;
    }
    link(prev, c);
  }
  const channels = new Map<number, number>();
  const sourcesByLevel = new Map<number, Set<string>>();
  for (const s of segments) {
    const level = items.get(s.a)?.level ?? 0;
    const set = sourcesByLevel.get(level) ?? new Set<string>();
    set.add(s.a);
    sourcesByLevel.set(level, set);
  }
  for (const [level, set] of sourcesByLevel) channels.set(level, set.size);
  const hasOutgoing = new Set(segments.map((seg) => seg.a));
  return { columns: orderByBarycenter(columns, preds), items, preds, segments, offBand, channels, hasOutgoing };
}

/** Gap after `level`: a lead-out cell, one vertical channel per source, the arrow cell. */
function gapAfter(s: Structure, level: number): number {
  return Math.max(3, (s.channels.get(level) ?? 0) + 2);
}

function bandRanges(levelCount: number, perBand: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let start = 0; start < levelCount; start += perBand) ranges.push([start, Math.min(levelCount, start + perBand) - 1]);
  return ranges;
}

function gapsWidth(s: Structure, [from, to]: [number, number]): number {
  let w = 0;
  for (let l = from; l < to; l++) w += gapAfter(s, l);
  return w;
}

export function layoutDag(nodes: readonly DagInputNode[], options: LayoutOptions): DagLayout {
  const minW = options.minBoxWidth ?? 23;
  const maxW = options.maxBoxWidth ?? 36;
  if (nodes.length === 0) return { width: 0, height: 0, boxWidth: minW, bands: 0, boxes: [], passThroughs: [], routes: [] };
  const levelCount = Math.max(...assignLevels(nodes).values()) + 1;

  // Widest bands first: wrap only when the columns would not fit.
  let perBand = levelCount;
  let s = buildStructure(nodes, perBand);
  while (perBand > 1) {
    const fits = bandRanges(levelCount, perBand).every((r) => (r[1] - r[0] + 1) * minW + gapsWidth(s, r) <= options.width);
    if (fits) break;
    perBand -= 1;
    s = buildStructure(nodes, perBand);
  }
  const ranges = bandRanges(levelCount, perBand);
  let boxWidth = maxW;
  for (const r of ranges) boxWidth = Math.min(boxWidth, Math.floor((options.width - gapsWidth(s, r)) / (r[1] - r[0] + 1)));
  boxWidth = Math.max(Math.min(minW, Math.max(12, options.width)), Math.min(maxW, boxWidth));

  const pos = new Map<string, { x: number; y: number; anchor: number }>();
  const boxes: BoxPlacement[] = [];
  const passThroughs: PassThrough[] = [];
  const columnX = new Map<number, number>();
  let top = 0;
  let width = 0;
  ranges.forEach((range, bandIndex) => {
    let x = 0;
    let bottom = top;
    for (let level = range[0]; level <= range[1]; level++) {
      columnX.set(level, x);
      let nextFree = top;
      let prevWasDummy = false;
      for (const id of s.columns[level] ?? []) {
        const item = s.items.get(id);
        if (!item) continue;
        const anchorOffset = item.dummy ? 0 : BOX_ANCHOR;
        const height = item.dummy ? 1 : BOX_HEIGHT;
        // A dummy line right under a box border would read as part of the box.
        if (nextFree > top && (item.dummy || prevWasDummy)) nextFree += 1;
        const parentAnchors = (s.preds.get(id) ?? []).map((p) => pos.get(p)?.anchor).filter((a): a is number => a !== undefined);
        const desired = parentAnchors.length
          ? Math.round(parentAnchors.reduce((a, b) => a + b, 0) / parentAnchors.length) - anchorOffset
          : top;
        // A lead-in on the same row as another source's lead-out would read as a false edge.
        const own = new Set(s.preds.get(id) ?? []);
        const blocked = new Set(
          (s.columns[level - 1] ?? [])
            .filter((p) => !own.has(p) && s.hasOutgoing.has(p))
            .map((p) => pos.get(p)?.anchor)
            .filter((a): a is number => a !== undefined),
        );
        let y = Math.max(nextFree, desired);
        while (level > range[0] && blocked.has(y + anchorOffset)) y += 1;
        pos.set(id, { x, y, anchor: y + anchorOffset });
        if (item.dummy) passThroughs.push({ x, y, width: boxWidth });
        else
          boxes.push({
            id,
            level,
            band: bandIndex,
            x,
            y,
            width: boxWidth,
            height,
            offBandParents: s.offBand.get(id) ?? [],
          });
        nextFree = y + height;
        prevWasDummy = item.dummy;
        bottom = Math.max(bottom, nextFree);
      }
      x += boxWidth + (level < range[1] ? gapAfter(s, level) : 0);
    }
    width = Math.max(width, x);
    top = bottom + 1;
  });

  const routes = routeEdges(s, pos, columnX, boxWidth);
  return { width, height: Math.max(0, top - 1), boxWidth, bands: ranges.length, boxes, passThroughs, routes };
}

function routeEdges(
  s: Structure,
  pos: ReadonlyMap<string, { x: number; y: number; anchor: number }>,
  columnX: ReadonlyMap<number, number>,
  boxWidth: number,
): EdgeRoute[] {
  // One vertical channel per source in each gap, ordered top to bottom, so two sources never share a vertical.
  const channelOf = new Map<string, number>();
  const byLevel = new Map<number, string[]>();
  for (const seg of s.segments) {
    const level = s.items.get(seg.a)?.level ?? 0;
    const list = byLevel.get(level) ?? [];
    if (!list.includes(seg.a)) list.push(seg.a);
    byLevel.set(level, list);
  }
  for (const list of byLevel.values()) {
    list.sort((a, b) => (pos.get(a)?.anchor ?? 0) - (pos.get(b)?.anchor ?? 0));
    list.forEach((id, i) => channelOf.set(id, i));
  }
  const routes: EdgeRoute[] = [];
  for (const seg of s.segments) {
    const a = pos.get(seg.a);
    const b = pos.get(seg.b);
    const level = s.items.get(seg.a)?.level ?? 0;
    const x0 = columnX.get(level);
    if (!a || !b || x0 === undefined) continue;
    const gapStart = x0 + boxWidth;
    const channelX = gapStart + 1 + (channelOf.get(seg.a) ?? 0);
    const arrowX = b.x - 1;
    routes.push({
      from: seg.a,
      to: seg.b,
      points: [
        [gapStart, a.anchor],
        [channelX, a.anchor],
        [channelX, b.anchor],
        [arrowX, b.anchor],
      ],
    });
  }
  return routes;
}
