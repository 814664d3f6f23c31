import * as tf from '@tensorflow/tfjs';
import { defaultRunDir } from '../run-dir.js';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { loadConfig, resolveFrom, type LoadedConfig } from '../../config/load.js';
import type { OrchestConfig, Phase1Config } from '../../config/schema.js';
import { loadDomain, type Domain } from '../../data/domain.js';
import { buildWorkerRegistry } from '../../workers/registry.js';
import { loadDomainSamples } from '../../data/import-taskbench.js';
import { UserError } from '../../errors.js';
import { CHECKPOINT_FORMAT, readCheckpoint, writeCheckpoint, type CheckpointManifest } from '../../planner/learned/checkpoint.js';
import { toPlanNodes } from '../../planner/learned/decode-plan.js';
import { FastPlannerNet } from '../../planner/learned/fast-net.js';
import { buildPlannerModel, plannerForward, plannerForwardWithAttention, plannerLayersOf, type PlannerLayers } from '../../planner/learned/model.js';
import { CHECKPOINT_VERSION, type ModelSpec } from '../../planner/learned/spec.js';
import { PAD_ID } from '../../planner/learned/tokenizer.js';
import type { MetricsLine, TaskSample } from '../../types.js';
import { initBackend, type BackendInfo } from '../backend.js';
import { disposeBatch, encodeSamples, makeBatch, type BatchShape, type EncodedSample } from './batch.js';
import { phase1Loss } from './loss.js';
import { MetricsLog } from './metrics-log.js';
import { captureModel, captureOptimizer, restoreModel, restoreOptimizer, weightMapOf } from './model-io.js';
import { linkF1, nodeF1 } from './plan-f1.js';
import { prepareData, type PreparedData, type WorkerLabels } from './prepare.js';
import { bucketedBatches, seededRandom, shuffled } from './rng.js';
import { calibrateDecoding, describeCalibration, type Calibration } from './calibrate.js';
import { splitByHash, type SplitOptions } from '../../data/split.js';

export interface Phase1Options {
  readonly domain: string;
  /** Config to read defaults, data_dir and checkpoint_dir from. @default loadConfig() */
  readonly config?: LoadedConfig;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly lr?: number;
  readonly lambdaDag?: number;
  readonly seed?: number;
  /**
   * Ensemble member index: member k starts from initial seed `seed + 1000 k`
   * (weights, shuffling, dropout) on the same split, data and tokenizer. @default 0
   */
  readonly member?: number;
  /** @default <training.runs_dir>/phase1-<domain>-<time> */
  readonly runDir?: string;
  /** Continue the run in `runDir` from its last finished epoch. */
  readonly resume?: boolean;
  /** Where the best checkpoint is published at the end; null publishes nowhere. @default <planner.checkpoint_dir>/<domain> */
  readonly outDir?: string | null;
  /** Samples to train on instead of `data/<domain>/train.jsonl` (tests). */
  readonly samples?: readonly TaskSample[];
  /** Worker vocabulary and default labels of the worker-selector head. @default from the worker registry (sim zoo and configured providers) */
  readonly workerLabels?: WorkerLabels;
  /** @default 'auto' (tfjs-node, else wasm, else cpu) */
  readonly backend?: 'auto' | 'cpu' | 'wasm';
  /** Model size overrides (tests use tiny models). */
  readonly model?: Partial<{ vocabSize: number; maxTokens: number; embedDim: number; hidden: number; gnnLayers: number; maxNodes: number; dropout: number; setHidden: number; attention: ModelSpec['attention']; contextLayers: number }>;
  /** @default training.phase1.augmentation */
  readonly augmentation?: boolean;
  /** @default training.phase1.synthetic */
  readonly synthetic?: boolean;
  /** @default training.phase1.token_dropout */
  readonly tokenDropout?: number;
  /** Plain per-epoch lines on stderr. @default !process.stderr.isTTY */
  readonly printEpochs?: boolean;
}

