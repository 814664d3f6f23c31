import { insertNodeAfter } from '../../core/plan-edit.js';
import { errorMessage } from '../../errors.js';
import { currentDraft, isPlan } from './draft.js';
import type { SlashCommand } from './types.js';
import { message } from './types.js';

/** `Summarization after n0` -> task and node; task names hold spaces, so "after|from <node>" is read from the end. */
function parse(args: string): { task: string; at?: string; branch: boolean } {
  const m = /^(.*?)\s+(after|from)\s+(\S+)$/i.exec(args.trim());
  if (!m) return { task: args.trim(), branch: false };
  return { task: (m[1] ?? '').trim(), at: m[3] ?? '', branch: (m[2] ?? '').toLowerCase() === 'from' };
}

export const addCommand: SlashCommand = {
  name: 'add',
  usage: 'add <task> [after|from nK]',
  description: 'Add a step after node nK (default: the last), which then feeds what nK fed; "from nK": a parallel step fed by nK',
  action(ctx, args) {
    const { task: typed, at, branch } = parse(args);
    if (!typed) return message('usage: /add <task> [after|from nK]; Tab completes task names', 'error');
    const draft = currentDraft(ctx);
    if (!isPlan(draft)) return draft;
    const catalogue = ctx.api.tasks();
    const task = catalogue.find((t) => t.toLowerCase() === typed.toLowerCase());
    if (!task) {
      const close = catalogue.filter((t) => t.toLowerCase().includes(typed.toLowerCase())).slice(0, 5);
      return message(`unknown task "${typed}" for domain ${ctx.api.domain}${close.length ? `; did you mean ${close.join(', ')}?` : '; Tab lists the tasks'}`, 'error');
    }
    try {
      return { kind: 'plan', instruction: draft.instruction ?? '', plan: ctx.api.preparePlan(insertNodeAfter(draft, task, at, { branch })) };
    } catch (err) {
      return message(errorMessage(err), 'error');
    }
  },
  complete: (ctx, partial) => ctx.api.tasks().filter((t) => t.toLowerCase().startsWith(partial.toLowerCase())),
};
