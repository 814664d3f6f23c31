import { createInterface } from 'node:readline';
import { memoryUserState } from '../config/user-state.js';
import type { Orchestrator } from '../core/orchestrator.js';
import { errorMessage } from '../errors.js';
import { dispatch, isSlashLine } from '../tui/commands/dispatch.js';
import { builtinCommands } from '../tui/commands/index.js';
import type { CommandContext } from '../tui/commands/types.js';
import type { Plan } from '../types.js';
import { EXIT } from './exit-codes.js';
import { describeEvent, describePlan, finalOutputs, outputText, taskIndex } from './format.js';

/** Columns the plain session formats tables for: it may be writing to a file. */
const PLAIN_WIDTH = 100;

/**
 * The plain line session: used when stdin is not a terminal (scripts) or the
 * terminal UI is unavailable. One instruction or slash command per line (the
 * interactive session's commands, /plan, /add, /drop and /go included), plain
 * results out. A run that fails or a command that errs makes the exit code
 * non-zero; the session goes on with the next line.
 */
export async function runLineRepl(
  orchestrator: Orchestrator,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; prompt: boolean; signal?: AbortSignal },
): Promise<number> {
  const rl = createInterface({ input: io.input, terminal: false, crlfDelay: Infinity });
  const write = (s: string): void => void io.output.write(s);
  const userState = memoryUserState();
  let draft: Plan | null = null;
  let worst: number = EXIT.ok;

  const runOne = async (instruction: string, plan?: Plan): Promise<void> => {
    let tasks = new Map<string, string>();
    const outcome = await orchestrator.runToEnd(instruction, {
      ...(io.signal ? { signal: io.signal } : {}),
      ...(plan ? { plan } : {}),
      onEvent: (event) => {
        if (event.type === 'plan-ready') tasks = taskIndex(event.plan);
        const text = describeEvent(event, tasks);
        if (text !== undefined) write(`${text}\n`);
      },
    });
    if (!outcome.ok) {
      worst = Math.max(worst, EXIT.runFailed);
      return;
    }
    draft = outcome.plan;
    for (const a of finalOutputs(outcome.plan, outcome.result)) write(`answer (${a.id} ${a.task}): ${outputText(a.output)}\n`);
    if (outcome.result.status !== 'succeeded') worst = Math.max(worst, EXIT.runFailed);
  };

  if (io.prompt) write(`orchestai (${orchestrator.domain}) — type an instruction, /help, or /quit\n> `);
  for await (const raw of rl) {
    const line = raw.trim();
    if (!line) {
      if (io.prompt) write('> ');
      continue;
    }
    userState.pushHistory(line);
    try {
      if (!isSlashLine(line)) await runOne(line);
      else {
        const ctx: CommandContext = { api: orchestrator, userState, commands: builtinCommands, width: PLAIN_WIDTH, draft, plain: true };
        const result = dispatch(ctx, line);
        switch (result.kind) {
          case 'message':
            write(result.tone === 'error' ? `error: ${result.text}\n` : `${result.text}\n`);
            if (result.tone === 'error') worst = Math.max(worst, EXIT.usage);
            break;
          case 'plan':
            draft = result.plan;
            write(`${describePlan(result.plan)}\n`);
            break;
          case 'run':
            await runOne(result.instruction, result.plan);
            break;
          case 'clear':
            break;
          case 'quit':
            return worst;
          default: {
            const unhandled: never = result;
            return unhandled;
          }
        }
      }
    } catch (err) {
      write(`error: ${errorMessage(err)}\n`);
      worst = Math.max(worst, EXIT.runFailed);
    }
    if (io.signal?.aborted) return EXIT.interrupted;
    if (io.prompt) write('> ');
  }
  return worst;
}
