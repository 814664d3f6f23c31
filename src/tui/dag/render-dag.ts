/** Turns a DagLayout plus live node views into styled text lines; pure, so every state is unit-tested. */
import { firstThatFits, formatMs, formatTokens, formatUsd, truncate } from '../format.js';
import type { NodeState, NodeView } from '../state/node-view.js';
import { Canvas, type CellStyle, type StyledLine } from './canvas.js';
import type { BoxPlacement, DagLayout } from './layout.js';
import { shortNodeId } from '../../core/plan-edit.js';

export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

const ICON: Record<Exclude<NodeState, 'running'>, string> = {
  queued: '·',
  retrying: '↻',
  done: '✓',
  failed: '✗',
  skipped: '⊘',
  cancelled: '■',
};

export interface RenderDagOptions {
  readonly selectedId?: string;
  /** Advances the running spinner; the caller ticks it only while something runs. */
  readonly spinnerFrame?: number;
}

/** `node-12` -> `n12`: ids are repeated in titles and cross-band references, where columns are scarce. */
export const shortId = shortNodeId;

export function stateLabel(view: NodeView, spinnerFrame = 0): string {
  if (view.state === 'running') return `${SPINNER[spinnerFrame % SPINNER.length]} running`;
  if (view.state === 'retrying') return `${ICON.retrying} retry ${view.attempt + 1}`;
  return `${ICON[view.state]} ${view.state}`;
}

/** Latency, cost and tokens, shrinking the labels as the box narrows. */
export function figuresLine(view: NodeView, width: number): string {
  if (view.latencyMs === undefined && view.costUsd === undefined) {
    if (view.state === 'skipped' || view.state === 'failed' || view.state === 'retrying') return truncate(view.error ?? view.note ?? '', width);
    return '';
  }
  const ms = formatMs(view.latencyMs ?? 0);
  const usd = formatUsd(view.costUsd ?? 0);
  const tok = formatTokens(view.tokens ?? 0);
  return firstThatFits([`${ms} · ${usd} · ${tok} tok`, `${ms} ${usd} ${tok} tok`, `${ms} ${usd} ${tok}t`, `${ms} ${usd}`], width);
}

function drawBox(canvas: Canvas, box: BoxPlacement, view: NodeView, options: RenderDagOptions): void {
  const selected = options.selectedId === box.id;
  const [tl, tr, bl, br, h, v] = selected ? ['╔', '╗', '╚', '╝', '═', '║'] : ['┌', '┐', '└', '┘', '─', '│'];
  const style: CellStyle = selected ? 'selected' : view.state;
  const inner = box.width - 2;
  const from = box.offBandParents.length ? ` ◀${box.offBandParents.map(shortId).join(',')}` : '';
  const title = truncate(` ${shortId(box.id)}${from} ${view.task} `, Math.max(0, inner - 1));
  canvas.text(box.x, box.y, tl + h + title + h.repeat(Math.max(0, inner - 1 - [...title].length)) + tr, style);
  const state = stateLabel(view, options.spinnerFrame ?? 0);
  const workerWidth = Math.max(0, inner - 2 - [...state].length);
  const worker = truncate(view.worker || 'auto', workerWidth);
  const line1 = ` ${worker.padEnd(workerWidth)} ${state}`;
  const line2 = ` ${figuresLine(view, inner - 1)}`;
  canvas.text(box.x, box.y + 1, v, style);
  canvas.text(box.x + 1, box.y + 1, truncate(line1, inner).padEnd(inner), 'plain');
  canvas.text(box.x + 1, box.y + 1 + ` ${worker.padEnd(workerWidth)} `.length, truncate(state, inner), view.state);
  canvas.text(box.x + box.width - 1, box.y + 1, v, style);
  canvas.text(box.x, box.y + 2, v, style);
  canvas.text(box.x + 1, box.y + 2, truncate(line2, inner).padEnd(inner), view.latencyMs === undefined ? 'dim' : 'plain');
  canvas.text(box.x + box.width - 1, box.y + 2, v, style);
  canvas.text(box.x, box.y + 3, bl + h.repeat(inner) + br, style);
}

export function renderDag(layout: DagLayout, views: ReadonlyMap<string, NodeView>, options: RenderDagOptions = {}): StyledLine[] {
  const canvas = new Canvas(layout.width, layout.height);
  for (const p of layout.passThroughs) canvas.hline(p.y, p.x - 1, p.x + p.width);
  for (const route of layout.routes) {
    const pts = route.points;
    for (let i = 1; i < pts.length; i++) {
      const [x1, y1] = pts[i - 1] as readonly [number, number];
      const [x2, y2] = pts[i] as readonly [number, number];
      if (y1 === y2) canvas.hline(y1, x1, x2);
      else canvas.vline(x1, y1, y2);
    }
    const first = pts[0];
    if (first) canvas.stub(first[0], first[1], true);
    const last = pts[pts.length - 1];
    if (last && !route.to.startsWith('~')) canvas.text(last[0], last[1], '▶', 'edge');
  }
  for (const box of layout.boxes) {
    const view = views.get(box.id);
    if (view) drawBox(canvas, box, view, options);
  }
  return canvas.lines();
}
