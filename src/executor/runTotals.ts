import type { NodeResult, RunTotals } from '../types.js';

/**
 * Longest dependency chain by node latency: each node ends `latency` after
 * the latest of its parents, over a topological order, so O(nodes + edges).
 */
export function criticalPathMs(
  latencyMs: ArrayLike<number>,
  topoOrder: ArrayLike<number>,
  parentStart: ArrayLike<number>,
  parentList: ArrayLike<number>,
): number {
  const endAt = new Float64Array(latencyMs.length);
  let longest = 0;
  for (let k = 0; k < topoOrder.length; k++) {
    const v = topoOrder[k] as number;
    let start = 0;
    for (let e = parentStart[v] as number; e < (parentStart[v + 1] as number); e++) {
      const p = parentList[e] as number;
      if ((endAt[p] as number) > start) start = endAt[p] as number;
    }
    const end = start + (latencyMs[v] as number);
    endAt[v] = end;
    if (end > longest) longest = end;
  }
  return longest;
}

/** Sums over node results; speed-up is total node latency over wall time (0 for an instant run). */
export function runTotals(nodes: readonly NodeResult[], wallMs: number, criticalMs: number): RunTotals {
  let costUsd = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let latency = 0;
  for (const r of nodes) {
    costUsd += r.costUsd;
    inputTokens += r.usage.inputTokens;
    outputTokens += r.usage.outputTokens;
    latency += r.latencyMs;
  }
  return { costUsd, inputTokens, outputTokens, criticalPathMs: criticalMs, speedup: wallMs > 0 ? latency / wallMs : 0 };
}
