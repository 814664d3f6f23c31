import { chainExpectation, workerChain } from '../../routing/expected-outcome.js';
import { nodeInputTokens, planGraph, type PlanGraph } from '../../routing/plan-graph.js';
import type { EstimateFn, ExecutionModel, RewardWeights } from '../../routing/types.js';
import type { Plan, PlanNode } from '../../types.js';

/**
 * What the Phase 2 policy sees for one node decision. All worker quality
 * figures come from `estimate`, which in training and deployment is the
 * OBSERVED statistics (src/routing/observed-stats.ts), never the zoo's truth.
 *
 * state = [task one-hot | node embedding | run context | tasks still to choose (counts / 3)]
 * The last block lets the critic see what the rest of the plan will cost
 * (a video node ahead dwarfs everything else).
 * worker row = [observed success, chain success, cost, latency, local value, price, uncertainty, relative cost, budget share,
 *               local value / cost / latency standardised over the node's candidates]
 * The standardised columns make small but real differences (0.3 s of
 * latency between two LLMs is 0.005 of reward) as visible as large ones.
 *
 * The node embedding slot is `embeddingDim` wide (0 in the shipped
 * checkpoint). To plug the learned planner in: set `node_embedding_dim` to
 * its embedding size, pass `nodeEmbedding(plan, node)` returning the node's
 * vector, and retrain; without a vector the slot is zeros.
 */
export interface FeatureSpec {
  /** Task types in a fixed order (the domain catalogue's). */
  readonly tasks: readonly string[];
  readonly embeddingDim: number;
}

export const CONTEXT_DIM = 11;
export const WORKER_DIM = 12;

export function stateDim(spec: FeatureSpec): number {
  return 2 * spec.tasks.length + spec.embeddingDim + CONTEXT_DIM;
}

/** (x - mean) / sd over one node's candidates, clipped to [-3, 3]; zeros when they are all alike. */
function standardise(xs: readonly number[]): number[] {
  const n = xs.length;
  if (n < 2) return xs.map(() => 0);
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  if (!(sd > 1e-12 * Math.max(1, Math.abs(mean)))) return xs.map(() => 0);
  return xs.map((x) => Math.max(-3, Math.min(3, (x - mean) / sd)));
}

/** Signed log squash: keeps huge penalties (a 40-minute video call) from swamping the inputs. */
const squash = (x: number): number => Math.sign(x) * Math.log1p(Math.abs(x));

export type NodeEmbeddingFn = (plan: Plan, node: PlanNode) => ArrayLike<number> | undefined;

export interface FeatureInputs {
  readonly spec: FeatureSpec;
  readonly estimate: EstimateFn;
  readonly candidatesFor: (task: string) => readonly string[];
  readonly execution: ExecutionModel;
  readonly weights: RewardWeights;
  readonly budgetUsd?: number;
  /** Calls observed per (worker, task), for the uncertainty feature. */
  readonly count?: (workerId: string, task: string) => number;
  readonly nodeEmbedding?: NodeEmbeddingFn;
}

export interface NodeDecisionInput {
  readonly node: PlanNode;
  readonly candidates: readonly string[];
  readonly state: Float32Array;
  readonly workers: Float32Array[];
}

/**
 * Walks a plan's nodes in topological order, building each decision's
 * features from the choices made so far. Call `next()` for the next node's
 * features, then `choose(worker)` before the next `next()`.
 */
export class DecisionWalk {
  readonly graph: PlanGraph;
  private readonly inputs: FeatureInputs;
  private readonly plan: Plan;
  private step = 0;
  private successSoFar = 1;
  private costSoFar = 0;
  private readonly finish: number[];
  private readonly nodeSuccess: number[];
  /** Best chain success per node over its candidates: an optimistic view of the rest of the plan. */
  private readonly bestSuccess: number[];

  constructor(plan: Plan, inputs: FeatureInputs) {
    this.plan = plan;
    this.inputs = inputs;
    this.graph = planGraph(plan);
    this.finish = plan.nodes.map(() => 0);
    this.nodeSuccess = plan.nodes.map(() => 1);
    this.bestSuccess = plan.nodes.map((node) => {
      const c = inputs.candidatesFor(node.task);
      const tokens = nodeInputTokens(plan, node);
      return Math.max(0, ...c.map((w) => chainExpectation(workerChain(w, c, inputs.execution), node.task, tokens, inputs.estimate).success));
    });
  }

  get done(): boolean {
    return this.step >= this.graph.order.length;
  }

  private reach(i: number): number {
    let r = 1;
    for (const a of this.graph.ancestors[i] ?? []) r *= this.nodeSuccess[a] ?? 1;
    return r;
  }

