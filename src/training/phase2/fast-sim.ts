import { workerChain } from '../../routing/expected-outcome.js';
import { nodeInputTokens, planGraph } from '../../routing/plan-graph.js';
import type { Assignment, EstimateFn, ExecutionModel } from '../../routing/types.js';
import type { Plan } from '../../types.js';
import { createRng, type Rng } from './rng.js';

/** 32-bit FNV-1a of a string. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One worker call as it happened (or was simulated): what ObservedStats learns from. */
export interface CallRecord {
  readonly worker: string;
  readonly task: string;
  readonly succeeded: boolean;
  readonly costUsd: number;
  readonly latencyMs: number;
}

/** What one run of a plan gave: the terms of the Phase 2 reward. */
export interface RunOutcome {
  /** 1 when every node succeeded, else 0. */
  readonly success: number;
  readonly costUsd: number;
  /** Critical path over the nodes that ran, by node latency (all calls of the node's chain). */
  readonly latencyMs: number;
  /** Per node id: what its calls cost (0 when skipped). */
  readonly nodeCostUsd: ReadonlyMap<string, number>;
  /** Per node id: the latency of all its calls (0 when skipped). */
  readonly nodeLatencyMs: ReadonlyMap<string, number>;
  readonly calls: readonly CallRecord[];
}

export interface FastSimOptions {
  /** Lognormal sigma of latency and cost noise around the estimate's mean (the zoo's latency_sigma). @default 0.25 */
  readonly sigma?: number;
}

/**
 * The fast path: samples a run straight from the per-call estimates (the
 * zoo's true parameters), with the executor's semantics (a failed call is
 * billed, then the next worker of the chain; nodes below a failed node are
 * skipped), without building workers, promises or events. Checked against
 * the executor path in fast-sim.test.ts.
 */
export function simulateRun(
  plan: Plan,
  assignment: Assignment,
  candidatesFor: (task: string) => readonly string[],
  estimate: EstimateFn,
  execution: ExecutionModel,
  rng: Rng,
  options: FastSimOptions = {},
): RunOutcome {
  const sigma = options.sigma ?? 0.25;
  // Each (node, worker) call draws from its own stream keyed by the episode's
  // seed, as the zoo keys its draws by call: two policies that make the same
  // call in the same episode see the same outcome, whatever else they chose.
  const episodeSeed = Math.floor(rng.next() * 4294967296);
  const g = planGraph(plan);
  const ok = g.nodes.map(() => false);
  const finish = g.nodes.map(() => 0);
  const nodeCostUsd = new Map<string, number>();
  const nodeLatencyMs = new Map<string, number>();
  const calls: CallRecord[] = [];
  let cost = 0;
  let latency = 0;
  for (const i of g.order) {
    const node = g.nodes[i];
    if (!node) continue;
    const parents = g.parents[i] ?? [];
    if (!parents.every((p) => ok[p])) {
      nodeCostUsd.set(node.id, 0);
      continue;
    }
    const candidates = candidatesFor(node.task);
    const primary = assignment.get(node.id) ?? candidates[0];
    if (!primary) throw new Error(`no worker serves task "${node.task}"`);
    const tokens = nodeInputTokens(plan, node);
    let nodeCost = 0;
    let nodeLatency = 0;
    for (const w of workerChain(primary, candidates, execution)) {
      const e = estimate(w, node.task, tokens);
      const draw = createRng((episodeSeed ^ fnv1a(`${node.id}\u0000${w}`)) >>> 0);
      const succeeded = draw.next() < e.successProb;
      const c = e.expectedCostUsd * Math.exp(sigma * draw.normal() - (sigma * sigma) / 2);
      const l = e.expectedLatencyMs * Math.exp(sigma * draw.normal() - (sigma * sigma) / 2);
      calls.push({ worker: w, task: node.task, succeeded, costUsd: c, latencyMs: l });
      nodeCost += c;
      nodeLatency += l;
      if (succeeded) {
        ok[i] = true;
        break;
      }
    }
    nodeCostUsd.set(node.id, nodeCost);
    nodeLatencyMs.set(node.id, nodeLatency);
    cost += nodeCost;
    finish[i] = Math.max(0, ...parents.map((p) => finish[p] ?? 0)) + nodeLatency;
    latency = Math.max(latency, finish[i] ?? 0);
  }
  return { success: ok.every(Boolean) ? 1 : 0, costUsd: cost, latencyMs: latency, nodeCostUsd, nodeLatencyMs, calls };
}
