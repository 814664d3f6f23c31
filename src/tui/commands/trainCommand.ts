import type { SlashCommand } from './types.js';
import { message } from './types.js';

/** Training takes minutes and owns the terminal with its dashboard, so it runs in its own process rather than inside the REPL. */
export const trainCommand: SlashCommand = {
  name: 'train',
  description: 'How to train the planner (opens the training dashboard)',
  action(ctx) {
    return message(
      [
        'Training runs in its own terminal with a live dashboard:',
        `  orchestai train phase1 --domain ${ctx.api.domain}     supervised planner training`,
        `  orchestai train phase2 --domain ${ctx.api.domain}     PPO fine-tuning on simulated rewards`,
        'Press q in the dashboard to detach; training continues and writes runs/<id>/metrics.jsonl.',
        'Follow a run from anywhere (also over SSH): orchestai monitor runs/<id>',
      ].join('\n'),
    );
  },
};
