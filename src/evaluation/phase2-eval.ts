import { loadConfig, resolveFrom, type LoadedConfig } from '../config/load.js';
import { loadPhase1Selector } from '../routing/phase1-policy.js';
import { bestSinglePolicy, cheapestPolicy, greedyPolicy, randomPolicy } from '../routing/baseline-policies.js';
import { ObservedStats } from '../routing/observed-stats.js';
import { oraclePolicy } from '../routing/oracle-policy.js';
import { ppoPolicyFromCheckpoint } from '../routing/ppo-policy.js';
import type { PolicyContext, RewardWeights, RoutingPolicy } from '../routing/types.js';
import type { Plan } from '../types.js';
import { checkpointExists, loadCheckpoint } from '../training/phase2/checkpoint.js';
import { simulateRun, type RunOutcome } from '../training/phase2/fast-sim.js';
import { createPhase2Env, presetWeights, type Phase2Env, type PresetName } from '../training/phase2/phase2-env.js';
import { createRng } from '../training/phase2/rng.js';
import { defaultPhase2CheckpointDir, runEpisode, runReward } from '../training/phase2/trainer.js';

export interface PolicyScore {
  readonly reward: number;
  readonly success: number;
  readonly cost_usd: number;
  readonly latency_s: number;
  /** Standard error of the mean reward. */
  readonly reward_se: number;
}

export interface CurvePoint {
  readonly lambda_cost: number;
  readonly policy: string;
  readonly success: number;
  readonly cost_usd: number;
  readonly reward: number;
}

export interface Phase2EvalReport {
  readonly domain: string;
  readonly preset: string;
  readonly lambda_cost: number;
  readonly lambda_latency: number;
  readonly episodes: number;
  readonly seed: number;
  readonly engine: 'executor' | 'fast';
  readonly held_out_plans: number;
  readonly policies: Readonly<Record<string, PolicyScore>>;
  /** (ppo - random) / (oracle - random), mean reward. */
  readonly gap_closed?: number;
  readonly cost_quality_curve: readonly CurvePoint[];
  readonly notes: readonly string[];
}

export interface Phase2EvalOptions {
  readonly domain: string;
  readonly episodes: number;
  readonly seed: number;
  readonly preset?: PresetName;
  readonly config?: string;
  readonly loaded?: LoadedConfig;
  readonly checkpointDir?: string;
  readonly engine?: 'executor' | 'fast';
  /** lambda_cost values of the cost-quality curve (run at lambda_latency 0, so only cost trades against success). @default [0, 0.3, 1, 3, 10, 30, 100] */
  readonly curveLambdas?: readonly number[];
  /** Episodes per curve point. @default min(episodes, 200) */
  readonly curveEpisodes?: number;
  /** More policies to score, e.g. the Phase 1 selector as `phase1` once the learned planner provides one. */
  readonly extraPolicies?: readonly RoutingPolicy[];
}

const round = (x: number): number => Number(x.toPrecision(6));

/** Observed statistics for greedy when no checkpoint carries them: random-policy runs on the training plans. */
function exploreStats(env: Phase2Env, weights: RewardWeights, seed: number, episodes: number): ObservedStats {
  const stats = new ObservedStats(env.catalog.profiles);
  const rng = createRng(seed ^ 0x5eed);
  const ctx: PolicyContext = { catalog: env.catalog, weights, execution: env.execution, random: () => rng.next() };
  for (let k = 0; k < episodes; k++) {
    const plan = env.plans.train[rng.int(env.plans.train.length)] as Plan;
    const out = simulateRun(plan, randomPolicy.assign(plan, ctx), env.catalog.candidatesFor, env.catalog.estimate, env.execution, rng);
    for (const c of out.calls) stats.record(c.worker, c.task, c);
  }
  return stats;
}

async function scorePolicy(
  env: Phase2Env,
  engine: 'executor' | 'fast',
  policy: RoutingPolicy,
  plans: readonly Plan[],
  weights: RewardWeights,
  seed: number,
): Promise<{ score: PolicyScore; outcomes: RunOutcome[] }> {
  const pick = createRng(seed ^ 0x9a11);
  const ctx: PolicyContext = { catalog: env.catalog, weights, execution: env.execution, random: () => pick.next() };
  const outcomes: RunOutcome[] = [];
  for (let k = 0; k < plans.length; k++) {
    const plan = plans[k] as Plan;
    // Common random numbers: episode k draws the same way whatever the policy, so differences are the policies'.
    const draw = createRng((seed * 7919 + k) >>> 0);
    outcomes.push(await runEpisode(env, engine, plan, policy.assign(plan, ctx), draw, (seed + k) >>> 0));
  }
  const rewards = outcomes.map((o) => runReward(o, weights));
  const n = Math.max(1, outcomes.length);
  const mean = rewards.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(rewards.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1));
  return {
    outcomes,
    score: {
      reward: round(mean),
      success: round(outcomes.reduce((a, o) => a + o.success, 0) / n),
      cost_usd: round(outcomes.reduce((a, o) => a + o.costUsd, 0) / n),
      latency_s: round(outcomes.reduce((a, o) => a + o.latencyMs / 1000, 0) / n),
      reward_se: round(sd / Math.sqrt(n)),
    },
  };
}

