import type { Argv, CommandModule } from 'yargs';
import { createUserState } from '../../config/user-state.js';
import { runBatch } from '../batch.js';
import type { GlobalArgs } from '../global-args.js';
import { abortOnSigint } from '../interrupt.js';
import { runLineRepl } from '../line-repl.js';
import { buildRuntime, runtimeFlags, type RuntimeFlags } from '../runtime.js';

interface SessionArgs extends GlobalArgs, RuntimeFlags {
  batch?: string;
  out?: string;
  concurrency?: number;
}

export const interactiveCommand: CommandModule<GlobalArgs, SessionArgs> = {
  command: '$0',
  describe: 'Interactive session (terminal UI); with --batch, run a file of instructions',
  builder: (y) =>
    runtimeFlags(y as Argv<GlobalArgs>)
      .option('batch', { type: 'string', describe: 'Run instructions from a file (or - for stdin): JSONL {"id","instruction"} or one instruction per line' })
      .option('out', { type: 'string', describe: 'With --batch: write JSONL results here instead of stdout' })
      .option('concurrency', { type: 'number', default: 4, describe: 'With --batch: instructions run at once' }) as Argv<SessionArgs>,
  handler: async (argv) => {
    const userState = createUserState();
    const domain = argv.domain ?? (argv.batch === undefined ? userState.lastDomain() : undefined);
    const runtime = await buildRuntime(argv, { ...argv, ...(domain ? { domain } : {}) }).catch(async (err: unknown) => {
      // A remembered domain that no longer exists must not lock the user out.
      if (!argv.domain && domain) return buildRuntime(argv, argv);
      throw err;
    });
    if (argv.batch !== undefined) {
      const interrupt = abortOnSigint();
      try {
        process.exitCode = await runBatch(runtime.orchestrator, {
          input: argv.batch,
          concurrency: argv.concurrency ?? 4,
          signal: interrupt.signal,
          ...(argv.out ? { out: argv.out } : {}),
        });
      } finally {
        interrupt.dispose();
      }
      return;
    }
    if (process.stdin.isTTY && process.stdout.isTTY) {
      // A person at a terminal wants live rendering even where CI is set (Ink reads it when loaded).
      process.env.CI = '0';
      process.env.CONTINUOUS_INTEGRATION = '0';
      const { startInteractiveApp } = await import('../../tui/index.js');
      process.exitCode = await startInteractiveApp(runtime.orchestrator, {
        userState,
        noColor: Boolean(process.env.NO_COLOR),
      });
      return;
    }
    const interrupt = abortOnSigint();
    try {
      process.exitCode = await runLineRepl(runtime.orchestrator, { input: process.stdin, output: process.stdout, prompt: false, signal: interrupt.signal });
    } finally {
      interrupt.dispose();
    }
  },
};
