import type { UserState } from '../../config/user-state.js';
import type { OrchestratorApi, Plan } from '../../types.js';

/** What a command may touch: deliberately narrow so commands stay testable with a fake api. */
export interface CommandContext {
  readonly api: OrchestratorApi;
  readonly userState: UserState;
  readonly commands: readonly SlashCommand[];
  /** Terminal columns, so tables fit without wrapping. */
  readonly width: number;
  /** The plan /plan showed last, as /add and /drop left it: what /go runs. */
  readonly draft: Plan | null;
  /** The plain line session (no keys, no screen): /help leaves the key bindings out. */
  readonly plain?: boolean;
}

/** What the app does after a command; the App owns every side effect on the screen. */
export type CommandResult =
  | { readonly kind: 'message'; readonly text: string; readonly tone?: 'info' | 'error' }
  /** With `plan`, that plan runs as it is (routed first) instead of planning the instruction. */
  | { readonly kind: 'run'; readonly instruction: string; readonly plan?: Plan }
  /** Shows the plan and makes it the draft. */
  | { readonly kind: 'plan'; readonly instruction: string; readonly plan: Plan }
  | { readonly kind: 'clear' }
  | { readonly kind: 'quit' };

export interface SlashCommand {
  readonly name: string;
  readonly altNames?: readonly string[];
  /** `/name <args>` as shown by /help. */
  readonly usage?: string;
  readonly description: string;
  action(ctx: CommandContext, args: string): CommandResult;
  /** Candidates for the argument being typed (Tab). */
  complete?(ctx: CommandContext, partial: string): readonly string[];
}

export const message = (text: string, tone: 'info' | 'error' = 'info'): CommandResult => ({ kind: 'message', text, tone });
