import type { SlashCommand } from './types.js';
import { message } from './types.js';

export const monitorCommand: SlashCommand = {
  name: 'monitor',
  description: 'How to watch a training run',
  action() {
    return message(
      [
        'Watch a training run in another terminal (works over SSH and in tmux/screen):',
        '  orchestai monitor runs/<id>            live charts, epoch table and log; q quits',
        '  orchestai monitor runs/<id> --once     plain-text snapshot',
      ].join('\n'),
    );
  },
};
