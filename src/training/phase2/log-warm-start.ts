import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { buildPlan } from '../../planner/plan-builder.js';
import type { ObservedStats } from '../../routing/observed-stats.js';
import type { RewardWeights } from '../../routing/types.js';
import type { ExecutionRecord, Plan } from '../../types.js';
import { behaviourClone, type CloneSample } from './behaviour-clone.js';
import type { ActorCritic } from './policy-net.js';
import { DecisionWalk, type FeatureInputs } from './state-features.js';

/** The parts of an ExecutionRecord warm start reads; other fields may change without breaking it. */
type LoggedRun = Pick<ExecutionRecord, 'domain' | 'instruction' | 'plan' | 'nodes' | 'totals'>;

function isLoggedRun(v: unknown): v is LoggedRun {
  if (!v || typeof v !== 'object') return false;
  const r = v as Partial<LoggedRun>;
  return typeof r.domain === 'string' && Array.isArray(r.plan?.nodes) && Array.isArray(r.nodes) && typeof r.totals?.costUsd === 'number';
}

/** Reads every `executions_*.jsonl` in `dir`; unreadable lines are skipped. */
export function readExecutionLogs(dir: string): LoggedRun[] {
  if (!existsSync(dir)) return [];
  const out: LoggedRun[] = [];
  for (const f of readdirSync(dir).filter((n) => /^executions_.*\.jsonl$/.test(n)).sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const v = JSON.parse(line) as unknown;
        if (isLoggedRun(v)) out.push(v);
      } catch {
        // A torn last line (crash mid-write) is expected now and then.
      }
    }
  }
  return out;
}

export interface WarmStartInput {
  readonly logsDir: string;
  readonly domain: string;
  readonly stats: ObservedStats;
  readonly net: ActorCritic;
  readonly optimizer: tf.Optimizer;
  readonly inputs: FeatureInputs;
  readonly epochs: number;
  readonly weights: RewardWeights;
}

/**
 * Learning from logs, two ways:
 *  1. every logged node result becomes an observation of its final worker
 *     (succeeded or not, cost, latency) in the observed statistics;
 *  2. the logged primary choices are behaviour-cloned, each run weighted by
 *     exp(standardised reward) so choices from good runs count more.
 * Logs only show each node's final worker, so a failed-then-fallback call
 * is seen as the fallback's success: the stats lean slightly optimistic.
 */
export function warmStartFromLogs(input: WarmStartInput): { records: number; calls: number; cloned: number } {
  const runs = readExecutionLogs(input.logsDir).filter((r) => r.domain === input.domain);
  let calls = 0;
  for (const r of runs) {
    for (const n of r.nodes) {
      if (!n.worker || n.status === 'skipped' || n.status === 'cancelled') continue;
      input.stats.record(n.worker, n.task, { succeeded: n.status === 'succeeded', costUsd: n.costUsd, latencyMs: n.latencyMs });
      calls++;
    }
  }
  const rewards = runs.map((r) => {
    const success = r.totals.status === 'succeeded' ? 1 : 0;
    return success - input.weights.lambdaCost * r.totals.costUsd - input.weights.lambdaLatency * (r.totals.criticalPathMs / 1000);
  });
  const mean = rewards.reduce((a, b) => a + b, 0) / Math.max(1, rewards.length);
  const std = Math.sqrt(rewards.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, rewards.length)) || 1;
  const samples: CloneSample[] = [];
  runs.forEach((r, k) => {
    const index = new Map(r.plan.nodes.map((n, i) => [n.id, i] as const));
    const plan: Plan = buildPlan(
      { tasks: r.plan.nodes.map((n) => n.task), links: r.plan.nodes.flatMap((n, i) => n.deps.map((d) => [index.get(d) ?? -1, i] as const)) },
      { name: 'log', version: '1', confidence: 1 },
      { instruction: r.instruction, domain: r.domain },
    );
    const walk = new DecisionWalk(plan, { ...input.inputs, estimate: input.stats.estimate });
    const weight = Math.exp(Math.max(-3, Math.min(3, ((rewards[k] ?? mean) - mean) / std)));
    while (!walk.done) {
      const d = walk.next();
      const logged = r.plan.nodes[index.get(d.node.id) ?? -1]?.worker ?? '';
      const action = d.candidates.indexOf(logged);
      if (d.candidates.length > 1 && action >= 0) samples.push({ state: d.state, workers: d.workers, action, weight });
      walk.choose(action >= 0 ? logged : (d.candidates[0] as string));
    }
  });
  if (samples.length > 0 && input.epochs > 0) behaviourClone(input.net, input.optimizer, samples, input.epochs);
  return { records: runs.length, calls, cloned: samples.length };
}
