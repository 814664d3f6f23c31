/**
 * The live monitor: blessed-contrib charts, a table of recent epochs, a log and
 * a status line, redrawn as the follower reads new lines. Keyboard only; q, Esc
 * or Ctrl-C quit. Parsing and following live in pure modules; this file only draws.
 */
import blessed from 'blessed';
import contrib from 'blessed-contrib';
import type { LineElement } from 'blessed-contrib';
import { FileFollower } from './follow-file.js';
import { parseMetricsLine } from '../training/metrics-reader.js';
import { plotSeries } from './ascii-chart.js';
import { CHARTS, MetricsSummary, downsample, formatMetric, runStatus, statusText, type ChartSpec, type Phase } from './metrics-summary.js';
import { epochTable, progressText } from './snapshot.js';

export interface MonitorScreenOptions {
  readonly file: string;
  readonly intervalMs?: number;
  readonly staleAfterS?: number;
  /** Force the ASCII look (no braille charts, no unicode) for terminals without UTF-8. */
  readonly ascii?: boolean;
  readonly input?: NodeJS.ReadStream;
  readonly output?: NodeJS.WriteStream;
}

const SERIES_COLORS = ['yellow', 'cyan', 'magenta', 'green'];

/** UTF-8 locale = braille charts and box lines drawn as unicode; otherwise plain ASCII everywhere. */
export function detectUnicode(env: NodeJS.ProcessEnv = process.env): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(locale);
}

