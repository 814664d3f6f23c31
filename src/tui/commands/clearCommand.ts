import type { SlashCommand } from './types.js';

export const clearCommand: SlashCommand = {
  name: 'clear',
  description: 'Clear the screen',
  action: () => ({ kind: 'clear' }),
};
