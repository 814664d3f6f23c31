import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import pLimit from 'p-limit';
import { loadConfig, resolveFrom } from '../../config/load.js';
import type { Phase1Config } from '../../config/schema.js';
import { loadDomain } from '../../data/domain.js';
import { loadDomainSamples } from '../../data/import-taskbench.js';
import { errorMessage, UserError } from '../../errors.js';
import { readCheckpoint, writeCheckpoint } from '../../planner/learned/checkpoint.js';
import type { MetricsLine } from '../../types.js';
import { parseMetricsText } from '../metrics-reader.js';
import type { MemberMessage } from './member-worker.js';
import { describeCalibration } from './calibrate.js';
import { openRunDir, phase1Split, publishCheckpoint, runPhase1, type Phase1Hooks, type Phase1Options, type Phase1Result } from './train.js';

/** Networks to train for `domain`: `training.phase1.members` as a number, or its entry for the domain (1 when absent). */
export function membersFor(p1: Phase1Config, domain: string): number {
  const m = p1.members;
  return typeof m === 'number' ? m : (m[domain] ?? 1);
}

export interface EnsembleResult extends Phase1Result {
  /** One result per member (a single network: just itself). */
  readonly members: readonly Phase1Result[];
}

const memberDir = (runDir: string, k: number): string => join(runDir, `member-${k}`);

/** A member run's metrics.jsonl lines that parse (a line cut short by a crash is skipped). */
function memberLines(dir: string): MetricsLine[] {
  const file = join(dir, 'metrics.jsonl');
  return existsSync(file) ? parseMetricsText(readFileSync(file, 'utf8')).lines : [];
}

/** Finished: a best checkpoint and a last `done` line that is not an interruption. */
function finished(dir: string): boolean {
  const done = memberLines(dir).findLast((l) => l.kind === 'done');
  return existsSync(join(dir, 'best', 'manifest.json')) && done !== undefined && !(done.message ?? '').startsWith('aborted');
}

/** Runs `runPhase1(options)` in a worker thread (member-worker.ts), relaying its metrics and honouring `signal`. */
function runInWorker(options: Phase1Options, onMetrics: (line: MetricsLine) => void, signal?: AbortSignal): Promise<Phase1Result> {
  // Under tsx or vitest this module is the TypeScript source, and so is the worker entry: the thread
  // first registers tsx's loader (a worker does not inherit the parent's), then imports it.
  const source = import.meta.url.endsWith('.ts');
  const entry = new URL(source ? './member-worker.ts' : './member-worker.js', import.meta.url).href;
  const worker = source
    ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { eval: true, workerData: options })
    : new Worker(new URL(entry), { workerData: options });
  const abort = (): void => worker.postMessage({ type: 'abort' });
  signal?.addEventListener('abort', abort, { once: true });
  return new Promise<Phase1Result>((resolvePromise, reject) => {
    let settled = false;
    worker.on('message', (message: MemberMessage) => {
      if (message.type === 'metrics') onMetrics(message.line);
      else if (message.type === 'result') {
        settled = true;
        resolvePromise(message.result);
      } else {
        settled = true;
        reject(message.exitCode === null ? new Error(message.message) : new UserError(message.message, message.exitCode));
      }
    });
    worker.on('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.on('exit', (code) => {
      signal?.removeEventListener('abort', abort);
      if (!settled) reject(new Error(`phase1: the training thread of ${options.runDir ?? 'a member'} exited with code ${code}`));
    });
  });
}

interface MemberRun {
  readonly members: number;
  readonly runDir: string;
  /** Members still to train (all, unless resuming). */
  readonly pending: readonly number[];
  readonly options: (k: number) => Phase1Options;
  /** Appends a line to the ensemble's metrics.jsonl and hands it to the caller. */
  readonly record: (line: MetricsLine) => void;
  /** Prefixes a member's start and done messages with "member k of M". */
  readonly labelled: (line: MetricsLine, k: number) => MetricsLine;
  readonly signal?: AbortSignal;
}

interface Trained {
  readonly results: Phase1Result[];
  /** Set when the run was interrupted (nothing is joined or published then). */
  readonly aborted: Phase1Result | null;
  /** Seconds the members took (the longest at once, the sum in turn), for the final line. */
  readonly secondsOffset: number;
}

