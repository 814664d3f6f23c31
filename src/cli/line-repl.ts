import { createInterface } from 'node:readline';
import type { Orchestrator } from '../core/orchestrator.js';
import { errorMessage } from '../errors.js';
import { EXIT } from './exit-codes.js';
import { describeEvent, finalOutputs, outputText, taskIndex } from './format.js';

/**
 * The plain line session: used when stdin is not a terminal (scripts) or the
 * terminal UI is unavailable. One instruction per line, plain results out.
 */
export async function runLineRepl(
  orchestrator: Orchestrator,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; prompt: boolean; signal?: AbortSignal },
): Promise<number> {
  const rl = createInterface({ input: io.input, terminal: false, crlfDelay: Infinity });
  const write = (s: string): void => void io.output.write(s);
  let worst: number = EXIT.ok;
  if (io.prompt) write(`orchestai (${orchestrator.domain}) — type an instruction, /help, or /quit\n> `);
  for await (const raw of rl) {
    const line = raw.trim();
    if (!line) {
      if (io.prompt) write('> ');
      continue;
    }
    if (line === '/quit' || line === '/exit') break;
    if (line.startsWith('/domain')) {
      const name = line.split(/\s+/)[1];
      try {
        if (name) orchestrator.setDomain(name);
        write(`domain: ${orchestrator.domain} (known: ${orchestrator.domains().join(', ')})\n`);
      } catch (err) {
        write(`error: ${errorMessage(err)}\n`);
      }
    } else if (line === '/help') {
      write('Type an instruction to plan and run it. /domain [name], /quit.\n');
    } else {
      let tasks = new Map<string, string>();
      const outcome = await orchestrator.runToEnd(line, {
        ...(io.signal ? { signal: io.signal } : {}),
        onEvent: (event) => {
          if (event.type === 'plan-ready') tasks = taskIndex(event.plan);
          const text = describeEvent(event, tasks);
          if (text !== undefined) write(`${text}\n`);
        },
      });
      if (outcome.ok) {
        for (const a of finalOutputs(outcome.plan, outcome.result)) {
          write(`answer (${a.id} ${a.task}): ${outputText(a.output)}\n`);
        }
        if (outcome.result.status !== 'succeeded') worst = Math.max(worst, EXIT.runFailed);
      } else {
        worst = Math.max(worst, EXIT.runFailed);
      }
      if (io.signal?.aborted) return EXIT.interrupted;
    }
    if (io.prompt) write('> ');
  }
  return worst;
}
