import { Box, Text } from 'ink';
import type { StyledLine } from '../dag/canvas.js';
import { useTextStyle } from './theme.js';

/** Canvas output to Ink: one Text per line, one nested Text per run of equally styled cells. */
export function StyledLines({ lines }: { readonly lines: readonly StyledLine[] }) {
  const styleOf = useTextStyle();
  return (
    <Box flexDirection="column">
      {lines.map((line, y) => (
        <Text key={y} wrap="truncate">
          {line.length === 0 ? ' ' : line.map((seg, i) => (
            <Text key={i} {...styleOf(seg.style)}>
              {seg.text}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