export interface Phase1Hooks {
  readonly onMetrics?: (line: MetricsLine) => void;
  readonly signal?: AbortSignal;
}

export interface Phase1Result {
  readonly runDir: string;
  readonly bestDir: string;
  /** Published checkpoint, or null. */
  readonly checkpointDir: string | null;
  readonly bestEpoch: number;
  readonly bestMetrics: Readonly<Record<string, number>>;
  readonly epochsRun: number;
  readonly stopReason: 'completed' | 'early-stopped' | 'aborted';
  readonly backend: BackendInfo;
}

const trainerStateSchema = z.object({
  epoch: z.number().int().min(0),
  bestValLoss: z.number(),
  bestScore: z.number().default(-1),
  lr: z.number().positive().optional(),
  bestEpoch: z.number().int(),
  badEpochs: z.number().int().min(0),
  elapsedS: z.number().min(0),
  globalStep: z.number().int().min(0),
  optimizer: z.array(z.object({ name: z.string(), shape: z.array(z.number().int()) })),
  settings: z.object({ epochs: z.number(), batchSize: z.number(), lr: z.number(), lambdaDag: z.number(), seed: z.number() }),
});

interface Settings {
  epochs: number;
  batchSize: number;
  lr: number;
  lambdaDag: number;
  seed: number;
}

/** Worker vocabulary from the registry: every candidate of every task, labelled with each task's first candidate. */
function registryLabels(config: OrchestConfig, domain: Domain): WorkerLabels {
  try {
    const registry = buildWorkerRegistry(config, [domain]);
    const workers = [...new Set(domain.tools.flatMap((t) => registry.candidatesFor(t.id)))];
    if (workers.length === 0) return { workers: ['default'], defaultFor: () => undefined };
    return { workers, defaultFor: (task) => registry.candidatesFor(task)[0] };
  } catch {
    // No zoo for this domain: the head has a single class and learns nothing.
    return { workers: ['default'], defaultFor: () => undefined };
  }
}

function batchShapeOf(data: PreparedData): BatchShape {
  return { maxTokens: data.spec.maxTokens, maxNodes: data.spec.maxNodes, numTasks: data.spec.tasks.length };
}

/** Teacher-forced validation loss, batched. */
function validationLoss(layers: PlannerLayers, items: readonly EncodedSample[], data: PreparedData, batchSize: number, lambdaDag: number, setWeight: number): number {
  let sum = 0;
  let weight = 0;
  for (let s = 0; s < items.length; s += batchSize) {
    const chunk = items.slice(s, s + batchSize);
    const batch = makeBatch(chunk, batchShapeOf(data), data.prior);
    const value = tf.tidy(() => phase1Loss(plannerForward(layers, batch.inputs), batch, { lambdaDag, setWeight }).total.dataSync()[0] as number);
    disposeBatch(batch);
    sum += value * chunk.length;
    weight += chunk.length;
  }
  return weight ? sum / weight : 0;
}

/**
 * Task-set weight while training, before calibration picks the checkpoint's
 * own: 1 is the plain product of the decoder and the set head.
 */
const UNCALIBRATED_SET_WEIGHT = 1;