  next(): NodeDecisionInput {
    const i = this.graph.order[this.step];
    if (i === undefined) throw new Error('DecisionWalk: no nodes left');
    const { spec, weights, execution, estimate } = this.inputs;
    const node = this.plan.nodes[i] as PlanNode;
    const candidates = this.inputs.candidatesFor(node.task);
    const n = this.plan.nodes.length;
    const tokens = nodeInputTokens(this.plan, node);
    let restSuccess = 1;
    for (let s = this.step + 1; s < this.graph.order.length; s++) restSuccess *= this.bestSuccess[this.graph.order[s] as number] ?? 1;
    const start = Math.max(0, ...(this.graph.parents[i] ?? []).map((p) => this.finish[p] ?? 0));
    const budgetLeft = this.inputs.budgetUsd === undefined ? 1 : Math.max(0, Math.min(1, (this.inputs.budgetUsd - this.costSoFar) / this.inputs.budgetUsd));

    const state = new Float32Array(stateDim(spec));
    const t = spec.tasks.indexOf(node.task);
    if (t >= 0) state[t] = 1;
    const emb = this.inputs.nodeEmbedding?.(this.plan, node);
    if (emb) for (let k = 0; k < Math.min(spec.embeddingDim, emb.length); k++) state[spec.tasks.length + k] = emb[k] ?? 0;
    const ctx = spec.tasks.length + spec.embeddingDim;
    state.set(
      [
        Math.log10(weights.lambdaCost + 1) / 2,
        Math.log10(1000 * weights.lambdaLatency + 1) / 2,
        this.step / n,
        n / 10,
        (this.graph.depth[i] ?? 0) / 5,
        (this.graph.descendants[i] ?? 0) / n,
        this.successSoFar,
        squash(weights.lambdaCost * this.costSoFar),
        squash((weights.lambdaLatency * start) / 1000),
        budgetLeft,
        restSuccess,
      ],
      ctx,
    );
    const ahead = ctx + CONTEXT_DIM;
    for (let s = this.step + 1; s < this.graph.order.length; s++) {
      const k = spec.tasks.indexOf(this.plan.nodes[this.graph.order[s] as number]?.task ?? '');
      if (k >= 0) state[ahead + k] = (state[ahead + k] ?? 0) + 1 / 3;
    }

    const reach = this.reach(i);
    const chains = candidates.map((w) => chainExpectation(workerChain(w, candidates, execution), node.task, tokens, estimate));
    const minCost = Math.max(1e-9, Math.min(...chains.map((c) => c.costUsd)));
    const locals = chains.map(
      (chain) => chain.success * restSuccess * this.successSoFar - reach * (weights.lambdaCost * chain.costUsd + (weights.lambdaLatency * chain.latencyMs) / 1000),
    );
    const zLocal = standardise(locals);
    const zCost = standardise(chains.map((c) => Math.log(c.costUsd + 1e-9)));
    const zLatency = standardise(chains.map((c) => Math.log(c.latencyMs + 1)));
    const workers = candidates.map((w, k) => {
      const e = estimate(w, node.task, tokens);
      const chain = chains[k] as (typeof chains)[number];
      const local = locals[k] ?? 0;
      const budgetShare = this.inputs.budgetUsd === undefined ? 0 : Math.min(2, chain.costUsd / Math.max(1e-9, this.inputs.budgetUsd - this.costSoFar));
      return Float32Array.from([
        e.successProb,
        chain.success,
        squash(weights.lambdaCost * chain.costUsd),
        squash((weights.lambdaLatency * chain.latencyMs) / 1000),
        squash(local),
        (Math.log10(e.expectedCostUsd + 1e-7) + 4) / 3,
        1 / Math.sqrt((this.inputs.count?.(w, node.task) ?? 0) + 1),
        Math.log10(chain.costUsd / minCost + 1e-9),
        budgetShare,
        zLocal[k] ?? 0,
        zCost[k] ?? 0,
        zLatency[k] ?? 0,
      ]);
    });
    return { node, candidates, state, workers };
  }

  /** Records the chosen primary worker of the node `next()` returned. */
  choose(workerId: string): void {
    const i = this.graph.order[this.step];
    if (i === undefined) throw new Error('DecisionWalk: no nodes left');
    const node = this.plan.nodes[i] as PlanNode;
    const candidates = this.inputs.candidatesFor(node.task);
    const e = chainExpectation(workerChain(workerId, candidates, this.inputs.execution), node.task, nodeInputTokens(this.plan, node), this.inputs.estimate);
    const reach = this.reach(i);
    this.nodeSuccess[i] = e.success;
    this.successSoFar *= e.success;
    this.costSoFar += reach * e.costUsd;
    const start = Math.max(0, ...(this.graph.parents[i] ?? []).map((p) => this.finish[p] ?? 0));
    this.finish[i] = start + reach * e.latencyMs;
    this.step++;
  }
}
