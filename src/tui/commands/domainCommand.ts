import { errorMessage } from '../../errors.js';
import type { SlashCommand } from './types.js';
import { message } from './types.js';

export const domainCommand: SlashCommand = {
  name: 'domain',
  usage: 'domain [name]',
  description: 'Show or switch the planning domain',
  action(ctx, args) {
    const name = args.trim();
    if (!name) return message(`domain: ${ctx.api.domain} (available: ${ctx.api.domains().join(', ')})`);
    if (!ctx.api.domains().includes(name)) return message(`unknown domain "${name}"; available: ${ctx.api.domains().join(', ')}`, 'error');
    try {
      ctx.api.setDomain(name);
      ctx.userState.setLastDomain(name);
      return message(`domain set to ${name}`);
    } catch (err) {
      return message(errorMessage(err), 'error');
    }
  },
  complete: (ctx, partial) => ctx.api.domains().filter((d) => d.startsWith(partial)),
};
