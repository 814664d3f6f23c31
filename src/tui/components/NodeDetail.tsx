import { Box, Text } from 'ink';
import { formatMs, formatOutput, formatTokens, formatUsd, truncate } from '../format.js';
import { shortId } from '../dag/render-dag.js';
import type { RunView } from '../state/run-view.js';
import { useColorProp } from './theme.js';

/** Inputs (args and parents' outputs) and output of the selected node; long values are cut to keep the live area small. */
export function NodeDetail({ view, nodeId, width }: { readonly view: RunView; readonly nodeId: string; readonly width: number }) {
  const colorOf = useColorProp();
  const node = view.nodes[nodeId];
  if (!node) return null;
  const cut = (s: string): string => truncate(s.replace(/\s+/g, ' '), Math.max(10, width * 2 - 12));
  const figures = node.latencyMs !== undefined ? ` · ${formatMs(node.latencyMs)} · ${formatUsd(node.costUsd ?? 0)} · ${formatTokens(node.tokens ?? 0)} tok` : '';
  return (
    <Box flexDirection="column" borderStyle="single" borderDimColor paddingX={1} width={Math.min(width, 120)}>
      <Text bold wrap="truncate">
        {shortId(node.id)} {node.task} · {node.worker || 'auto'} · {node.state}
        {node.attempt > 1 ? ` · attempt ${node.attempt}` : ''}
        {figures}
      </Text>
      {node.args !== undefined ? <Text wrap="wrap">args: {cut(formatOutput(node.args))}</Text> : null}
      {node.deps.length === 0 ? <Text dimColor>inputs: the instruction</Text> : null}
      {node.deps.map((d) => (
        <Text key={d} wrap="wrap">
          input from {shortId(d)}: {cut(formatOutput(view.nodes[d]?.output) || '(not yet)')}
        </Text>
      ))}
      {node.output !== undefined ? <Text wrap="wrap">output: {cut(formatOutput(node.output))}</Text> : null}
      {node.error || (node.note && node.state !== 'done') ? <Text {...colorOf('red')} wrap="wrap">{node.error ?? node.note}</Text> : null}
    </Box>
  );
}
