import { dropNode, shortNodeId } from '../../core/plan-edit.js';
import { errorMessage } from '../../errors.js';
import { currentDraft, isPlan } from './draft.js';
import type { SlashCommand } from './types.js';
import { message } from './types.js';

export const dropCommand: SlashCommand = {
  name: 'drop',
  usage: 'drop nK',
  description: 'Remove node nK; the nodes it fed take its inputs',
  action(ctx, args) {
    const ref = args.trim();
    if (!ref) return message('usage: /drop nK (the node ids the plan shows)', 'error');
    const draft = currentDraft(ctx);
    if (!isPlan(draft)) return draft;
    try {
      return { kind: 'plan', instruction: draft.instruction ?? '', plan: ctx.api.preparePlan(dropNode(draft, ref)) };
    } catch (err) {
      return message(errorMessage(err), 'error');
    }
  },
  complete: (ctx) => (ctx.draft?.nodes ?? []).map((n) => shortNodeId(n.id)),
};
