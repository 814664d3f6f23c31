import { errorMessage } from '../../errors.js';
import { snapshotOf } from '../../monitor/snapshot-file.js';
import type { SlashCommand } from './types.js';
import { message } from './types.js';

const HOW_TO = [
  'Watch a training run live in another terminal (works over SSH and in tmux/screen):',
  '  orchestai monitor runs/<id>            live charts, epoch table and log; q quits',
  '  orchestai monitor runs/<id> --once     plain-text snapshot',
  'Here: /monitor <run dir or metrics.jsonl> shows a snapshot, e.g. /monitor checkpoints/huggingface',
].join('\n');

export const monitorCommand: SlashCommand = {
  name: 'monitor',
  usage: 'monitor [run dir | metrics.jsonl]',
  description: 'Snapshot of a training run (charts, recent epochs, log), or how to watch one live',
  action(ctx, args) {
    const path = args.trim();
    if (!path) return message(HOW_TO);
    try {
      return message(snapshotOf(path, { width: Math.max(40, Math.min(ctx.width, 120)) }).trimEnd());
    } catch (err) {
      return message(errorMessage(err), 'error');
    }
  },
};
