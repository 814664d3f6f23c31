import { errorMessage } from '../../errors.js';
import type { SlashCommand } from './types.js';
import { message } from './types.js';

export const planCommand: SlashCommand = {
  name: 'plan',
  usage: 'plan <instruction>',
  description: 'Plan only: show the DAG without running it',
  action(ctx, args) {
    const instruction = args.trim();
    if (!instruction) return message('usage: /plan <instruction>', 'error');
    try {
      return { kind: 'plan', instruction, plan: ctx.api.plan(instruction) };
    } catch (err) {
      return message(`could not plan: ${errorMessage(err)}`, 'error');
    }
  },
};
