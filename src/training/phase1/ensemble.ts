import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig, resolveFrom } from '../../config/load.js';
import type { Phase1Config } from '../../config/schema.js';
import { loadDomain } from '../../data/domain.js';
import { loadDomainSamples } from '../../data/import-taskbench.js';
import { UserError } from '../../errors.js';
import { readCheckpoint, writeCheckpoint } from '../../planner/learned/checkpoint.js';
import type { MetricsLine } from '../../types.js';
import { defaultRunDir } from '../run-dir.js';
import { publishCheckpoint, runPhase1, type Phase1Hooks, type Phase1Options, type Phase1Result } from './train.js';

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
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((text) => {
      try {
        return text.trim() ? [JSON.parse(text) as MetricsLine] : [];
      } catch {
        return [];
      }
    });
}

/** Finished: a best checkpoint and a last `done` line that is not an interruption. */
function finished(dir: string): boolean {
  const done = memberLines(dir).findLast((l) => l.kind === 'done');
  return existsSync(join(dir, 'best', 'manifest.json')) && done !== undefined && !(done.message ?? '').startsWith('aborted');
}

/**
 * Phase 1 for `members` networks (an ensemble): member k trains with initial
 * seed `seed + 1000 k` on the same split, data and tokenizer, in
 * `<run-dir>/member-k/` (its own metrics.jsonl, best/ and last/), one after
 * the other. Their best checkpoints are then joined into one checkpoint
 * (`weights.bin`, `weights-1.bin`, ...) in `<run-dir>/best/`, whose decoding
 * (task-set weight, retrieval fallback) is calibrated on the ensemble's own
 * plans before it is published. `<run-dir>/metrics.jsonl` gets every member's
 * lines (steps numbered across members), so the dashboard and the monitor
 * follow the whole run. `resume` skips finished members and resumes the
 * one that was interrupted. With one member this is `runPhase1`.
 */
export async function runPhase1Ensemble(options: Phase1Options & { readonly members?: number }, hooks: Phase1Hooks = {}): Promise<EnsembleResult> {
  const loaded = options.config ?? loadConfig();
  const { config } = loaded;
  const members = options.members ?? membersFor(config.training.phase1, options.domain);
  if (!Number.isInteger(members) || members < 1) throw new UserError(`phase1: members must be a positive integer, got ${members}`);
  if (members === 1) {
    const result = await runPhase1(options, hooks);
    return { ...result, members: [result] };
  }
  if (options.resume && !options.runDir) throw new UserError('phase1: --resume needs --run-dir (the run to continue)');
  const runDir = options.runDir ? resolve(options.runDir) : defaultRunDir(loaded, 'phase1', options.domain);
  const metricsFile = join(runDir, 'metrics.jsonl');
  if (!options.resume && existsSync(metricsFile)) throw new UserError(`phase1: ${runDir} already holds a run; pass --resume to continue it or choose another --run-dir`);
  mkdirSync(runDir, { recursive: true });

  const results: Phase1Result[] = [];
  // Steps and seconds continue across members, so charts and the run's duration cover the whole ensemble.
  let stepOffset = 0;
  let secondsOffset = 0;
  for (let k = 0; k < members; k++) {
    const dir = memberDir(runDir, k);
    const forward = (line: MetricsLine): void => {
      const total = line.total_steps;
      const shown: MetricsLine = {
        ...line,
        elapsed_s: Math.round((line.elapsed_s + secondsOffset) * 1000) / 1000,
        ...(line.step !== undefined ? { step: line.step + stepOffset } : {}),
        ...(total !== undefined ? { total_steps: total * members } : {}),
        ...(line.kind === 'start' || line.kind === 'done' ? { message: `member ${k + 1} of ${members}: ${line.message ?? ''}` } : {}),
      };
      appendFileSync(metricsFile, `${JSON.stringify(shown)}\n`);
      hooks.onMetrics?.(shown);
    };
    const result = finished(dir) && options.resume
      ? null
      : await runPhase1({ ...options, member: k, runDir: dir, outDir: null, resume: Boolean(options.resume && existsSync(join(dir, 'last', 'trainer.json'))) }, { ...hooks, onMetrics: forward });
    if (result) {
      results.push(result);
      if (result.stopReason === 'aborted') return { ...result, runDir, members: results };
    }
    const lines = memberLines(dir);
    stepOffset += lines.findLast((l) => l.step !== undefined)?.step ?? 0;
    secondsOffset += lines.at(-1)?.elapsed_s ?? 0;
  }

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
  const split = { seed: options.seed ?? p1.seed, valFraction: p1.val_fraction, calibrationFraction: p1.calibration_fraction };
  const started = performance.now();
  const write = (line: Omit<MetricsLine, 'phase' | 't' | 'elapsed_s'>): void => {
    const full: MetricsLine = { ...line, phase: 'phase1', t: new Date().toISOString(), elapsed_s: Math.round(secondsOffset * 1000 + performance.now() - started) / 1000 };
    appendFileSync(metricsFile, `${JSON.stringify(full)}\n`);
    hooks.onMetrics?.(full);
  };
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
        write({ kind: 'done', metrics: c.metrics, message: `ensemble of ${members}: task-set weight ${c.setWeight}, retrieval fallback below confidence ${c.threshold.toFixed(2)} (chosen on ${c.chosenOn}); checkpoint published to ${outDir}` });
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
