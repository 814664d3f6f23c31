import { Box, Text } from 'ink';
import { CHARTS, formatMetric, type MetricsSummary, type Phase } from '../../monitor/metrics-summary.js';
import { DashboardChart } from './DashboardChart.js';
import { ProgressBar } from './ProgressBar.js';

export type DashboardState = 'training' | 'stopping' | 'stopped' | 'finished' | 'failed';

export interface DashboardProps {
  readonly title: string;
  readonly phase: Phase;
  readonly summary: MetricsSummary;
  readonly width: number;
  readonly height: number;
  readonly state: DashboardState;
  readonly metricsPath?: string;
  /** Bumped on every flush so React re-renders the mutable summary. */
  readonly version: number;
}

/** Extra phase-2 figures that get no chart of their own. */
const EXTRA: Record<Phase, readonly string[]> = {
  phase1: ['train_ce', 'train_dag'],
  phase2: ['latency_s', 'kl', 'entropy', 'value_loss', 'clip_frac'],
};

export function Dashboard({ title, phase, summary, width, height, state, metricsPath }: DashboardProps) {
  const specs = CHARTS[summary.phase ?? phase];
  // Two charts per row from 80 columns up; the height left after the header and footer is split between rows.
  const perRow = width >= 76 ? 2 : 1;
  const rows = Math.ceil(specs.length / perRow);
  const chartWidth = Math.floor((width - 1) / perRow);
  const chartHeight = Math.max(3, Math.min(10, Math.floor((height - 8) / rows) - 3));
  const extras = EXTRA[summary.phase ?? phase]
    .map((k) => [k, summary.latestValue(k)] as const)
    .filter((e) => e[1] !== undefined)
    .map(([k, v]) => `${k} ${formatMetric(v)}`);
  const stateText: Record<DashboardState, string> = {
    training: 'q detaches (training continues) · Ctrl-C stops training',
    stopping: 'stopping after the current step… (Ctrl-C again detaches)',
    stopped: 'training stopped at your request',
    finished: 'training finished',
    failed: 'training failed',
  };
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate">
        OrchestAI training · {summary.phase ?? phase} · {title}
      </Text>
      <ProgressBar summary={summary} width={width} />
      {Array.from({ length: rows }, (_, r) => (
        <Box key={r} flexDirection="row">
          {specs.slice(r * perRow, (r + 1) * perRow).map((spec) => (
            <DashboardChart key={spec.title} summary={summary} spec={spec} width={chartWidth} height={chartHeight} />
          ))}
        </Box>
      ))}
      {extras.length ? <Text wrap="truncate">{extras.join(' · ')}</Text> : null}
      <Text wrap="truncate">
        last checkpoint: {summary.lastCheckpoint ? `${summary.lastCheckpoint.path}${summary.lastCheckpoint.epoch !== undefined ? ` (epoch ${summary.lastCheckpoint.epoch})` : ''}` : 'none yet'}
      </Text>
      {summary.log.length ? <Text wrap="truncate" dimColor>{summary.log.at(-1)?.text}</Text> : null}
      <Text dimColor wrap="truncate">
        {stateText[state]}
        {metricsPath ? ` · metrics: ${metricsPath}` : ''}
      </Text>
    </Box>
  );
}
