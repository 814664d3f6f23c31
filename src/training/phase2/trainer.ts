import * as tf from '@tensorflow/tfjs';
import { defaultRunDir } from '../run-dir.js';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig, resolveFrom, type LoadedConfig } from '../../config/load.js';
import { UserError } from '../../errors.js';
import { ObservedStats } from '../../routing/observed-stats.js';
import type { RewardWeights, RoutingPolicy } from '../../routing/types.js';
import { initFromPolicy } from './init-from-policy.js';
import type { MetricsLine, Plan } from '../../types.js';
import { initBackend } from '../backend.js';
import { checkpointExists, loadCheckpoint, saveCheckpoint, type Phase2Checkpoint } from './checkpoint.js';
import { executeForOutcome } from './executor-run.js';
import { simulateRun, type RunOutcome } from './fast-sim.js';
import { computeGae } from './gae.js';
import { createPhase2Env, presetWeights, type Phase2Env, type PresetName } from './phase2-env.js';
import { ActorCritic } from './policy-net.js';
import { ppoUpdate, type Decision } from './ppo.js';
import { createRng, type Rng } from './rng.js';
import { rolloutPlan, type RolloutStep } from './rollout.js';
import { stateDim, WORKER_DIM, type FeatureInputs, type FeatureSpec } from './state-features.js';
import { warmStartFromLogs } from './log-warm-start.js';
import { nodePenalties } from './credit.js';

export interface Phase2RunOptions {
  readonly domain: string;
  /** Config file (default: the usual lookup); ignored when `loaded` is given. */
  readonly config?: string;
  readonly loaded?: LoadedConfig;
  readonly preset?: PresetName;
  /** Where metrics.jsonl goes. @default <runs_dir>/phase2-<domain>-<time> */
  readonly runDir?: string;
  /** @default <checkpoint_dir>/<domain>/phase2 */
  readonly checkpointDir?: string;
  /** Continue from the checkpoint in `checkpointDir` (weights and observed statistics; Adam restarts). */
  readonly resume?: boolean;
  readonly iterations?: number;
  readonly seed?: number;
  readonly engine?: 'executor' | 'fast';
  readonly episodesPerIteration?: number;
  /**
   * Policy to start from (behaviour-cloned on the training plans before PPO):
   * the Phase 1 worker selector wrapped as a RoutingPolicy, when the learned
   * planner provides one. Ignored with `resume`.
   */
  readonly initPolicy?: RoutingPolicy;
}

export interface Phase2Hooks {
  readonly onMetrics?: (line: MetricsLine) => void;
  readonly signal?: AbortSignal;
}

export interface Phase2Result {
  readonly runDir: string;
  readonly metricsPath: string;
  readonly checkpointPath: string;
  readonly iterations: number;
  readonly final: Readonly<Record<string, number>>;
  readonly stopped: 'completed' | 'aborted';
}

export function defaultPhase2CheckpointDir(loaded: LoadedConfig, domain: string): string {
  return join(resolveFrom(loaded, loaded.config.planner.checkpoint_dir), domain, 'phase2');
}

/**
 * Per-step rewards: each decision gets its node's penalty (credit.ts); the
 * last also gets success and the penalties of nodes without a choice. They
 * add up to the run reward as long as the critical path equals the run's
 * latency (it does: both are the longest chain of node latencies).
 */
function stepRewards(plan: Plan, steps: readonly RolloutStep[], outcome: RunOutcome, weights: RewardWeights): number[] {
  const penalties = nodePenalties(plan, outcome, weights);
  const chosen = new Set(steps.map((s) => s.nodeId));
  let rest = 0;
  for (const [id, v] of penalties) if (!chosen.has(id)) rest += v;
  return steps.map((s, k) => (penalties.get(s.nodeId) ?? 0) + (k === steps.length - 1 ? outcome.success + rest : 0));
}

/** Reward weights around the preset's, for `weight_mixture` episodes. */
function randomWeights(preset: RewardWeights, rng: Rng): RewardWeights {
  const lambdaCost = rng.next() < 0.15 ? 0 : preset.lambdaCost * 10 ** (rng.next() * 2.5 - 1.5);
  const lambdaLatency = rng.next() < 0.25 ? 0 : preset.lambdaLatency * 10 ** (rng.next() * 2 - 1);
  return { lambdaCost, lambdaLatency };
}

export function runReward(outcome: RunOutcome, weights: RewardWeights): number {
  return outcome.success - weights.lambdaCost * outcome.costUsd - weights.lambdaLatency * (outcome.latencyMs / 1000);
}

