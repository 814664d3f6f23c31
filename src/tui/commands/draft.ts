import type { Plan } from '../../types.js';
import type { CommandContext, CommandResult } from './types.js';
import { message } from './types.js';

/** The draft a command edits or runs, or the message saying there is none (or that it belongs to another domain). */
export function currentDraft(ctx: CommandContext): Plan | CommandResult {
  const draft = ctx.draft;
  if (!draft) return message('no plan to edit: /plan <instruction> first', 'error');
  if (draft.domain !== undefined && draft.domain !== ctx.api.domain) {
    return message(`the plan was made for domain ${draft.domain}, and the session is on ${ctx.api.domain}: /plan it again`, 'error');
  }
  return draft;
}

export function isPlan(value: Plan | CommandResult): value is Plan {
  return 'nodes' in value;
}
