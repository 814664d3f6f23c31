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

export function totalsText(view: RunView): string {
  const t = liveTotals(view);
  const planner = view.plan?.planner;
  const parts = [
    `wall ${formatDuration(t.wallMs)}`,
    `critical path ${formatDuration(t.criticalPathMs)}`,
    `speed-up ${t.speedup.toFixed(2)}x`,
    `cost ${formatUsd(t.costUsd)}`,
    `${formatTokens(t.tokens)} tok`,
    `${t.done}/${t.total} nodes`,
  ];
  if (planner) parts.push(`planner ${planner.name} (conf ${planner.confidence.toFixed(2)})`);
  return parts.join(' · ');
}

export function TotalsBar({ view, spinnerFrame = 0 }: { readonly view: RunView; readonly spinnerFrame?: number }) {
  const styleOf = useTextStyle();
  const phase = PHASE[view.phase];
  const label = view.phase === 'running' || view.phase === 'planning' ? `${SPINNER[spinnerFrame % SPINNER.length]} ${phase.label}` : phase.label;
  return (
    <Text wrap="wrap">
      <Text {...styleOf(phase.style)} bold>
        {label}
      </Text>
      <Text> {totalsText(view)}</Text>
    </Text>
  );
}
