import type { SlashCommand } from './types.js';
import { message } from './types.js';

const SHOWN = 20;

export const historyCommand: SlashCommand = {
  name: 'history',
  description: `Show the last ${SHOWN} lines entered (kept across sessions)`,
  action(ctx) {
    const entries = ctx.userState.history();
    if (entries.length === 0) return message('history is empty');
    const start = Math.max(0, entries.length - SHOWN);
    return message(entries.slice(start).map((e, i) => `  ${String(start + i + 1).padStart(4)}  ${e}`).join('\n'));
  },
};
