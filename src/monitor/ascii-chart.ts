/** asciichart with the sizing, labels and ASCII fallback the monitor and the dashboard need. */
import asciichart from 'asciichart';
import { downsample, formatMetric, stretch } from './metrics-summary.js';

/** For terminals without UTF-8 (TERM=screen under a C locale, old consoles). */
export const ASCII_SYMBOLS = ['+', '|', '-', '-', '-', '\\', '/', '\\', '/', '|'];

const LABEL_WIDTH = 9;

export interface ChartOptions {
  /** Total columns, labels included. */
  readonly width: number;
  readonly height: number;
  readonly ascii?: boolean;
  /** ANSI colours per series (asciichart.cyan ...); omit for plain text. */
  readonly colors?: readonly string[];
}

/** Several series on one chart; empty series are dropped, a flat series gets a small range so it still draws. */
export function plotSeries(series: readonly (readonly number[])[], options: ChartOptions): string {
  const points = Math.max(2, options.width - LABEL_WIDTH - 3);
  const data = series.filter((s) => s.length > 0).map((s) => stretch(downsample(s, points), points));
  if (data.length === 0) return '(no data yet)';
  const all = data.flat();
  let min = Math.min(...all);
  let max = Math.max(...all);
  // A flat series (or one flat up to float noise, e.g. a mean of equal learning rates) gets a visible
  // range: asciichart scales by height / range, and a range of 1e-19 pushes its row loop past 2^53,
  // where ++y stops changing y and the loop never ends.
  if (max - min <= Math.max(Math.abs(max), Math.abs(min)) * 1e-6) {
    const mid = (max + min) / 2;
    const pad = Math.abs(mid) * 0.05 || 1e-3;
    min = mid - pad;
    max = mid + pad;
  }
  // A single point is drawn as a short flat line rather than nothing.
  const padded = data.map((s) => (s.length === 1 ? [s[0] as number, s[0] as number] : s));
  return asciichart.plot(padded, {
    height: Math.max(2, options.height - 1),
    min,
    max,
    format: (x) => formatMetric(x).padStart(LABEL_WIDTH).slice(-LABEL_WIDTH),
    ...(options.ascii ? { symbols: ASCII_SYMBOLS } : {}),
    ...(options.colors ? { colors: [...options.colors] } : {}),
  });
}
