import type { SlashCommand } from './types.js';
import { message } from './types.js';

const KEYS = [
  'Keys:',
  '  Up/Down             history (kept across sessions)',
  '  Tab                 complete a command; on an empty line, select the next node',
  '  Left/Right          move the cursor; on an empty line, select nodes (Esc unselects)',
  '  Ctrl-A/E/U/W        start, end, delete to start, delete word',
  '  Ctrl-C              cancel the running workflow; twice quits',
  '  q + Enter, Ctrl-D   quit (on an empty line)',
];

export const helpCommand: SlashCommand = {
  name: 'help',
  altNames: ['?'],
  description: 'List commands and keys',
  action(ctx) {
    const width = Math.max(...ctx.commands.map((c) => `/${c.usage ?? c.name}`.length));
    const lines = ctx.commands.map((c) => `  ${`/${c.usage ?? c.name}`.padEnd(width)}  ${c.description}`);
    return message(['Type an instruction to plan and run it, or a command:', ...lines, ...(ctx.plain ? [] : KEYS)].join('\n'));
  },
};
