/**
 * Folds MetricsLines into what the monitor and the dashboard show: chart
 * series, recent epochs, progress with ETA, the last checkpoint and a log.
 * Mutable and append-only on purpose: a long run has thousands of step lines
 * and the follower feeds them one at a time.
 */
import type { MetricsLine } from '../types.js';

export type Phase = MetricsLine['phase'];

export interface ChartSpec {
  readonly title: string;
  readonly keys: readonly string[];
  /** Legend labels, parallel to `keys`. */
  readonly labels: readonly string[];
}

/** Which metrics each phase charts; keys follow the MetricsLine doc in src/types.ts. */
export const CHARTS: Record<Phase, readonly ChartSpec[]> = {
  phase1: [
    { title: 'loss', keys: ['train_loss', 'val_loss'], labels: ['train', 'val'] },
    { title: 'val F1 node/link', keys: ['val_node_f1', 'val_link_f1'], labels: ['node', 'link'] },
    { title: 'lr', keys: ['lr'], labels: ['lr'] },
  ],
  phase2: [
    { title: 'reward', keys: ['reward'], labels: ['reward'] },
    { title: 'success', keys: ['success'], labels: ['success'] },
    { title: 'cost $', keys: ['cost_usd'], labels: ['cost'] },
    { title: 'lr', keys: ['lr'], labels: ['lr'] },
  ],
};

/** Columns of the recent-epochs table. */
export const TABLE_KEYS: Record<Phase, readonly string[]> = {
  phase1: ['train_loss', 'val_loss', 'val_node_f1', 'val_link_f1', 'lr'],
  phase2: ['reward', 'success', 'cost_usd', 'latency_s', 'kl', 'entropy', 'value_loss'],
};

/** Short column headers so the table fits an 80-column terminal. */
export const SHORT_NAMES: Readonly<Record<string, string>> = {
  train_loss: 'train',
  val_loss: 'val',
  val_node_f1: 'nodeF1',
  val_link_f1: 'linkF1',
  cost_usd: 'cost$',
  latency_s: 'lat_s',
  value_loss: 'v_loss',
  entropy: 'entropy',
};

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface EpochRow {
  readonly epoch: number;
  readonly elapsedS: number;
  readonly metrics: Readonly<Record<string, number>>;
}

export interface LogEntry {
  readonly kind: MetricsLine['kind'];
  readonly t: string;
  readonly text: string;
}

export interface Progress {
  readonly epoch?: number;
  readonly totalEpochs?: number;
  readonly step?: number;
  readonly totalSteps?: number;
  readonly elapsedS: number;
  /** examples/s (phase 1) or episodes/s (phase 2), as last reported. */
  readonly rate?: number;
  readonly rateUnit: string;
  readonly etaS?: number;
  /** 0..1 when totals are known. */
  readonly fraction?: number;
}

const LOG_LIMIT = 200;

export class MetricsSummary {
  phase: Phase | undefined;
  malformed = 0;
  readonly stepSeries = new Map<string, Point[]>();
  readonly epochSeries = new Map<string, Point[]>();
  readonly epochs: EpochRow[] = [];
  /** Recent step lines, for the table when a phase reports no epochs (phase 2 reports iterations as steps). */
  readonly recentSteps: EpochRow[] = [];
  readonly log: LogEntry[] = [];
  lastCheckpoint: { path: string; epoch?: number; t: string } | undefined;
  done: { message?: string; t: string } | undefined;
  lastLine: MetricsLine | undefined;
  private latest: { epoch?: number; totalEpochs?: number; step?: number; totalSteps?: number; elapsedS: number; rate?: number } = { elapsedS: 0 };
  private stepIndex = 0;

  constructor(readonly defaultPhase?: Phase) {
    this.phase = defaultPhase;
  }

  add(line: MetricsLine): void {
    this.phase = line.phase;
    this.lastLine = line;
    const l = this.latest;
    this.latest = {
      ...l,
      elapsedS: line.elapsed_s,
      ...(line.epoch !== undefined ? { epoch: line.epoch } : {}),
      ...(line.total_epochs !== undefined ? { totalEpochs: line.total_epochs } : {}),
      ...(line.step !== undefined ? { step: line.step } : {}),
      ...(line.total_steps !== undefined ? { totalSteps: line.total_steps } : {}),
    };
    const m = line.metrics ?? {};
    const rate = m.examples_per_s ?? m.episodes_per_s;
    if (rate !== undefined) this.latest = { ...this.latest, rate };
    switch (line.kind) {
      case 'step': {
        this.stepIndex += 1;
        const x = line.step ?? this.stepIndex;
        for (const [k, v] of Object.entries(m)) push(this.stepSeries, k, { x, y: v });
        this.recentSteps.push({ epoch: x, elapsedS: line.elapsed_s, metrics: m });
        if (this.recentSteps.length > 100) this.recentSteps.splice(0, this.recentSteps.length - 100);
        break;
      }
      case 'epoch': {
        const epoch = line.epoch ?? this.epochs.length + 1;
        for (const [k, v] of Object.entries(m)) push(this.epochSeries, k, { x: epoch, y: v });
        this.epochs.push({ epoch, elapsedS: line.elapsed_s, metrics: m });
        break;
      }
      case 'checkpoint':
        this.lastCheckpoint = { path: line.path ?? '?', ...(line.epoch !== undefined ? { epoch: line.epoch } : {}), t: line.t };
        this.addLog(line, `saved ${line.path ?? '?'}`);
        break;
      case 'done':
        this.done = { ...(line.message !== undefined ? { message: line.message } : {}), t: line.t };
        this.addLog(line, `done${line.message ? `: ${line.message}` : ''}`);
        break;
      case 'start':
      case 'info':
        if (line.message) this.addLog(line, line.message);
        break;
      default: {
        const unhandled: never = line.kind;
        return unhandled;
      }
    }
  }