/** Greedy-decodes the validation samples with the plain-JS network (the serving path) and scores them. */
function validationScores(model: tf.LayersModel, data: PreparedData, edgeThreshold: number): Record<string, number> {
  const net = new FastPlannerNet(data.spec, weightMapOf(model), data.descTokens);
  const acc: Record<string, { node: number; link: number; n: number }> = {};
  const add = (key: string, node: number, link: number): void => {
    const a = (acc[key] ??= { node: 0, link: 0, n: 0 });
    a.node += node;
    a.link += link;
    a.n += 1;
  };
  for (const s of data.validation) {
    const ids = Array.from(data.tokenizer.encodePadded(s.instruction, data.spec.maxTokens)).filter((id) => id !== PAD_ID);
    const decoded = net.decode(ids, data.prior, { maxNodes: data.spec.maxNodes, noRepeat: true, setWeight: UNCALIBRATED_SET_WEIGHT });
    const { nodes } = toPlanNodes(decoded, data.spec.tasks, data.spec.workers, edgeThreshold);
    const predLinks = nodes.flatMap((n, j) => n.deps.map((d) => [Number(d.slice(5)), j] as [number, number]));
    const pred = { tasks: nodes.map((n) => n.task), links: predLinks };
    const gold = { tasks: s.tasks.map((t) => data.spec.tasks[t] ?? ''), links: s.links };
    const nf = nodeF1(pred, gold);
    const lf = linkF1(pred, gold);
    add('all', nf, lf);
    add(s.type, nf, lf);
  }
  const out: Record<string, number> = {};
  for (const [key, a] of Object.entries(acc)) {
    const prefix = key === 'all' ? 'val' : `val_${key}`;
    out[`${prefix}_node_f1`] = a.node / a.n;
    out[`${prefix}_link_f1`] = a.link / a.n;
  }
  return out;
}

function manifestFor(data: PreparedData, backend: BackendInfo, domain: string, epoch: number, metrics: Record<string, number>, split: ReturnType<typeof phase1Split>): CheckpointManifest {
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    domain,
    createdAt: new Date().toISOString(),
    backend: backend.name,
    spec: data.spec,
    descTokens: data.descTokens,
    prior: { toolLinks: data.toolLinks, linkRate: data.linkRate },
    edgeThreshold: 0.5,
    members: 1,
    dataHash: data.dataHash,
    metrics,
    epoch,
    split,
  };
}

/**
 * Publishes the checkpoint in `from` to `to` (atomically), after choosing its
 * task-set weight and retrieval-fallback threshold on the calibration split
 * (calibrate.ts).
 */
export function publishCheckpoint(args: {
  readonly from: string;
  readonly to: string;
  readonly domain: Domain;
  readonly samples: readonly TaskSample[];
  readonly split: SplitOptions;
  /** Beam width the planner will serve with (its confidences set the threshold). @default 1 */
  readonly beamWidth?: number;
  /** Called once the threshold is chosen, before anything is written (the trainer logs it). */
  readonly onCalibrated?: (calibration: Calibration) => void;
  /** Read after `onCalibrated`, so the published copy holds the final lines. */
  readonly metricsJsonl: () => string;
}): Calibration {
  const best = readCheckpoint(args.from, args.domain.name);
  const calibration = calibrateDecoding(best, args.domain, splitByHash(args.samples, args.split), args.beamWidth ?? 1);
  args.onCalibrated?.(calibration);
  writeCheckpoint(args.to, {
    manifest: {
      ...best.manifest,
      fallbackThreshold: calibration.threshold,
      setWeight: calibration.setWeight,
      metrics: { ...best.manifest.metrics, ...calibration.metrics },
    },
    modelTopology: best.modelTopology,
    weightSpecs: best.weightSpecs,
    weightData: best.weightData,
    memberWeightData: best.memberWeightData,
    tokenizer: best.tokenizer,
    metricsJsonl: args.metricsJsonl(),
  });
  return calibration;
}

/** The validation / calibration split of a Phase 1 run with this seed: every member of an ensemble shares it. */
export function phase1Split(p1: Phase1Config, seed: number): { seed: number; valFraction: number; calibrationFraction: number } {
  return { seed, valFraction: p1.val_fraction, calibrationFraction: p1.calibration_fraction };
}

/**
 * The run directory of a Phase 1 run (`options.runDir` or a new one under
 * `training.runs_dir`), created: a resume needs an explicit one that
 * `resumable` accepts (true, or why not); a new run refuses one that already
 * holds a metrics.jsonl.
 */
