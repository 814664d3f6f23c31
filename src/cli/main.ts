import 'dotenv/config';
import yargs, { type Argv, type CommandModule } from 'yargs';
import { UserError, errorMessage } from '../errors.js';
import { configCommand } from './commands/config-check.js';
import { dataCommand } from './commands/data.js';
import { evalCommand, type EvalArgs } from './commands/eval.js';
import { evalPhase2Command } from './commands/eval-phase2.js';
import { monitorCommand } from './commands/monitor.js';
import { trainPhase1Command } from './commands/train-phase1.js';
import { trainPhase2Command } from './commands/train-phase2.js';
import { planCommand } from './commands/plan.js';
import { interactiveCommand } from './commands/interactive.js';
import { modelsCommand } from './commands/models.js';
import { runCommand } from './commands/run.js';
import { EXIT } from './exit-codes.js';
import type { GlobalArgs } from './global-args.js';
import { quietTfjs } from './quiet-tfjs.js';

/** `eval` scores the planner; `eval phase2` compares worker-selection policies: one command, one subcommand. */
const evalWithPhase2: CommandModule<GlobalArgs, EvalArgs> = {
  ...evalCommand,
  builder: (y: Argv<GlobalArgs>) => {
    const build = evalCommand.builder;
    const withChild = y.command(evalPhase2Command);
    return typeof build === 'function' ? (build(withChild) as Argv<EvalArgs>) : (withChild as Argv<EvalArgs>);
  },
};

function fail(message: string, code: number): void {
  process.stderr.write(`orchestai: ${message}\n`);
  process.exitCode = code;
}

/** `orchestai ... | head` closes our stdout early: stop quietly instead of throwing EPIPE. */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

export async function main(args: readonly string[]): Promise<void> {
  exitQuietlyOnClosedPipe(process.stdout);
  // These commands load tfjs models; its install banner would land in their output.
  if (['plan', 'eval', 'train'].includes(args[0] ?? '')) await quietTfjs();
  const parser = yargs(args as string[])
    .scriptName('orchestai')
    .usage('$0 [command]\n\nTurn one instruction into a DAG of model calls, plan it with a learned planner, and run it in parallel.')
    .option('config', { type: 'string', global: true, describe: 'Path to config.yaml (default: $ORCHESTAI_CONFIG, ./config.yaml, then the shipped one)' })
    .command(interactiveCommand)
    .command(runCommand)
    .command(planCommand)
    .command(evalWithPhase2)
    .command({
      command: 'train',
      describe: 'Train the planner (phase1, supervised) or the worker selection (phase2, PPO)',
      builder: (y) => y.command(trainPhase1Command).command(trainPhase2Command).demandCommand(1, 'say which phase: `orchestai train phase1` or `orchestai train phase2`'),
      handler: () => undefined,
    })
    .command(monitorCommand)
    .command(dataCommand)
    .command(modelsCommand)
    .command(configCommand)
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      throw new UserError(`${msg}\nRun \`orchestai --help\` for usage.`, EXIT.usage);
    });
  try {
    await parser.parseAsync();
  } catch (err) {
    if (UserError.isInstance(err)) fail(err.message, err.exitCode);
    else {
      fail(errorMessage(err), EXIT.runFailed);
      if (process.env.ORCHESTAI_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    }
  }
}

export type { GlobalArgs };
