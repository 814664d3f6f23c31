import type { SlashCommand } from './types.js';
import { message } from './types.js';

export const runCommand: SlashCommand = {
  name: 'run',
  usage: 'run <instruction>',
  description: 'Plan and run an instruction (same as typing it)',
  action(_ctx, args) {
    const instruction = args.trim();
    return instruction ? { kind: 'run', instruction } : message('usage: /run <instruction>', 'error');
  },
};
