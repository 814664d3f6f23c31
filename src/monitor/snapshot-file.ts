import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { parseMetricsText } from '../training/metrics-reader.js';
import { MetricsSummary, runStatus } from './metrics-summary.js';
import { renderSnapshot } from './snapshot.js';

/** A run directory means <dir>/metrics.jsonl; anything else must be the metrics file itself. */
export function metricsFileOf(path: string): string {
  if (!existsSync(path)) throw new UserError(`no such file or directory: ${path}`, 2);
  if (!statSync(path).isDirectory()) return path;
  const file = join(path, 'metrics.jsonl');
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new UserError(`${path} has no metrics.jsonl (is it a training run directory? runs are under runs/<id>/)`, 2);
  }
  return file;
}

/** The plain-text snapshot of a metrics file as it is now (`monitor --once`, the TUI's /monitor). */
export function snapshotOf(path: string, options: { width: number; ascii?: boolean; staleAfterS?: number; nowMs?: number }): string {
  const file = metricsFileOf(path);
  const { lines, malformed } = parseMetricsText(readFileSync(file, 'utf8'));
  const summary = new MetricsSummary();
  for (const line of lines) summary.add(line);
  summary.malformed = malformed;
  const status = runStatus(summary, statSync(file).mtimeMs, options.nowMs ?? Date.now(), options.staleAfterS ?? 30);
  return renderSnapshot(summary, { file, status, width: options.width, ...(options.ascii ? { ascii: true } : {}) });
}
