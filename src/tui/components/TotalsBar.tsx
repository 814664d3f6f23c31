import { Text } from 'ink';
import { formatDuration, formatTokens, formatUsd } from '../format.js';
import { liveTotals, type RunView } from '../state/run-view.js';
import { SPINNER } from '../dag/render-dag.js';
import { useTextStyle } from './theme.js';

const PHASE: Record<RunView['phase'], { label: string; style: 'running' | 'done' | 'failed' | 'cancelled' | 'queued' }> = {
  planning: { label: 'planning', style: 'queued' },
  running: { label: 'running', style: 'running' },
  succeeded: { label: '✓ succeeded', style: 'done' },
  failed: { label: '✗ failed', style: 'failed' },
  cancelled: { label: '■ cancelled', style: 'cancelled' },
  refused: { label: '✗ refused', style: 'failed' },
  error: { label: '✗ error', style: 'failed' },
};

/** Full labels when they fit, shorter ones at 80 columns; the figures stay the same. */
export function totalsText(view: RunView, width = Number.POSITIVE_INFINITY): string {
  const t = liveTotals(view);
  const planner = view.plan?.planner;
  // A plan edited by hand has no planner confidence worth showing.
  const edited = planner?.name === 'edited';
  const full = [
    `wall ${formatDuration(t.wallMs)}`,
    `critical path ${formatDuration(t.criticalPathMs)}`,
    `speed-up ${t.speedup.toFixed(2)}x`,
    `cost ${formatUsd(t.costUsd)}`,
    `${formatTokens(t.tokens)} tok`,
    `${t.done}/${t.total} nodes`,
    ...(planner ? [edited ? 'plan edited by hand' : `planner ${planner.name} (conf ${planner.confidence.toFixed(2)})`] : []),
  ].join(' · ');
  if ([...full].length <= width) return full;
  const figures = [
    `wall ${formatDuration(t.wallMs)}`,
    `crit ${formatDuration(t.criticalPathMs)}`,
    `${t.speedup.toFixed(2)}x`,
    formatUsd(t.costUsd),
    `${formatTokens(t.tokens)} tok`,
    `${t.done}/${t.total}`,
  ];
  const compact = [...figures, ...(planner ? [edited ? 'edited' : `${planner.name} ${planner.confidence.toFixed(2)}`] : [])].join(' · ');
  if ([...compact].length <= width || !planner) return compact;
  // Last resorts at 80 columns: the planner's name goes (its confidence stays), then the node count, then tokens.
  const parts = [...figures, edited ? 'edited' : `conf ${planner.confidence.toFixed(2)}`];
  for (const drop of [undefined, 5, 4] as const) {
    if (drop !== undefined) parts.splice(drop, 1);
    const text = parts.join(' · ');
    if ([...text].length <= width) return text;
  }
  return parts.join(' · ');
}

export function TotalsBar({ view, spinnerFrame = 0, width }: { readonly view: RunView; readonly spinnerFrame?: number; readonly width?: number }) {
  const styleOf = useTextStyle();
  const phase = PHASE[view.phase];
  const label = view.phase === 'running' || view.phase === 'planning' ? `${SPINNER[spinnerFrame % SPINNER.length]} ${phase.label}` : phase.label;
  return (
    <Text wrap="wrap">
      <Text {...styleOf(phase.style)} bold>
        {label}
      </Text>
      <Text> {totalsText(view, width === undefined ? undefined : width - label.length - 2)}</Text>
    </Text>
  );
}
