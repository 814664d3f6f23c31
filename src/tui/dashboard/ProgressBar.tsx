import { Text } from 'ink';
import { useContext } from 'react';
import type { MetricsSummary } from '../../monitor/metrics-summary.js';
import { progressText } from '../../monitor/snapshot.js';
import { ColorContext } from '../components/theme.js';

/** Width-independent bar: filled cells for the fraction done, then epoch, step, rate and ETA. */
export function progressBar(fraction: number | undefined, cells: number): string {
  if (fraction === undefined) return `[${'·'.repeat(cells)}]  ?%`;
  const filled = Math.round(fraction * cells);
  return `[${'█'.repeat(filled)}${'░'.repeat(cells - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`;
}

export function ProgressBar({ summary, width }: { readonly summary: MetricsSummary; readonly width: number }) {
  const color = useContext(ColorContext);
  const p = summary.progress();
  const text = progressText(summary);
  // The figures matter more than the bar: the bar takes what they leave.
  const cells = Math.max(8, Math.min(40, width - text.length - 8));
  return (
    <Text wrap="truncate">
      <Text {...(color ? { color: summary.done ? 'green' : 'cyan' } : {})}>{progressBar(p.fraction, cells)}</Text>
      <Text> {text}</Text>
    </Text>
  );
}