export function openRunDir(loaded: LoadedConfig, options: Pick<Phase1Options, 'runDir' | 'resume' | 'domain'>, resumable: (dir: string) => true | string = () => true): string {
  if (options.resume && !options.runDir) throw new UserError('phase1: --resume needs --run-dir (the run to continue)');
  const runDir = options.runDir ? resolve(options.runDir) : defaultRunDir(loaded, 'phase1', options.domain);
  if (options.resume) {
    const ok = resumable(runDir);
    if (ok !== true) throw new UserError(`phase1: ${ok}`);
  } else if (existsSync(join(runDir, 'metrics.jsonl'))) throw new UserError(`phase1: ${runDir} already holds a run; pass --resume to continue it or choose another --run-dir`);
  mkdirSync(runDir, { recursive: true });
  return runDir;
}

/**
 * Phase 1: supervised training of the planner on the domain's samples.
 * Writes `<run-dir>/metrics.jsonl` (a `start` line naming the backend, a
 * `step` line per batch, an `epoch` line per epoch, `checkpoint` lines when
 * the best model improves, a `done` line), stops early on the validation
 * loss, keeps the best model (mean validation node-F1 and link-F1 of
 * greedy plans) in `<run-dir>/best/` and the last epoch's state in
 * `<run-dir>/last/` for `resume`, and publishes the best checkpoint to
 * `outDir` at the end. Deterministic for a seed on a given backend.
 */
