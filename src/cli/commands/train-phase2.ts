import { join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { loadConfig } from '../../config/load.js';
import { UserError } from '../../errors.js';
import { runPhase2 } from '../../training/phase2/trainer.js';
import { defaultRunDir } from '../../training/run-dir.js';
import type { MetricsLine } from '../../types.js';
import type { GlobalArgs } from '../global-args.js';
import { inCi, runTrainingWithUi } from '../training-ui.js';

export interface TrainPhase2Args extends GlobalArgs {
  domain?: string;
  preset?: 'quality' | 'balanced' | 'frugal';
  'run-dir'?: string;
  resume?: boolean;
  iterations?: number;
  seed?: number;
  engine?: 'executor' | 'fast';
  checkpoint?: string;
}

function stepLine(line: MetricsLine): string | undefined {
  if (line.kind !== 'step' || !line.metrics) return undefined;
  const m = line.metrics;
  const f = (k: string, d: number): string => `${k}=${(m[k] ?? 0).toFixed(d)}`;
  return `[phase2] iter ${line.step ?? '?'}/${line.total_steps ?? '?'} ${f('reward', 4)} ${f('success', 3)} ${f('cost_usd', 5)} ${f('latency_s', 2)} ${f('kl', 4)} ${f('entropy', 3)} ${f('episodes_per_s', 0)}`;
}

/** `orchestai train phase2`: PPO worker selection for one domain; writes metrics.jsonl and the checkpoint. */
export const trainPhase2Command: CommandModule<GlobalArgs, TrainPhase2Args> = {
  command: 'phase2',
  describe: 'Train Phase 2 worker selection (PPO) on the simulated model zoo',
  builder: (y) =>
    (y as Argv<GlobalArgs>)
      .option('domain', { type: 'string', describe: 'Domain (default planner.default_domain)' })
      .option('preset', { choices: ['quality', 'balanced', 'frugal'] as const, describe: 'Reward weights (default training.phase2.preset)' })
      .option('run-dir', { type: 'string', describe: 'Directory for metrics.jsonl (default <runs_dir>/phase2-<domain>-<time>)' })
      .option('resume', { type: 'boolean', default: false, describe: 'Continue from the existing checkpoint' })
      .option('iterations', { type: 'number', describe: 'PPO iterations (default training.phase2.iterations)' })
      .option('seed', { type: 'number', describe: 'Seed (default training.phase2.seed)' })
      .option('engine', { choices: ['executor', 'fast'] as const, describe: 'Episode engine (default training.phase2.engine)' })
      .option('checkpoint', { type: 'string', describe: 'Checkpoint directory (default <checkpoint_dir>/<domain>/phase2)' }) as Argv<TrainPhase2Args>,
  handler: async (argv) => {
    if (argv.iterations !== undefined && !(Number.isInteger(argv.iterations) && argv.iterations >= 1)) {
      throw new UserError(`--iterations must be a positive integer, got ${argv.iterations}`);
    }
    const loaded = loadConfig(argv.config);
    const domain = argv.domain ?? loaded.config.planner.default_domain;
    const runDir = argv['run-dir'] ? resolve(argv['run-dir']) : defaultRunDir(loaded, 'phase2', domain);
    const plain = !(process.stdout.isTTY && process.stdin.isTTY && !inCi());
    const result = await runTrainingWithUi('phase2', `Phase 2 PPO - ${domain}`, (onMetrics, signal) =>
      runPhase2(
        {
          loaded,
          domain,
          ...(argv.preset ? { preset: argv.preset } : {}),
          runDir,
          ...(argv.resume ? { resume: true } : {}),
          ...(argv.iterations !== undefined ? { iterations: argv.iterations } : {}),
          ...(argv.seed !== undefined ? { seed: argv.seed } : {}),
          ...(argv.engine ? { engine: argv.engine } : {}),
          ...(argv.checkpoint ? { checkpointDir: argv.checkpoint } : {}),
        },
        {
          signal,
          onMetrics: (line) => {
            onMetrics(line);
            const text = plain ? stepLine(line) : undefined;
            if (text) process.stderr.write(`${text}\n`);
          },
        },
      ),
      join(runDir, 'metrics.jsonl'),
    );
    process.stdout.write(`phase2 checkpoint: ${result.checkpointPath}\nmetrics: ${result.metricsPath}\n`);
  },
};
