/** Topological level assignment and in-level ordering for the DAG pane; pure so it is unit-tested apart from Ink. */

export interface DagInputNode {
  readonly id: string;
  readonly deps: readonly string[];
}

/**
 * Level = length of the longest dependency chain above the node, so every edge
 * points to a higher level. Unknown deps are ignored and a cycle (a malformed
 * plan) is cut where it closes instead of recursing forever.
 */
export function assignLevels(nodes: readonly DagInputNode[]): Map<string, number> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const levels = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (id: string): number => {
    const known = levels.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return -1;
    visiting.add(id);
    let level = 0;
    for (const dep of byId.get(id)?.deps ?? []) {
      if (!byId.has(dep) || dep === id) continue;
      const parent = visit(dep);
      if (parent >= 0) level = Math.max(level, parent + 1);
    }
    visiting.delete(id);
    levels.set(id, level);
    return level;
  };
  for (const n of nodes) visit(n.id);
  return levels;
}

/** Edges (parent -> child) between known nodes, in plan order, without duplicates or self-loops. */
export function edgesOf(nodes: readonly DagInputNode[]): [string, string][] {
  const ids = new Set(nodes.map((n) => n.id));
  const seen = new Set<string>();
  const edges: [string, string][] = [];
  for (const n of nodes) {
    for (const dep of n.deps) {
      const key = `${dep}\u0000${n.id}`;
      if (!ids.has(dep) || dep === n.id || seen.has(key)) continue;
      seen.add(key);
      edges.push([dep, n.id]);
    }
  }
  return edges;
}

/**
 * Orders each level by the mean position of its predecessors in the previous
 * level (one barycenter sweep): cheap and enough to untangle the small plans we draw.
 * `preds` maps an item to its predecessors in the previous level.
 */
export function orderByBarycenter(
  columns: readonly (readonly string[])[],
  preds: ReadonlyMap<string, readonly string[]>,
): string[][] {
  const out: string[][] = [];
  columns.forEach((column, level) => {
    if (level === 0) {
      out.push([...column]);
      return;
    }
    const prev = out[level - 1] ?? [];
    const pos = new Map(prev.map((id, i) => [id, i]));
    const keyed = column.map((id, i) => {
      const ps = (preds.get(id) ?? []).map((p) => pos.get(p)).filter((p): p is number => p !== undefined);
      const bary = ps.length ? ps.reduce((a, b) => a + b, 0) / ps.length : Number.POSITIVE_INFINITY;
      return { id, bary, i };
    });
    keyed.sort((a, b) => a.bary - b.bary || a.i - b.i);
    out.push(keyed.map((k) => k.id));
  });
  return out;
}