/** Members one worker thread each, `cores` at a time; one failing stops the others, and so does the caller's signal. */
async function trainAtOnce(run: MemberRun, cores: number): Promise<Trained> {
  const lead = run.pending[0] as number;
  const limit = pLimit(cores);
  const stopAll = new AbortController();
  run.signal?.addEventListener('abort', () => stopAll.abort(), { once: true });
  const settled = await Promise.allSettled(
    run.pending.map((k) =>
      limit(async () => {
        if (stopAll.signal.aborted) return null;
        // The lead member's lines drive the dashboard's charts; the others report each epoch as an info line.
        const relay = (line: MetricsLine): void => {
          if (k === lead) run.record(run.labelled(line, k));
          else if (line.kind === 'epoch' || line.kind === 'done' || line.kind === 'start')
            run.record({
              kind: 'info',
              phase: 'phase1',
              t: line.t,
              elapsed_s: line.elapsed_s,
              ...(line.epoch !== undefined ? { epoch: line.epoch } : {}),
              message:
                line.kind === 'epoch'
                  ? `member ${k + 1} of ${run.members}, epoch ${line.epoch}: val node-F1 ${(line.metrics?.val_node_f1 ?? 0).toFixed(3)} link-F1 ${(line.metrics?.val_link_f1 ?? 0).toFixed(3)}`
                  : (run.labelled(line, k).message ?? ''),
            });
        };
        try {
          return await runInWorker(run.options(k), relay, stopAll.signal);
        } catch (err) {
          stopAll.abort();
          throw err;
        }
      }),
    ),
  );
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw UserError.isInstance(failure.reason) ? failure.reason : new Error(`phase1: a member failed: ${errorMessage(failure.reason)}`);
  const results = settled.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
  const aborted = results.find((r) => r.stopReason === 'aborted') ?? (run.signal?.aborted && results[0] ? { ...results[0], stopReason: 'aborted' as const } : null);
  const secondsOffset = Math.max(0, ...Array.from({ length: run.members }, (_, k) => memberLines(memberDir(run.runDir, k)).at(-1)?.elapsed_s ?? 0));
  return { results, aborted, secondsOffset };
}

/** Members one after the other in this thread; their lines go to the ensemble's metrics with steps and seconds continued. */
async function trainInTurn(run: MemberRun): Promise<Trained> {
  const results: Phase1Result[] = [];
  let stepOffset = 0;
  let secondsOffset = 0;
  for (let k = 0; k < run.members; k++) {
    const forward = (line: MetricsLine): void => {
      const total = line.total_steps;
      run.record({
        ...run.labelled(line, k),
        elapsed_s: Math.round((line.elapsed_s + secondsOffset) * 1000) / 1000,
        ...(line.step !== undefined ? { step: line.step + stepOffset } : {}),
        ...(total !== undefined ? { total_steps: total * run.members } : {}),
      });
    };
    const result = run.pending.includes(k) ? await runPhase1(run.options(k), { ...(run.signal ? { signal: run.signal } : {}), onMetrics: forward }) : null;
    if (result) {
      results.push(result);
      if (result.stopReason === 'aborted') return { results, aborted: result, secondsOffset };
    }
    const lines = memberLines(memberDir(run.runDir, k));
    stepOffset += lines.findLast((l) => l.step !== undefined)?.step ?? 0;
    secondsOffset += lines.at(-1)?.elapsed_s ?? 0;
  }
  return { results, aborted: null, secondsOffset };
}

/**
 * Phase 1 for `members` networks (an ensemble): member k trains with initial
 * seed `seed + 1000 k` on the same split, data and tokenizer, in
 * `<run-dir>/member-k/` (its own metrics.jsonl, best/ and last/): one worker
 * thread per core at a time (`parallel`, default when there are several
 * cores), else one after the other. Each member's result is the same either
 * way (deterministic for its seed). Their best checkpoints are then joined into one checkpoint
 * (`weights.bin`, `weights-1.bin`, ...) in `<run-dir>/best/`, whose decoding
 * (task-set weight, retrieval fallback) is calibrated on the ensemble's own
 * plans before it is published. `<run-dir>/metrics.jsonl` feeds the dashboard
 * and the monitor: sequentially, every member's lines (steps and seconds
 * numbered across members); in parallel, the first member's lines and an
 * `info` line per epoch of the others. `resume` skips finished members and resumes the
 * one that was interrupted. With one member this is `runPhase1`.
 */