/** blessed-contrib labels y values with toFixed(2): tiny values (lr, $/episode) are scaled up and the scale goes in the title. */
export function displayScale(values: readonly number[]): number {
  const max = Math.max(0, ...values.map((v) => Math.abs(v)));
  if (max === 0 || max >= 0.1) return 1;
  return 10 ** Math.ceil(-Math.log10(max));
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}~`;
}

type ChartWidget = { kind: 'line'; el: LineElement; spec: ChartSpec } | { kind: 'text'; el: blessed.Widgets.BoxElement; spec: ChartSpec };

export async function runMonitorScreen(options: MonitorScreenOptions): Promise<number> {
  const unicode = !options.ascii && detectUnicode();
  // Never draw lines through the terminal's alternate charset: ACS shows up as "lqqk" in tmux captures
  // and under mismatched TERM values. With this set blessed writes unicode lines, or +-| without UTF-8.
  process.env.NCURSES_NO_UTF8_ACS = '1';
  const screen = blessed.screen({
    smartCSR: true,
    title: 'orchestai monitor',
    warnings: false,
    forceUnicode: unicode,
    fullUnicode: false,
    dockBorders: false,
    ...(options.input ? { input: options.input } : {}),
    ...(options.output ? { output: options.output } : {}),
  });
  const summary = new MetricsSummary();
  let phase: Phase | undefined;
  let charts: ChartWidget[] = [];
  let table: blessed.Widgets.BoxElement | undefined;
  let logBox: blessed.Widgets.BoxElement | undefined;
  const widgets: blessed.Widgets.BoxElement[] = [];
  const status = blessed.box({ parent: screen, bottom: 0, left: 0, height: 1, width: '100%', tags: false, style: { fg: 'white', bg: 'blue' } });

  const build = (p: Phase): void => {
    for (const w of widgets.splice(0)) w.destroy();
    const grid = new contrib.grid({ rows: 12, cols: 12, screen });
    const specs = CHARTS[p];
    const span = Math.floor(12 / specs.length);
    charts = specs.map((spec, i) => {
      const common = { label: ` ${spec.title} `, border: { type: 'line', fg: 'cyan' } };
      if (unicode) {
        const el = grid.set(0, i * span, 6, span, contrib.line, {
          ...common,
          showLegend: spec.keys.length > 1,
          legend: { width: 7 },
          xLabelPadding: 2,
          xPadding: 3,
          numYLabels: 4,
          style: { text: 'white', baseline: 'white' },
        });
        widgets.push(el);
        return { kind: 'line', el, spec };
      }
      const el = grid.set(0, i * span, 6, span, blessed.box, { ...common, tags: false });
      widgets.push(el);
      return { kind: 'text', el, spec };
    });
    table = grid.set(6, 0, 5, 7, blessed.box, { label: p === 'phase1' ? ' recent epochs ' : ' recent iterations ', border: { type: 'line', fg: 'cyan' }, tags: false, wrap: false });
    logBox = grid.set(6, 7, 5, 5, blessed.box, { label: ' log ', border: { type: 'line', fg: 'cyan' }, tags: false, wrap: false });
    widgets.push(table, logBox);
    phase = p;
  };

  const draw = (): void => {
    const p = summary.phase ?? 'phase1';
    if (p !== phase) build(p);
    for (const chart of charts) {
      const values = chart.spec.keys.map((k) => summary.series(k));
      const width = Math.max(10, Number(chart.el.width) - 2);
      if (chart.kind === 'line') {
        const points = Math.max(2, width - 10);
        const scale = displayScale(values.flat().map((v) => v.y));
        const data = values.map((pts, i) => {
          const ys = downsample(pts.map((v) => v.y * scale), points);
          const xs = downsample(pts.map((v) => v.x), points).map((x) => String(Math.round(x)));
          return { title: chart.spec.labels[i] ?? '', x: xs.length ? xs : [' '], y: ys.length ? ys : [0], style: { line: SERIES_COLORS[i % SERIES_COLORS.length] ?? 'yellow' } };
        });
        chart.el.setLabel(` ${chart.spec.title}${scale !== 1 ? ` x1e-${Math.round(Math.log10(scale))}` : ''} `);
        // contrib draws from minY (default 0): lower it for negative rewards.
        chart.el.options.minY = Math.min(0, ...data.flatMap((d) => d.y));
        chart.el.setData(data);
      } else {
        const height = Math.max(3, Number(chart.el.height) - 2);
        const legend = chart.spec.keys.length > 1 ? chart.spec.labels.map((l, i) => `${l}=${formatMetric(values[i]?.at(-1)?.y)}`).join(' ') : `last ${formatMetric(values[0]?.at(-1)?.y)}`;
        // One series per ASCII chart keeps it readable without colour; the others show as latest values.
        chart.el.setContent(`${legend}\n${plotSeries([values[0]?.map((v) => v.y) ?? []], { width, height: height - 1, ascii: true })}`);
      }
    }
    // Boxes do not wrap: a wrapped row would push the newest lines out of view.
    const rows = Math.max(1, Number(table?.height ?? 8) - 3);
    const tableWidth = Math.max(1, Number(table?.width ?? 40) - 2);
    const tableLines = summary.tableRows().rows.length ? epochTable(summary, summary.phase ?? 'phase1', rows, true, tableWidth) : ['no metrics yet'];
    table?.setContent(tableLines.map((l) => clip(l, tableWidth)).join('\n'));
    const logRows = Math.max(1, Number(logBox?.height ?? 8) - 2);
    const logWidth = Math.max(1, Number(logBox?.width ?? 30) - 2);
    logBox?.setContent(summary.log.slice(-logRows).map((l) => clip(`${l.t.slice(11, 19)} ${l.text}`, logWidth)).join('\n'));
    const st = runStatus(summary, follower.state().mtimeMs, Date.now(), options.staleAfterS ?? 30);
    const parts = ['q quits', statusText(st, true), progressText(summary, ', ')];
    if (summary.malformed) parts.push(`${summary.malformed} malformed skipped`);
    if (summary.lastCheckpoint) parts.push(`ckpt ${summary.lastCheckpoint.path}`);
    status.setContent(clip(` ${parts.join(' | ')}`, Math.max(10, Number(screen.width) - 1)));
    screen.render();
  };

  const follower = new FileFollower(options.file, {
    onLines(lines) {
      for (const text of lines) {
        if (!text.trim()) continue;
        const line = parseMetricsLine(text);
        if (line) summary.add(line);
        else summary.malformed += 1;
      }
    },
    onReset() {
      summary.reset();
    },
  });

  return new Promise<number>((resolve) => {
    const interval = options.intervalMs ?? 500;
    follower.start(interval);
    // Redraw on a timer, not per line: a burst of lines costs one frame, and "stale for N s" keeps counting.
    const redraw = setInterval(draw, interval);
    void follower.poll().then(draw);
    screen.on('resize', () => draw());
    screen.key(['q', 'escape', 'C-c'], () => {
      clearInterval(redraw);
      follower.stop();
      screen.destroy();
      resolve(0);
    });
  });
}
