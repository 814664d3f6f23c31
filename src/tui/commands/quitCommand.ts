import type { SlashCommand } from './types.js';

export const quitCommand: SlashCommand = {
  name: 'quit',
  altNames: ['exit'],
  description: 'Leave the session',
  action: () => ({ kind: 'quit' }),
};
