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
/** Recent epochs (or steps) as aligned text; columns that would pass `maxWidth` are left out rather than cut. */
export function epochTable(summary: MetricsSummary, phase: Phase, rows: number, short = false, maxWidth = Number.POSITIVE_INFINITY): string[] {
  const { unit, rows: all } = summary.tableRows();
  const keys = TABLE_KEYS[phase].filter((k) => all.some((e) => e.metrics[k] !== undefined));
  const recent = all.slice(-rows);
  const columns = [
    { header: short ? (unit === 'epoch' ? 'ep' : 'step') : unit, cells: recent.map((e) => String(e.epoch)) },
    ...keys.map((k) => ({ header: short ? (SHORT_NAMES[k] ?? k) : k, cells: recent.map((e) => formatMetric(e.metrics[k])) })),
  ].map((c) => ({ ...c, width: Math.max(c.header.length, ...c.cells.map((x) => x.length)) }));
  const kept: typeof columns = [];
  let used = 0;
  for (const c of columns) {
    const next = used + (kept.length ? 2 : 0) + c.width;
    if (kept.length && next > maxWidth) break;
    kept.push(c);
    used = next;
  }
  const line = (pick: (c: (typeof columns)[number]) => string): string =>
    kept.map((c, i) => (i === 0 ? pick(c).padEnd(c.width) : pick(c).padStart(c.width))).join('  ');
  return [line((c) => c.header), ...recent.map((_, r) => line((c) => c.cells[r] ?? ''))];
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
  if (table.rows.length) out.push('', `recent ${table.unit}s`, ...epochTable(summary, phase, options.epochs ?? 10, false, width));
  if (summary.log.length) out.push('', 'log', ...summary.log.slice(-8).map((l) => clip(`  ${l.t.slice(11, 19)} ${l.text}`, width)));
  return `${out.join('\n')}\n`;
}
