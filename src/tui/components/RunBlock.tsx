import { Box, Text } from 'ink';
import type { RunView } from '../state/run-view.js';
import { DagPane } from './DagPane.js';
import { FinalAnswer } from './FinalAnswer.js';
import { Suggestions } from './Suggestions.js';
import { TotalsBar } from './TotalsBar.js';
import { useColorProp } from './theme.js';

export interface RunBlockProps {
  readonly view: RunView;
  readonly width: number;
  readonly live?: boolean;
  readonly selectedId?: string;
  readonly spinnerFrame?: number;
  readonly maxDagRows?: number;
  readonly answerChars?: number;
}

/** One turn: the instruction, its DAG, the totals and the answer; the same block is live at the bottom and frozen in history. */
export function RunBlock({ view, width, live, selectedId, spinnerFrame, maxDagRows, answerChars }: RunBlockProps) {
  const colorOf = useColorProp();
  return (
    <Box flexDirection="column" marginBottom={live ? 0 : 1}>
      <Text bold wrap="truncate">
        › {view.instruction}
      </Text>
      {view.order.length > 0 ? (
        <DagPane
          order={view.order}
          nodes={view.nodes}
          width={width}
          {...(selectedId ? { selectedId } : {})}
          {...(spinnerFrame !== undefined ? { spinnerFrame } : {})}
          {...(maxDagRows !== undefined ? { maxRows: maxDagRows } : {})}
        />
      ) : null}
      {/* A refused (or failed-to-plan) turn has no figures worth a totals bar, just the reason. */}
      {view.order.length > 0 ? <TotalsBar view={view} width={width} {...(spinnerFrame !== undefined ? { spinnerFrame } : {})} /> : null}
      {view.message && view.phase !== 'cancelled' ? (
        <Text {...colorOf('red')}>
          {view.order.length === 0 ? (view.phase === 'refused' ? '✗ refused: ' : '✗ ') : ''}
          {view.message}
        </Text>
      ) : null}
      {view.order.length === 0 && view.phase === 'planning' ? <Text dimColor>planning…</Text> : null}
      {view.phase === 'running' || view.phase === 'planning' ? null : <FinalAnswer view={view} {...(answerChars !== undefined ? { maxChars: answerChars } : {})} />}
      {view.phase === 'running' || view.phase === 'planning' || view.phase === 'refused' ? null : <Suggestions plan={view.plan} then="runs the plan again" />}
    </Box>
  );
}
