import { currentDraft, isPlan } from './draft.js';
import type { SlashCommand } from './types.js';

export const goCommand: SlashCommand = {
  name: 'go',
  description: "Run the plan /plan showed (or the last run's), as /add and /drop left it",
  action(ctx) {
    const draft = currentDraft(ctx);
    if (!isPlan(draft)) return draft;
    return { kind: 'run', instruction: draft.instruction ?? '', plan: draft };
  },
};