/** Runs one episode of `plan` with `assignment` on the chosen engine. */
export async function runEpisode(env: Phase2Env, engine: 'executor' | 'fast', plan: Parameters<typeof simulateRun>[0], assignment: ReadonlyMap<string, string>, rng: Rng, workersSeed: number, signal?: AbortSignal): Promise<RunOutcome> {
  if (engine === 'fast') return simulateRun(plan, assignment, env.catalog.candidatesFor, env.catalog.estimate, env.execution, rng);
  return executeForOutcome(plan, assignment, env.workersFor(workersSeed), env.catalog.candidatesFor, env.catalog.estimate, env.execution, signal);
}

/**
 * Phase 2 training: PPO over per-node worker choices on the domain's training
 * plans, rewarded by success - lambda_cost * cost - lambda_latency * latency.
 * Writes metrics.jsonl (MetricsLine, phase 'phase2') and the checkpoint.
 */
export async function runPhase2(options: Phase2RunOptions, hooks: Phase2Hooks = {}): Promise<Phase2Result> {
  const loaded = options.loaded ?? loadConfig(options.config);
  const cfg = loaded.config.training.phase2;
  const preset = options.preset ?? cfg.preset;
  const weights = presetWeights(cfg, preset);
  const iterations = options.iterations ?? cfg.iterations;
  const seed = options.seed ?? cfg.seed;
  const engine = options.engine ?? cfg.engine;
  const episodesPerIteration = options.episodesPerIteration ?? cfg.episodes_per_iteration;
  if (!(iterations >= 1)) throw new UserError(`--iterations must be at least 1, got ${iterations}`);
  const t0 = Date.now();
  const runDir = options.runDir ? resolve(options.runDir) : defaultRunDir(loaded, 'phase2', options.domain);
  const checkpointDir = resolve(options.checkpointDir ?? defaultPhase2CheckpointDir(loaded, options.domain));
  mkdirSync(runDir, { recursive: true });
  const metricsPath = join(runDir, 'metrics.jsonl');
  const emit = (line: Omit<MetricsLine, 'phase' | 't' | 'elapsed_s'>): void => {
    const full: MetricsLine = { phase: 'phase2', t: new Date().toISOString(), elapsed_s: (Date.now() - t0) / 1000, ...line };
    appendFileSync(metricsPath, JSON.stringify(full) + '\n');
    hooks.onMetrics?.(full);
  };

  const backend = await initBackend({ prefer: 'cpu' });
  const env = createPhase2Env(loaded, options.domain);
  if (env.plans.train.length === 0) throw new UserError(`no training plans for domain "${options.domain}"`);
  const domain = env.domains.find((d) => d.name === options.domain);
  const spec: FeatureSpec = { tasks: domain ? domain.tools.map((t) => t.id) : [], embeddingDim: cfg.node_embedding_dim };
  const rng = createRng(seed);

  let net: ActorCritic;
  let stats: ObservedStats;
  let startIteration = 0;
  let episodesSoFar = 0;
  if (options.resume) {
    if (!checkpointExists(checkpointDir)) throw new UserError(`--resume: no Phase 2 checkpoint in ${checkpointDir}`);
    const ck = loadCheckpoint(checkpointDir);
    if (JSON.stringify(ck.features) !== JSON.stringify(spec)) throw new UserError(`--resume: the checkpoint in ${checkpointDir} was trained with other features (tasks or node_embedding_dim differ)`);
    net = ActorCritic.fromWeights(ck.net);
    stats = new ObservedStats(env.catalog.profiles, ck.stats);
    startIteration = ck.training.iterations;
    episodesSoFar = ck.training.episodes;
  } else {
    net = ActorCritic.create({ stateDim: stateDim(spec), workerDim: WORKER_DIM, hidden: cfg.hidden }, rng.fork());
    stats = new ObservedStats(env.catalog.profiles);
  }
  const optimizer = tf.train.adam(cfg.lr);
  emit({
    kind: 'start',
    total_steps: startIteration + iterations,
    message: `phase2 ppo domain=${options.domain} preset=${preset} lambda_cost=${weights.lambdaCost} lambda_latency=${weights.lambdaLatency} engine=${engine} backend=${backend.name} (${backend.description}) train_plans=${env.plans.train.length} held_out=${env.plans.validation.length} seed=${seed}`,
  });

  const inputs = (): FeatureInputs => ({
    spec,
    estimate: stats.estimate,
    count: (w, t) => stats.count(w, t),
    candidatesFor: env.catalog.candidatesFor,
    execution: env.execution,
    weights,
  });

  if (!options.resume && options.initPolicy) {
    const n = initFromPolicy(net, optimizer, options.initPolicy, env.plans.train, inputs(), { catalog: env.catalog, weights, execution: env.execution }, cfg.bc_epochs);
    emit({ kind: 'info', message: `initialised from ${options.initPolicy.name}: ${n} choices behaviour-cloned` });
  }
  if (!options.resume && cfg.warm_start_from_logs) {
    const logsDir = resolveFrom(loaded, loaded.config.logging.dir);
    const ws = warmStartFromLogs({ logsDir, domain: options.domain, stats, net, optimizer, inputs: inputs(), epochs: cfg.bc_epochs, weights });
    emit({ kind: 'info', message: `warm start from ${logsDir}: ${ws.records} runs, ${ws.calls} calls into observed stats, ${ws.cloned} choices behaviour-cloned` });
  }

  let final: Record<string, number> = {};
  let stopped: Phase2Result['stopped'] = 'completed';
  let it = startIteration;
  for (; it < startIteration + iterations; it++) {
    if (hooks.signal?.aborted) {
      stopped = 'aborted';
      break;
    }
    const tIter = Date.now();
    const feat = inputs();
    const episodes = Array.from({ length: episodesPerIteration }, () => {
      const plan = env.plans.train[rng.int(env.plans.train.length)];
      if (!plan) throw new Error('no plan');
      const w = rng.next() < cfg.weight_mixture ? randomWeights(weights, rng) : weights;
      return { plan, weights: w, rollout: rolloutPlan(plan, net, { ...feat, weights: w }, 'sample', rng) };
    });
    const workersSeed = (seed * 1_000_003 + it) >>> 0;
    const outcomes = await Promise.all(episodes.map((e) => runEpisode(env, engine, e.plan, e.rollout.assignment, rng, workersSeed)));
    // Instant simulated workers settle in microtasks; yield a macrotask so the dashboard's keys and redraws run.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const decisions: Decision[] = [];
    const rewards: number[] = [];
    const dones: boolean[] = [];
    let sumReward = 0;
    let sumSuccess = 0;
    let sumCost = 0;
    let sumLatency = 0;
    episodes.forEach((e, k) => {
      const outcome = outcomes[k] as RunOutcome;
      for (const c of outcome.calls) stats.record(c.worker, c.task, c);
      sumReward += runReward(outcome, weights);
      sumSuccess += outcome.success;
      sumCost += outcome.costUsd;
      sumLatency += outcome.latencyMs / 1000;
      const r = stepRewards(e.plan, e.rollout.steps, outcome, e.weights);
      e.rollout.steps.forEach((s, j) => {
        decisions.push(s);
        rewards.push(r[j] ?? 0);
        dones.push(j === e.rollout.steps.length - 1);
      });
    });
    let ppo = { policyLoss: 0, valueLoss: 0, entropy: 0, kl: 0, clipFrac: 0, minibatches: 0 };
    if (decisions.length > 0) {
      const { advantages, returns } = computeGae({ rewards, values: decisions.map((d) => d.value), dones, gamma: cfg.gamma, lambda: cfg.gae_lambda });
      ppo = ppoUpdate(net, optimizer, decisions, advantages, returns, {
        clip: cfg.clip,
        epochs: cfg.ppo_epochs,
        minibatchSize: cfg.minibatch_size,
        valueCoef: cfg.value_coef,
        entropyCoef: cfg.entropy_coef,
        maxGradNorm: cfg.max_grad_norm,
        targetKl: cfg.target_kl,
      }, rng);
    }
    episodesSoFar += episodesPerIteration;
    const n = episodesPerIteration;
    final = {
      reward: sumReward / n,
      success: sumSuccess / n,
      cost_usd: sumCost / n,
      latency_s: sumLatency / n,
      kl: ppo.kl,
      clip_frac: ppo.clipFrac,
      entropy: ppo.entropy,
      value_loss: ppo.valueLoss,
      lr: cfg.lr,
      episodes_per_s: n / Math.max(1e-3, (Date.now() - tIter) / 1000),
    };
    emit({ kind: 'step', step: it + 1, total_steps: startIteration + iterations, metrics: final });
  }

  const checkpoint: Phase2Checkpoint = {
    version: 1,
    kind: 'orchestai-phase2-ppo',
    domain: options.domain,
    preset,
    weights,
    features: { tasks: [...spec.tasks], embeddingDim: spec.embeddingDim },
    execution: { fallback: env.execution.fallback },
    net: net.toWeights(),
    stats: stats.toJSON(),
    training: { iterations: it, episodes: episodesSoFar, seed, engine, trainedAt: new Date().toISOString(), final },
  };
  const checkpointPath = saveCheckpoint(checkpointDir, checkpoint);
  emit({ kind: 'checkpoint', step: it, path: checkpointDir });
  emit({ kind: 'done', step: it, metrics: final, message: stopped === 'aborted' ? 'stopped: aborted' : `stopped: ${it} iterations done` });
  net.dispose();
  optimizer.dispose();
  return { runDir, metricsPath, checkpointPath, iterations: it, final, stopped };
}
