import asciichart from 'asciichart';
import { Box, Text } from 'ink';
import { useContext } from 'react';
import { plotSeries } from '../../monitor/ascii-chart.js';
import { formatMetric, type ChartSpec, type MetricsSummary } from '../../monitor/metrics-summary.js';
import { ColorContext } from '../components/theme.js';

const COLORS = [asciichart.yellow, asciichart.cyan, asciichart.magenta, asciichart.green];
const INK_COLORS = ['yellow', 'cyan', 'magenta', 'green'];

export interface DashboardChartProps {
  readonly summary: MetricsSummary;
  readonly spec: ChartSpec;
  readonly width: number;
  readonly height: number;
}

/**
 * One asciichart with a legend of latest values. Without colour, series drawn
 * on one chart cannot be told apart, so only the first is drawn and the legend
 * carries the others' values.
 */
export function DashboardChart({ summary, spec, width, height }: DashboardChartProps) {
  const color = useContext(ColorContext);
  const series = spec.keys.map((k) => summary.series(k).map((p) => p.y));
  const drawn = color ? series : series.slice(0, 1);
  const chart = plotSeries(drawn, { width: width - 2, height, ...(color ? { colors: COLORS.slice(0, drawn.length) } : {}) });
  return (
    <Box flexDirection="column" width={width} borderStyle="round" borderDimColor paddingX={0}>
      <Text wrap="truncate">
        <Text bold> {spec.title} </Text>
        {spec.keys.map((k, i) => (
          <Text key={k} {...(color ? { color: INK_COLORS[i % INK_COLORS.length] } : {})}>
            {' '}
            {spec.labels[i]} {formatMetric(series[i]?.at(-1))}
            {!color && i > 0 ? ' (not drawn)' : ''}
          </Text>
        ))}
      </Text>
      <Text wrap="truncate">{chart}</Text>
    </Box>
  );
}
