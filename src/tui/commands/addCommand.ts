import { insertNodeAfter, insertNodeBefore } from '../../core/plan-edit.js';
import { errorMessage } from '../../errors.js';
import { currentDraft, isPlan } from './draft.js';
import type { SlashCommand } from './types.js';
import { message } from './types.js';

type Where = 'after' | 'before' | 'from';

/** `Summarization after n0` -> task, where and node; task names hold spaces, so "after|before|from <node>" is read from the end. */
function parse(args: string): { task: string; where: Where; at?: string } {
  const m = /^(.*?)\s+(after|before|from)\s+(\S+)$/i.exec(args.trim());
  if (!m) return { task: args.trim(), where: 'after' };
  return { task: (m[1] ?? '').trim(), where: (m[2] ?? 'after').toLowerCase() as Where, at: m[3] ?? '' };
}

export const addCommand: SlashCommand = {
  name: 'add',
  usage: 'add <task> [after|before|from nK]',
  description: 'Add a step after nK (default: the last node), before nK, or from nK (beside what nK feeds)',
  action(ctx, args) {
    const { task: typed, where, at } = parse(args);
    if (!typed) return message('usage: /add <task> [after|before|from nK]; Tab completes task names', 'error');
    const draft = currentDraft(ctx);
    if (!isPlan(draft)) return draft;
    const catalogue = ctx.api.tasks();
    const task = catalogue.find((t) => t.toLowerCase() === typed.toLowerCase());
    if (!task) {
      const close = catalogue.filter((t) => t.toLowerCase().includes(typed.toLowerCase())).slice(0, 5);
      return message(`unknown task "${typed}" for domain ${ctx.api.domain}${close.length ? `; did you mean ${close.join(', ')}?` : '; Tab lists the tasks'}`, 'error');
    }
    try {
      return { kind: 'plan', instruction: draft.instruction ?? '', plan: ctx.api.preparePlan(where === 'before' && at !== undefined ? insertNodeBefore(draft, task, at) : insertNodeAfter(draft, task, at, { branch: where === 'from' })) };
    } catch (err) {
      return message(errorMessage(err), 'error');
    }
  },
  complete: (ctx, partial) => ctx.api.tasks().filter((t) => t.toLowerCase().startsWith(partial.toLowerCase())),
};