export async function runPhase1Ensemble(options: Phase1Options & { readonly members?: number; readonly parallel?: boolean }, hooks: Phase1Hooks = {}): Promise<EnsembleResult> {
  const loaded = options.config ?? loadConfig();
  const { config } = loaded;
  const members = options.members ?? membersFor(config.training.phase1, options.domain);
  if (!Number.isInteger(members) || members < 1) throw new UserError(`phase1: members must be a positive integer, got ${members}`);
  if (members === 1) {
    const result = await runPhase1(options, hooks);
    return { ...result, members: [result] };
  }
  const runDir = openRunDir(loaded, options);
  const metricsFile = join(runDir, 'metrics.jsonl');

  const record = (line: MetricsLine): void => {
    appendFileSync(metricsFile, `${JSON.stringify(line)}\n`);
    hooks.onMetrics?.(line);
  };
  const run: MemberRun = {
    members,
    record,
    labelled: (line, k) => (line.kind === 'start' || line.kind === 'done' ? { ...line, message: `member ${k + 1} of ${members}: ${line.message ?? ''}` } : line),
    options: (k) => {
      const dir = memberDir(runDir, k);
      return { ...options, member: k, runDir: dir, outDir: null, resume: Boolean(options.resume && existsSync(join(dir, 'last', 'trainer.json'))) };
    },
    pending: Array.from({ length: members }, (_, k) => k).filter((k) => !(options.resume && finished(memberDir(runDir, k)))),
    runDir,
    ...(hooks.signal ? { signal: hooks.signal } : {}),
  };
  // One member per core: each trains single-threaded on wasm. Worker labels carry a function, which
  // cannot cross to a thread, so runs that pass their own (tests) stay sequential.
  const cores = options.parallel === false || options.workerLabels ? 1 : Math.min(run.pending.length, availableParallelism());
  const trained = cores > 1 ? await trainAtOnce(run, cores) : await trainInTurn(run);
  const { results } = trained;
  if (trained.aborted) return { ...trained.aborted, runDir, checkpointDir: null, members: results };
  if (hooks.signal?.aborted) {
    // Stopped before any member started.
    return { runDir, bestDir: join(runDir, 'best'), checkpointDir: null, bestEpoch: -1, bestMetrics: {}, epochsRun: 0, stopReason: 'aborted', backend: { name: 'none', description: 'not started' }, members: results };
  }
  const { secondsOffset } = trained;

  const parts = Array.from({ length: members }, (_, k) => readCheckpoint(join(memberDir(runDir, k), 'best'), options.domain));
  const first = parts[0] as (typeof parts)[number];
  for (const [k, part] of parts.entries()) {
    if (part.manifest.dataHash !== first.manifest.dataHash) throw new UserError(`phase1: member ${k} of ${runDir} was trained on other data (${part.manifest.dataHash} vs ${first.manifest.dataHash}); start a new run`);
    if (part.weightData.byteLength !== first.weightData.byteLength) throw new UserError(`phase1: member ${k} of ${runDir} has another model size; start a new run`);
  }
  const bestDir = join(runDir, 'best');
  writeCheckpoint(bestDir, {
    manifest: { ...first.manifest, members },
    modelTopology: first.modelTopology,
    weightSpecs: first.weightSpecs,
    weightData: first.weightData,
    memberWeightData: parts.slice(1).map((p) => p.weightData),
    tokenizer: first.tokenizer,
  });

  const outDir = options.outDir === undefined ? join(resolveFrom(loaded, config.planner.checkpoint_dir), options.domain) : options.outDir;
  const dataDir = resolveFrom(loaded, config.planner.data_dir);
  const p1 = config.training.phase1;
  const split = phase1Split(p1, options.seed ?? p1.seed);
  const started = performance.now();
  const write = (line: Omit<MetricsLine, 'phase' | 't' | 'elapsed_s'>): void =>
    record({ ...line, phase: 'phase1', t: new Date().toISOString(), elapsed_s: Math.round(secondsOffset * 1000 + performance.now() - started) / 1000 });
  let checkpointDir: string | null = null;
  let calibrated: Record<string, number> = {};
  if (outDir) {
    publishCheckpoint({
      from: bestDir,
      to: resolve(outDir),
      domain: loadDomain(dataDir, options.domain),
      samples: options.samples ?? loadDomainSamples(dataDir, options.domain).samples,
      split,
      beamWidth: config.planner.model.beam_width,
      onCalibrated: (c) => {
        calibrated = c.metrics;
        write({ kind: 'done', metrics: c.metrics, message: `ensemble of ${members}: ${describeCalibration(c)}; checkpoint published to ${outDir}` });
      },
      metricsJsonl: () => readFileSync(metricsFile, 'utf8'),
    });
    checkpointDir = resolve(outDir);
  } else write({ kind: 'done', message: `ensemble of ${members} in ${bestDir} (not published)` });
  const last = results.at(-1);
  return {
    runDir,
    bestDir,
    checkpointDir,
    bestEpoch: first.manifest.epoch,
    bestMetrics: { ...first.manifest.metrics, ...calibrated },
    epochsRun: results.reduce((n, r) => n + r.epochsRun, 0),
    stopReason: last?.stopReason ?? 'completed',
    backend: last?.backend ?? { name: first.manifest.backend, description: first.manifest.backend },
    members: results,
  };
}