export async function runPhase1(options: Phase1Options, hooks: Phase1Hooks = {}): Promise<Phase1Result> {
  const loaded = options.config ?? loadConfig();
  const { config } = loaded;
  const p1 = config.training.phase1;
  const settings: Settings = {
    epochs: options.epochs ?? p1.epochs,
    batchSize: options.batchSize ?? p1.batch_size,
    lr: options.lr ?? p1.lr,
    lambdaDag: options.lambdaDag ?? p1.lambda_dag,
    seed: options.seed ?? p1.seed,
  };
  // The split and the data stay those of `seed`; a member only changes where training starts and how it walks.
  const initSeed = settings.seed + 1000 * (options.member ?? 0);
  for (const [key, value] of Object.entries(settings)) if (!Number.isFinite(value)) throw new UserError(`phase1: ${key} must be a number, got ${String(value)}`);
  if (settings.epochs < 1 || settings.batchSize < 1 || settings.lr <= 0 || settings.lambdaDag < 0) throw new UserError('phase1: epochs and batch size must be >= 1, lr > 0 and lambda-dag >= 0');
  const runDir = openRunDir(loaded, options, (dir) => existsSync(join(dir, 'last', 'trainer.json')) || `nothing to resume in ${dir} (no last/trainer.json)`);
  const lastDir = join(runDir, 'last');
  const bestDir = join(runDir, 'best');
  const metricsFile = join(runDir, 'metrics.jsonl');

  const backend = await initBackend({ prefer: options.backend ?? 'auto' });
  const dataDir = resolveFrom(loaded, config.planner.data_dir);
  const domain = loadDomain(dataDir, options.domain);
  const samples = options.samples ?? loadDomainSamples(dataDir, options.domain).samples;
  const m = config.planner.model;
  const workerLabels = options.workerLabels ?? registryLabels(config, domain);
  const split = phase1Split(p1, settings.seed);
  const data = prepareData(
    domain,
    samples,
    {
      vocabSize: options.model?.vocabSize ?? m.vocab_size,
      maxTokens: options.model?.maxTokens ?? m.max_tokens,
      embedDim: options.model?.embedDim ?? m.embed_dim,
      hidden: options.model?.hidden ?? m.hidden,
      gnn: m.gnn,
      gnnLayers: options.model?.gnnLayers ?? m.gnn_layers,
      maxNodes: options.model?.maxNodes ?? Math.min(config.planner.max_nodes, m.train_max_nodes),
      dropout: options.model?.dropout ?? m.dropout,
      setHidden: options.model?.setHidden ?? m.set_hidden,
      attention: options.model?.attention ?? m.attention,
      contextLayers: options.model?.contextLayers ?? m.context_layers,
    },
    { ...split, augmentation: options.augmentation ?? p1.augmentation, synthetic: options.synthetic ?? p1.synthetic, syntheticCount: p1.synthetic_count, stepPhrasing: p1.step_phrasing },
    workerLabels,
    initSeed,
  );
  if (data.train.length === 0) throw new UserError(`phase1: no usable training samples for domain ${options.domain}`);

  let model: tf.LayersModel;
  let layers: PlannerLayers;
  let startEpoch = 0;
  let bestValLoss = Infinity;
  let bestScore = -1;
  let bestEpoch = -1;
  let badEpochs = 0;
  let globalStep = 0;
  let offsetS = 0;
  let lr = settings.lr;
  const optimizer = tf.train.adam(lr);
  // tfjs keeps the rate in a protected field; halving it keeps Adam's moments, unlike a new optimizer.
  const setLearningRate = (value: number): void => {
    (optimizer as unknown as { learningRate: number }).learningRate = value;
  };
  let optimizerState: { specs: { name: string; shape: number[] }[]; data: Uint8Array } | null = null;
  if (options.resume) {
    const last = readCheckpoint(lastDir, options.domain);
    const state = trainerStateSchema.safeParse(JSON.parse(readFileSync(join(lastDir, 'trainer.json'), 'utf8')));
    if (!state.success) throw new UserError(`phase1: corrupt ${join(lastDir, 'trainer.json')}: ${state.error.issues[0]?.message ?? 'invalid'}`);
    if (last.manifest.dataHash !== data.dataHash) throw new UserError(`phase1: cannot resume ${runDir}: its data hash differs from the current data (${last.manifest.dataHash} vs ${data.dataHash})`);
    model = await restoreModel(last);
    layers = plannerLayersOf(model, data.spec);
    startEpoch = state.data.epoch;
    bestValLoss = state.data.bestValLoss;
    bestScore = state.data.bestScore;
    lr = state.data.lr ?? lr;
    setLearningRate(lr);
    bestEpoch = state.data.bestEpoch;
    badEpochs = state.data.badEpochs;
    globalStep = state.data.globalStep;
    offsetS = state.data.elapsedS;
    optimizerState = { specs: state.data.optimizer, data: new Uint8Array(readFileSync(join(lastDir, 'optimizer.bin'))) };
  } else {
    ({ model, layers } = buildPlannerModel(data.spec, data.descTokens));
  }
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  if (optimizerState) await restoreOptimizer(optimizer, optimizerState.specs, optimizerState.data);

  const log = new MetricsLog(metricsFile, hooks.onMetrics, offsetS);
  const printEpochs = options.printEpochs ?? !process.stderr.isTTY;
  const encTrain = encodeSamples(data.train, data.tokenizer, data.spec.maxTokens);
  const encVal = encodeSamples(data.validation, data.tokenizer, data.spec.maxTokens);
  const stepsPerEpoch = Math.ceil(encTrain.length / settings.batchSize);
  const lengths = encTrain.map((e) => e.length);
  const totalSteps = stepsPerEpoch * settings.epochs;
  log.write({
    kind: 'start',
    epoch: startEpoch,
    total_epochs: settings.epochs,
    total_steps: totalSteps,
    message:
      `backend: ${backend.description}; domain ${options.domain}: ${data.train.length} train (${data.report.train} real, ` +
      `${data.report.augmentation?.produced ?? 0} augmented, ${data.report.stepPhrasing?.produced ?? 0} step-phrased, ${data.report.synthetic?.produced ?? 0} synthetic) / ${data.validation.length} validation samples` +
      (data.skipped ? ` (${data.skipped} skipped: task outside the catalogue)` : '') +
      `; ${model.countParams()} parameters; gnn ${data.spec.gnn}; attention ${data.spec.attention}` +
      (p1.attention_guide > 0 ? ` (guided on ${encTrain.filter((e) => e.tokenSpans).length} samples, weight ${p1.attention_guide})` : '') +
      (options.resume ? `; resumed after epoch ${startEpoch}` : ''),
  });

  let stopReason: Phase1Result['stopReason'] = 'completed';
  let epoch = startEpoch;
  const shape = batchShapeOf(data);
  const tokenDropout = options.tokenDropout ?? p1.token_dropout;
  for (; epoch < settings.epochs; epoch++) {
    if (hooks.signal?.aborted) {
      stopReason = 'aborted';
      break;
    }
    const batches = bucketedBatches(shuffled(encTrain.length, initSeed * 1000 + epoch), lengths, settings.batchSize, initSeed * 1000 + epoch + 1);
    const epochStart = performance.now();
    const sums = { loss: 0, ce: 0, dag: 0, n: 0 };
    for (const indices of batches) {
      if (hooks.signal?.aborted) break;
      const stepStart = performance.now();
      const batch = makeBatch(indices.map((i) => encTrain[i] as EncodedSample), shape, data.prior, tokenDropout, seededRandom(initSeed * 7919 + globalStep));
      let parts: [number, number, number] = [0, 0, 0];
      const loss = optimizer.minimize(
        () => {
          const { outputs, attention } = plannerForwardWithAttention(layers, batch.inputs, true, globalStep);
          const weights = { lambdaDag: settings.lambdaDag, setWeight: p1.set_weight, labelSmoothing: p1.label_smoothing, attentionWeight: p1.attention_guide };
          const p = phase1Loss(outputs, batch, weights, attention);
          parts = [p.total, p.ce, p.dag].map((t) => t.dataSync()[0] as number) as [number, number, number];
          return p.total;
        },
        true,
        vars,
      );
      loss?.dispose();
      disposeBatch(batch);
      globalStep++;
      sums.loss += parts[0] * batch.size;
      sums.ce += parts[1] * batch.size;
      sums.dag += parts[2] * batch.size;
      sums.n += batch.size;
      log.write({
        kind: 'step',
        epoch: epoch + 1,
        total_epochs: settings.epochs,
        step: globalStep,
        total_steps: totalSteps,
        metrics: { train_loss: parts[0], train_ce: parts[1], train_dag: parts[2], lr, examples_per_s: batch.size / ((performance.now() - stepStart) / 1000) },
      });
      // Let the event loop breathe once per step: the dashboard's keys (q, Ctrl-C) and redraws run in this process.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (hooks.signal?.aborted) {
      stopReason = 'aborted';
      break;
    }
    const trainSeconds = (performance.now() - epochStart) / 1000;
    const valLoss = validationLoss(layers, encVal, data, settings.batchSize, settings.lambdaDag, p1.set_weight);
    const scores = validationScores(model, data, 0.5);
    const metrics: Record<string, number> = {
      train_loss: sums.loss / Math.max(sums.n, 1),
      train_ce: sums.ce / Math.max(sums.n, 1),
      train_dag: sums.dag / Math.max(sums.n, 1),
      val_loss: valLoss,
      ...scores,
      lr,
      examples_per_s: sums.n / trainSeconds,
    };
    log.write({ kind: 'epoch', epoch: epoch + 1, total_epochs: settings.epochs, step: globalStep, total_steps: totalSteps, metrics });
    if (printEpochs) {
      process.stderr.write(
        `phase1 ${options.domain} epoch ${epoch + 1}/${settings.epochs}: train ${metrics.train_loss?.toFixed(4)} (ce ${metrics.train_ce?.toFixed(4)}, dag ${metrics.train_dag?.toFixed(4)})` +
          ` val ${valLoss.toFixed(4)} node-F1 ${(scores.val_node_f1 ?? 0).toFixed(3)} link-F1 ${(scores.val_link_f1 ?? 0).toFixed(3)} ${(sums.n / trainSeconds).toFixed(0)} ex/s ${log.elapsed().toFixed(0)}s\n`,
      );
    }
    const artifacts = await captureModel(model);
    // Early stopping watches the validation loss; the kept checkpoint is the epoch with the best
    // greedy-decoded plans (mean of node-F1 and link-F1): past the loss minimum the teacher-forced
    // loss rises from over-confidence while decoded plans still improve for an epoch or two.
    if (valLoss < bestValLoss - 1e-4) {
      bestValLoss = valLoss;
      badEpochs = 0;
    } else {
      badEpochs++;
      // Reduce on plateau: measured, at a constant 3e-3 the HF model's plans got worse after epoch 3.
      lr *= p1.lr_decay;
      setLearningRate(lr);
    }
    const score = ((scores.val_node_f1 ?? 0) + (scores.val_link_f1 ?? 0)) / 2;
    if (score > bestScore + 1e-6) {
      bestScore = score;
      bestEpoch = epoch + 1;
      writeCheckpoint(bestDir, { ...artifacts, manifest: manifestFor(data, backend, options.domain, epoch + 1, metrics, split), tokenizer: data.tokenizer, metricsJsonl: readFileSync(metricsFile, 'utf8') });
      log.write({ kind: 'checkpoint', epoch: epoch + 1, path: bestDir, metrics: { val_loss: valLoss, val_node_f1: scores.val_node_f1 ?? 0, val_link_f1: scores.val_link_f1 ?? 0 }, message: 'best validation plans so far' });
    }
    const opt = await captureOptimizer(optimizer);
    const state: z.infer<typeof trainerStateSchema> = { epoch: epoch + 1, bestValLoss, bestScore, lr, bestEpoch, badEpochs, elapsedS: log.elapsed(), globalStep, optimizer: opt.specs, settings };
    writeCheckpoint(lastDir, {
      ...artifacts,
      manifest: manifestFor(data, backend, options.domain, epoch + 1, metrics, split),
      tokenizer: data.tokenizer,
      extraFiles: { 'trainer.json': JSON.stringify(state), 'optimizer.bin': opt.data },
    });
    if (badEpochs >= p1.early_stopping_patience) {
      stopReason = 'early-stopped';
      epoch++;
      break;
    }
  }

  let checkpointDir: string | null = null;
  const outDir = options.outDir === undefined ? join(resolveFrom(loaded, config.planner.checkpoint_dir), options.domain) : options.outDir;
  const best = existsSync(join(bestDir, 'manifest.json')) ? readCheckpoint(bestDir, options.domain) : null;
  const publish = Boolean(outDir && best && stopReason !== 'aborted');
  const done = (): void => {
    log.write({
      kind: 'done',
      epoch,
      total_epochs: settings.epochs,
      step: globalStep,
      total_steps: totalSteps,
      ...(best ? { metrics: best.manifest.metrics } : {}),
      message: `${stopReason} after epoch ${epoch}; best epoch ${bestEpoch} (mean val node/link F1 ${bestScore.toFixed(4)}; lowest val loss ${bestValLoss.toFixed(4)})${publish ? `; checkpoint published to ${outDir}` : ''}`,
    });
  };
  if (publish && outDir) {
    publishCheckpoint({
      from: bestDir,
      to: resolve(outDir),
      domain,
      samples,
      split,
      beamWidth: config.planner.model.beam_width,
      onCalibrated: (c) => {
        log.write({ kind: 'info', epoch, metrics: c.metrics, message: describeCalibration(c) });
        done();
      },
      metricsJsonl: () => readFileSync(metricsFile, 'utf8'),
    });
    checkpointDir = resolve(outDir);
  } else done();
  model.dispose();
  optimizer.dispose();
  return { runDir, bestDir, checkpointDir, bestEpoch, bestMetrics: best?.manifest.metrics ?? {}, epochsRun: epoch - startEpoch, stopReason, backend };
}
