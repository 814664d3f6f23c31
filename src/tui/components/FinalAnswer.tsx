import { Box, Text } from 'ink';
import { formatOutput, truncate } from '../format.js';
import { shortId } from '../dag/render-dag.js';
import { sinkIds, type RunView } from '../state/run-view.js';

/** The sink nodes' outputs: what the user asked for. `maxChars` bounds it in the live area; history shows it whole. */
export function FinalAnswer({ view, maxChars }: { readonly view: RunView; readonly maxChars?: number }) {
  const sinks = sinkIds(view).filter((id) => view.nodes[id]?.output !== undefined);
  if (sinks.length === 0) return null;
  return (
    <Box flexDirection="column">
      {sinks.map((id) => {
        const text = formatOutput(view.nodes[id]?.output);
        return (
          <Text key={id} wrap="wrap">
            <Text bold>{sinks.length > 1 ? `answer (${shortId(id)} ${view.nodes[id]?.task}): ` : 'answer: '}</Text>
            {maxChars === undefined ? text : truncate(text, maxChars)}
          </Text>
        );
      })}
    </Box>
  );
}
