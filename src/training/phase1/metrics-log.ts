import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MetricsLine } from '../../types.js';

type LineBody = Omit<MetricsLine, 't' | 'elapsed_s' | 'phase'>;

/** Appends MetricsLines to `<run-dir>/metrics.jsonl` and hands each to the subscriber. */
export class MetricsLog {
  private readonly started: number;
  constructor(
    readonly file: string,
    private readonly onMetrics?: (line: MetricsLine) => void,
    /** Seconds already spent before a resume, so elapsed_s keeps growing. */
    private readonly offsetS = 0,
  ) {
    mkdirSync(dirname(file), { recursive: true });
    this.started = performance.now();
  }

  elapsed(): number {
    return this.offsetS + (performance.now() - this.started) / 1000;
  }

  write(body: LineBody): MetricsLine {
    const line: MetricsLine = { ...body, phase: 'phase1', t: new Date().toISOString(), elapsed_s: Math.round(this.elapsed() * 1000) / 1000 };
    appendFileSync(this.file, `${JSON.stringify(line)}\n`);
    this.onMetrics?.(line);
    return line;
  }
}
