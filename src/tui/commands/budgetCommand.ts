import { formatUsd } from '../format.js';
import type { SlashCommand } from './types.js';
import { message } from './types.js';

export const budgetCommand: SlashCommand = {
  name: 'budget',
  usage: 'budget [usd|off]',
  description: 'Show or set the per-run cost budget',
  action(ctx, args) {
    const arg = args.trim().replace(/^\$/, '');
    if (!arg) return message(ctx.api.budgetUsd === null ? 'budget: off' : `budget: ${formatUsd(ctx.api.budgetUsd)} per run`);
    if (arg === 'off' || arg === 'none') {
      ctx.api.budgetUsd = null;
      return message('budget off');
    }
    const usd = Number(arg);
    if (!Number.isFinite(usd) || usd <= 0) return message(`budget must be a positive number of dollars or "off", got "${args.trim()}"`, 'error');
    ctx.api.budgetUsd = usd;
    return message(`budget set to ${formatUsd(usd)} per run`);
  },
  complete: (_ctx, partial) => ['off'].filter((o) => o.startsWith(partial)),
};