/**
 * `orchestai eval phase2`: every policy on the same held-out plans and the
 * same random draws. PPO and greedy see only observed statistics (from the
 * checkpoint); best_single and the oracle use the catalogue's figures (the
 * zoo's true parameters for the oracle).
 */
export async function evaluatePhase2(options: Phase2EvalOptions): Promise<Phase2EvalReport> {
  const loaded = options.loaded ?? loadConfig(options.config);
  const cfg = loaded.config.training.phase2;
  const preset = options.preset ?? cfg.preset;
  const weights = presetWeights(cfg, preset);
  const engine = options.engine ?? cfg.engine;
  const env = createPhase2Env(loaded, options.domain);
  const notes: string[] = [];
  const held = env.plans.validation;
  if (held.length === 0) throw new Error(`no held-out plans for domain "${options.domain}"`);
  const sampler = createRng(options.seed);
  const plans = Array.from({ length: options.episodes }, () => held[sampler.int(held.length)] as Plan);

  const dir = options.checkpointDir ?? defaultPhase2CheckpointDir(loaded, options.domain);
  const policies: RoutingPolicy[] = [];
  let stats: ObservedStats;
  if (checkpointExists(dir)) {
    const ck = loadCheckpoint(dir);
    const ppo = ppoPolicyFromCheckpoint(ck, env.catalog.profiles);
    stats = ppo.stats;
    policies.push(ppo);
    if (ck.preset !== preset) notes.push(`the PPO checkpoint was trained for preset "${ck.preset}", evaluated under "${preset}"`);
  } else {
    notes.push(`no Phase 2 checkpoint in ${dir}: ppo not evaluated; greedy uses statistics from 2000 random runs`);
    stats = exploreStats(env, weights, options.seed, 2000);
  }
  policies.push(...(options.extraPolicies ?? []));
  if (!policies.some((p) => p.name === 'phase1')) {
    const phase1 = loadPhase1Selector(resolveFrom(loaded, loaded.config.planner.checkpoint_dir), options.domain);
    if (phase1) {
      policies.push(phase1);
      if (phase1.headWorkers.length <= 1) {
        notes.push(`phase1: the planner's worker head has no choice to make (outputs: ${phase1.headWorkers.join(', ')}), so it is the catalogue's first candidate per node, as the runtime routed before Phase 2`);
      }
    }
  }
  policies.push(randomPolicy, cheapestPolicy, bestSinglePolicy, greedyPolicy(stats.estimate), oraclePolicy(env.catalog.estimate));
  if (!policies.some((p) => p.name === 'phase1')) notes.push('phase1: not evaluated (no planner checkpoint for this domain)');

  const scores: Record<string, PolicyScore> = {};
  for (const p of policies) scores[p.name] = (await scorePolicy(env, engine, p, plans, weights, options.seed)).score;

  const curve: CurvePoint[] = [];
  const curvePlans = plans.slice(0, options.curveEpisodes ?? Math.min(options.episodes, 200));
  for (const lambdaCost of options.curveLambdas ?? [0, 0.3, 1, 3, 10, 30, 100]) {
    const w = { lambdaCost, lambdaLatency: 0 };
    for (const p of policies.filter((q) => q.name === 'ppo' || q.name === 'oracle' || q.name === 'greedy')) {
      const s = (await scorePolicy(env, engine, p, curvePlans, w, options.seed)).score;
      curve.push({ lambda_cost: lambdaCost, policy: p.name, success: s.success, cost_usd: s.cost_usd, reward: s.reward });
    }
  }
  const ppo = scores.ppo;
  const rnd = scores.random;
  const orc = scores.oracle;
  const gap = ppo && rnd && orc && orc.reward !== rnd.reward ? round((ppo.reward - rnd.reward) / (orc.reward - rnd.reward)) : undefined;
  return {
    domain: options.domain,
    preset,
    lambda_cost: weights.lambdaCost,
    lambda_latency: weights.lambdaLatency,
    episodes: options.episodes,
    seed: options.seed,
    engine,
    held_out_plans: held.length,
    policies: scores,
    ...(gap !== undefined ? { gap_closed: gap } : {}),
    cost_quality_curve: curve,
    notes,
  };
}
