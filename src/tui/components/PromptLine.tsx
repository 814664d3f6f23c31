import { Box, Text } from 'ink';
import type { LineState } from '../state/line-editor.js';
import { useColorProp } from './theme.js';

/** The REPL line with an inverse-video cursor (drawn by us: Ink hides the terminal cursor). */
export function PromptLine({ line, busy }: { readonly line: LineState; readonly busy?: boolean }) {
  const colorOf = useColorProp();
  const chars = [...line.text];
  const before = chars.slice(0, line.cursor).join('');
  const at = chars[line.cursor] ?? ' ';
  const after = chars.slice(line.cursor + 1).join('');
  return (
    <Box>
      <Text bold {...colorOf(busy ? 'gray' : 'cyan')}>
        {busy ? '… ' : '> '}
      </Text>
      <Text wrap="truncate-start">
        {before}
        <Text inverse>{at}</Text>
        {after}
      </Text>
    </Box>
  );
}
