import type { IndexLink } from './graph.js';

/**
 * Turns TaskBench's links-by-task-name into links by node index.
 *
 * When a task name occurs once the link is unambiguous. When it repeats
 * (`ASR -> Translation -> Summarization -> Translation -> Text-to-Video`),
 * each link, in the order given, takes the candidate pair (source occurrence,
 * target occurrence) that is best by, in turn:
 *   1. not a pair an earlier link already took;
 *   2. a target occurrence that has no parent yet (first unused occurrence);
 *   3. forward in node order (source before target), as TaskBench lists nodes
 *      in execution order;
 *   4. closest (smallest index distance);
 *   5. earliest target, then earliest source.
 * Self-loops are never produced. A link whose names match no pair returns null
 * for that link so the caller can report it.
 */
export function resolveNamedLinks(
  nodeNames: readonly string[],
  links: readonly { readonly source: string; readonly target: string }[],
): (IndexLink | null)[] {
  const positions = new Map<string, number[]>();
  nodeNames.forEach((name, i) => {
    const list = positions.get(name) ?? [];
    list.push(i);
    positions.set(name, list);
  });
  const taken = new Set<string>();
  const hasParent = new Set<number>();
  return links.map(({ source, target }) => {
    let best: { pair: IndexLink; score: readonly number[] } | null = null;
    for (const s of positions.get(source) ?? []) {
      for (const t of positions.get(target) ?? []) {
        if (s === t) continue;
        const score = [taken.has(`${s}>${t}`) ? 1 : 0, hasParent.has(t) ? 1 : 0, s < t ? 0 : 1, Math.abs(t - s), t, s] as const;
        if (!best || lexLess(score, best.score)) best = { pair: [s, t], score };
      }
    }
    if (!best) return null;
    taken.add(`${best.pair[0]}>${best.pair[1]}`);
    hasParent.add(best.pair[1]);
    return best.pair;
  });
}

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}
