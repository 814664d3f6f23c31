/** Parsing, lookup and Tab completion of slash commands: pure functions over the command list. */
import type { CommandContext, CommandResult, SlashCommand } from './types.js';
import { message } from './types.js';

export function isSlashLine(line: string): boolean {
  return line.trimStart().startsWith('/');
}

export function findCommand(commands: readonly SlashCommand[], name: string): SlashCommand | undefined {
  const n = name.toLowerCase();
  return commands.find((c) => c.name === n || (c.altNames ?? []).includes(n));
}

function split(line: string): { name: string; args: string; hasSpace: boolean } {
  const body = line.trimStart().slice(1);
  const space = body.search(/\s/);
  if (space < 0) return { name: body, args: '', hasSpace: false };
  return { name: body.slice(0, space), args: body.slice(space + 1), hasSpace: true };
}

export function dispatch(ctx: CommandContext, line: string): CommandResult {
  const { name, args } = split(line);
  const command = findCommand(ctx.commands, name);
  if (!command) return message(`unknown command /${name}; /help lists the commands`, 'error');
  return command.action(ctx, args);
}

export interface Completion {
  /** The line after completion (unchanged when nothing fits). */
  readonly line: string;
  /** Shown when several candidates remain. */
  readonly candidates: readonly string[];
}

function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0] ?? '';
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** Completes the command name, or its argument when the command offers candidates; unique matches get a trailing space. */
export function complete(ctx: CommandContext, line: string): Completion {
  if (!isSlashLine(line)) return { line, candidates: [] };
  const { name, args, hasSpace } = split(line);
  if (!hasSpace) {
    const names = ctx.commands.map((c) => c.name).filter((n) => n.startsWith(name.toLowerCase()));
    if (names.length === 1) return { line: `/${names[0]} `, candidates: [] };
    const prefix = commonPrefix(names);
    return { line: `/${prefix.length > name.length ? prefix : name}`, candidates: names.map((n) => `/${n}`) };
  }
  const command = findCommand(ctx.commands, name);
  if (!command?.complete) return { line, candidates: [] };
  const typed = args.trimStart();
  // Case-insensitive, so "tex" finds "Text-to-Speech"; the candidate's own spelling replaces what was typed.
  const options = command.complete(ctx, typed).filter((o) => o.toLowerCase().startsWith(typed.toLowerCase()));
  if (options.length === 1) return { line: `/${command.name} ${options[0]} `, candidates: [] };
  const prefix = commonPrefix(options);
  return { line: prefix.length > typed.length ? `/${command.name} ${prefix}` : line, candidates: options };
}
