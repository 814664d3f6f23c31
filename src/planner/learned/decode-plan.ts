import type { PlanNode } from '../../types.js';
import type { DecodedPlan } from './fast-net.js';

export interface DecodedNodes {
  readonly nodes: PlanNode[];
  /** Geometric mean of the decoder's step probabilities (END included), in [0, 1]. */
  readonly confidence: number;
}

/**
 * Turns the network's output into plan nodes. Only edges i -> j with i < j
 * (emission order) above `edgeThreshold` are kept, so the plan is a DAG by
 * construction whatever the scores are. A later node left without any parent
 * is attached to its most likely earlier parent when that edge scores at least
 * `orphanThreshold`: TaskBench plans are connected, and a lone node usually
 * means a slightly-too-strict threshold rather than an independent task.
 */
export function toPlanNodes(decoded: DecodedPlan, tasks: readonly string[], workers: readonly string[], edgeThreshold: number, orphanThreshold = edgeThreshold / 2): DecodedNodes {
  const n = decoded.tasks.length;
  const nodes: PlanNode[] = decoded.tasks.map((task, j) => {
    const deps: string[] = [];
    let best = -1;
    let bestP = 0;
    for (let i = 0; i < j; i++) {
      const p = decoded.edgeProbs[i * n + j] as number;
      if (p >= edgeThreshold) deps.push(`node-${i}`);
      if (p > bestP) {
        bestP = p;
        best = i;
      }
    }
    if (deps.length === 0 && best >= 0 && bestP >= orphanThreshold) deps.push(`node-${best}`);
    const probs = decoded.workerProbs[j];
    let worker: string | undefined;
    if (probs && workers.length > 1) {
      let w = 0;
      for (let k = 1; k < probs.length; k++) if ((probs[k] as number) > (probs[w] as number)) w = k;
      worker = workers[w];
    }
    return { id: `node-${j}`, task: tasks[task] ?? String(task), deps, ...(worker ? { worker } : {}) };
  });
  const logSum = decoded.stepProbs.reduce((s, p) => s + Math.log(Math.max(p, 1e-9)), 0);
  const confidence = decoded.stepProbs.length ? Math.exp(logSum / decoded.stepProbs.length) : 0;
  return { nodes, confidence };
}
