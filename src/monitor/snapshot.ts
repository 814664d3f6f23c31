/** `orchestai monitor --once`: the run as plain text (charts, recent epochs, log), for logs, CI and SSH without a TTY. */
import { plotSeries } from './ascii-chart.js';
import { CHARTS, MetricsSummary, SHORT_NAMES, TABLE_KEYS, formatMetric, formatSeconds, statusText, type Phase, type RunStatus } from './metrics-summary.js';

export interface SnapshotOptions {
  readonly file: string;
  readonly status: RunStatus;
  readonly width?: number;
  readonly ascii?: boolean;
  /** Rows of the recent-epochs table. */
  readonly epochs?: number;
}

export function progressText(summary: MetricsSummary, separator = ' · '): string {
  const p = summary.progress();
  const parts: string[] = [];
  if (p.epoch !== undefined) parts.push(`epoch ${p.epoch}${p.totalEpochs ? `/${p.totalEpochs}` : ''}`);
  if (p.step !== undefined) parts.push(`step ${p.step}${p.totalSteps ? `/${p.totalSteps}` : ''}`);
  // ETA before the rest: it is what a narrow status line must not cut off.
  if (p.etaS !== undefined && !summary.done) parts.push(`ETA ${formatSeconds(p.etaS)}`);
  if (p.rate !== undefined) parts.push(`${formatMetric(p.rate)} ${p.rateUnit}`);
  parts.push(`elapsed ${formatSeconds(p.elapsedS)}`);
  return parts.join(separator);
}

/** A table as aligned text; the first column is left-aligned, numbers right-aligned. */
export function epochTable(summary: MetricsSummary, phase: Phase, rows: number, short = false): string[] {
  const { unit, rows: all } = summary.tableRows();
  const keys = TABLE_KEYS[phase].filter((k) => all.some((e) => e.metrics[k] !== undefined));
  const header = short ? [unit === 'epoch' ? 'ep' : 'step', ...keys.map((k) => SHORT_NAMES[k] ?? k)] : [unit, ...keys];
  const body = all.slice(-rows).map((e) => [String(e.epoch), ...keys.map((k) => formatMetric(e.metrics[k]))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [fmt(header), ...body.map(fmt)];
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 3)}...`;
}

export function renderSnapshot(summary: MetricsSummary, options: SnapshotOptions): string {
  const width = Math.max(40, options.width ?? 80);
  const phase = summary.phase ?? 'phase1';
  const out: string[] = [];
  out.push(`${options.file}`);
  out.push(`${phase} · ${statusText(options.status)}`, progressText(summary));
  if (summary.lastCheckpoint) out.push(`last checkpoint: ${summary.lastCheckpoint.path}`);
  if (summary.malformed) out.push(`skipped ${summary.malformed} malformed line${summary.malformed === 1 ? '' : 's'}`);
  for (const chart of CHARTS[phase]) {
    chart.keys.forEach((key, i) => {
      const values = summary.series(key).map((p) => p.y);
      if (values.length === 0) return;
      out.push('', `${chart.labels.length > 1 ? `${chart.title}: ${chart.labels[i]}` : chart.title} (${key}, last ${formatMetric(values.at(-1))})`);
      out.push(plotSeries([values], { width, height: 6, ...(options.ascii ? { ascii: true } : {}) }));
    });
  }
  const table = summary.tableRows();
  if (table.rows.length) out.push('', `recent ${table.unit}s`, ...epochTable(summary, phase, options.epochs ?? 10));
  if (summary.log.length) out.push('', 'log', ...summary.log.slice(-8).map((l) => clip(`  ${l.t.slice(11, 19)} ${l.text}`, width)));
  return `${out.join('\n')}\n`;
}