  private addLog(line: MetricsLine, text: string): void {
    this.log.push({ kind: line.kind, t: line.t, text });
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
  }

  /** Per-epoch values once there are two epochs (smooth, comparable to validation), per-step values before that. */
  series(key: string): Point[] {
    const epochs = this.epochSeries.get(key) ?? [];
    if (epochs.length >= 2) return epochs;
    const steps = this.stepSeries.get(key) ?? [];
    return steps.length ? steps : epochs;
  }

  /** Epoch rows when the run reports epochs, else recent steps; `unit` names the first column. */
  tableRows(): { unit: 'epoch' | 'step'; rows: readonly EpochRow[] } {
    return this.epochs.length ? { unit: 'epoch', rows: this.epochs } : { unit: 'step', rows: this.recentSteps };
  }

  latestValue(key: string): number | undefined {
    return this.series(key).at(-1)?.y;
  }

  progress(): Progress {
    const l = this.latest;
    const rateUnit = this.phase === 'phase2' ? 'episodes/s' : 'examples/s';
    let fraction: number | undefined;
    if (l.totalSteps && l.step !== undefined) fraction = l.step / l.totalSteps;
    else if (l.totalEpochs && l.epoch !== undefined) fraction = l.epoch / l.totalEpochs;
    if (this.done) fraction = 1;
    const etaS = fraction !== undefined && fraction > 0 && fraction < 1 ? (l.elapsedS * (1 - fraction)) / fraction : undefined;
    return {
      ...(l.epoch !== undefined ? { epoch: l.epoch } : {}),
      ...(l.totalEpochs !== undefined ? { totalEpochs: l.totalEpochs } : {}),
      ...(l.step !== undefined ? { step: l.step } : {}),
      ...(l.totalSteps !== undefined ? { totalSteps: l.totalSteps } : {}),
      elapsedS: l.elapsedS,
      ...(l.rate !== undefined ? { rate: l.rate } : {}),
      rateUnit,
      ...(etaS !== undefined ? { etaS } : {}),
      ...(fraction !== undefined ? { fraction: Math.max(0, Math.min(1, fraction)) } : {}),
    };
  }

  reset(): void {
    this.phase = this.defaultPhase;
    this.malformed = 0;
    this.stepSeries.clear();
    this.epochSeries.clear();
    this.epochs.length = 0;
    this.recentSteps.length = 0;
    this.log.length = 0;
    this.lastCheckpoint = undefined;
    this.done = undefined;
    this.lastLine = undefined;
    this.latest = { elapsedS: 0 };
    this.stepIndex = 0;
  }
}

function push(map: Map<string, Point[]>, key: string, p: Point): void {
  const list = map.get(key);
  if (list) list.push(p);
  else map.set(key, [p]);
}

/** Averages points into at most `width` buckets so a chart shows the whole run, not just its tail. */
export function downsample(values: readonly number[], width: number): number[] {
  if (width <= 0) return [];
  if (values.length <= width) return [...values];
  const out: number[] = [];
  const size = values.length / width;
  for (let i = 0; i < width; i++) {
    const from = Math.floor(i * size);
    const to = Math.max(from + 1, Math.floor((i + 1) * size));
    const bucket = values.slice(from, to);
    out.push(bucket.reduce((a, b) => a + b, 0) / bucket.length);
  }
  return out;
}

/** Linear interpolation up to `width` points so a short run still fills its chart. */
export function stretch(values: readonly number[], width: number): number[] {
  if (values.length < 2 || values.length >= width) return [...values];
  const out: number[] = [];
  for (let i = 0; i < width; i++) {
    const pos = (i * (values.length - 1)) / (width - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(values.length - 1, lo + 1);
    const a = values[lo] as number;
    const b = values[hi] as number;
    out.push(a + (b - a) * (pos - lo));
  }
  return out;
}

export type RunStatus = { readonly kind: 'waiting' } | { readonly kind: 'running' } | { readonly kind: 'finished'; readonly message?: string } | { readonly kind: 'stale'; readonly seconds: number };

/** Stale = not finished and the file has not changed for `staleAfterS`: the trainer may have died. */
export function runStatus(summary: MetricsSummary, lastWriteMs: number | null, nowMs: number, staleAfterS = 30): RunStatus {
  if (summary.done) return { kind: 'finished', ...(summary.done.message ? { message: summary.done.message } : {}) };
  if (lastWriteMs === null || !summary.lastLine) return { kind: 'waiting' };
  const idle = Math.max(0, (nowMs - lastWriteMs) / 1000);
  return idle >= staleAfterS ? { kind: 'stale', seconds: Math.round(idle) } : { kind: 'running' };
}

/** `short` is for the one-line status bar of the screen, where every column counts. */
export function statusText(status: RunStatus, short = false): string {
  switch (status.kind) {
    case 'waiting':
      return 'waiting for metrics';
    case 'running':
      return 'running';
    case 'finished':
      return `finished${status.message ? ` (${status.message})` : ''}`;
    case 'stale':
      return short ? `STALE ${status.seconds}s` : `stale for ${status.seconds} s (no new metrics; is training still running?)`;
    default: {
      const unhandled: never = status;
      return unhandled;
    }
  }
}

/** `12m05s`, `1h02m`: ETAs and elapsed times in the status line. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  if (s < 60) return `${Math.round(s)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  return `${h}h${String(m - h * 60).padStart(2, '0')}m`;
}

/** Compact numbers for tables and chart labels: 4 significant digits, exponent for tiny learning rates. */
export function formatMetric(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '-';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}
