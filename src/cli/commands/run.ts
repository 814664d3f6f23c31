import type { Argv, CommandModule } from 'yargs';
import { UserError } from '../../errors.js';
import type { SessionEvent } from '../../types.js';
import { exitCodeForStatus, EXIT } from '../exit-codes.js';
import { describeEvent, finalOutputs, outputText, taskIndex } from '../format.js';
import type { GlobalArgs } from '../global-args.js';
import { abortOnSigint } from '../interrupt.js';
import { readPlanFile } from '../plan-file.js';
import { buildRuntime, runtimeFlags, type RuntimeFlags } from '../runtime.js';

interface RunArgs extends GlobalArgs, RuntimeFlags {
  instruction?: string;
  json?: boolean;
  plan?: string;
}

export const runCommand: CommandModule<GlobalArgs, RunArgs> = {
  command: 'run [instruction]',
  describe: 'Plan one instruction and run it on the workers, streaming one line per node event',
  builder: (y) =>
    runtimeFlags(y as Argv<GlobalArgs>)
      .positional('instruction', { type: 'string', describe: 'What to do, in plain language' })
      .option('plan', { type: 'string', describe: 'Run this plan file ({"nodes": [{"id", "task", "deps", "worker"?}]}) instead of planning' })
      .check((a) => {
        if (!a.instruction && !a.plan) throw new UserError('give an instruction, or --plan FILE (see `orchestai run --help`)', EXIT.usage);
        return true;
      })
      .option('json', { type: 'boolean', describe: 'Print one final JSON object (plan, per-node results, totals) instead of event lines' }) as Argv<RunArgs>,
  handler: async (argv) => {
    process.exitCode = await runOnce(argv, process.stdout);
  },
};

export async function runOnce(argv: RunArgs, out: NodeJS.WritableStream): Promise<number> {
  const runtime = await buildRuntime(argv, argv);
  const interrupt = abortOnSigint();
  let tasks = new Map<string, string>();
  const onEvent = (event: SessionEvent): void => {
    // A refusal is reported once, on stderr, by the error below.
    if (argv.json || event.type === 'plan-refused') return;
    if (event.type === 'plan-ready') tasks = taskIndex(event.plan);
    const line = describeEvent(event, tasks);
    if (line !== undefined) out.write(`${line}\n`);
  };
  try {
    const plan = argv.plan ? readPlanFile(argv.plan) : undefined;
    const outcome = await runtime.orchestrator.runToEnd(argv.instruction ?? plan?.instruction ?? '', {
      signal: interrupt.signal,
      onEvent,
      ...(plan ? { plan } : {}),
    });
    if (!outcome.ok) throw new UserError(`plan refused: ${outcome.reason}`, EXIT.usage);
    if (argv.json) {
      out.write(
        `${JSON.stringify({
          runId: outcome.runId,
          instruction: outcome.plan.instruction,
          domain: outcome.plan.domain,
          status: outcome.result.status,
          plan: outcome.plan,
          planLatencyMs: outcome.planLatencyMs,
          nodes: outcome.result.nodes,
          totals: { wallMs: outcome.result.wallMs, ...outcome.result.totals },
          answer: finalOutputs(outcome.plan, outcome.result),
          simulated: runtime.simulatedOnly,
        })}\n`,
      );
    } else {
      for (const a of finalOutputs(outcome.plan, outcome.result)) {
        out.write(`answer (${a.id} ${a.task}): ${outputText(a.output)}\n`);
      }
    }
    return exitCodeForStatus(outcome.result.status);
  } finally {
    interrupt.dispose();
  }
}
