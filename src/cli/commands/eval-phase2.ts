import type { Argv, CommandModule } from 'yargs';
import { loadConfig } from '../../config/load.js';
import { UserError } from '../../errors.js';
import { evaluatePhase2 } from '../../evaluation/phase2-eval.js';
import { formatPhase2Report } from '../../evaluation/phase2-report.js';
import type { GlobalArgs } from '../global-args.js';

export interface EvalPhase2Args extends GlobalArgs {
  domain?: string;
  episodes: number;
  seed: number;
  json?: boolean;
  preset?: 'quality' | 'balanced' | 'frugal';
  checkpoint?: string;
  engine?: 'executor' | 'fast';
}

/** `orchestai eval phase2`: PPO against random, cheapest, best_single, greedy and the oracle on held-out instructions. */
export const evalPhase2Command: CommandModule<GlobalArgs, EvalPhase2Args> = {
  command: 'phase2',
  describe: 'Score Phase 2 worker selection (PPO vs baselines and the oracle) on held-out instructions',
  builder: (y) =>
    (y as Argv<GlobalArgs>)
      .option('domain', { type: 'string', describe: 'Domain (default planner.default_domain)' })
      .option('episodes', { type: 'number', default: 500, describe: 'Episodes per policy' })
      .option('seed', { type: 'number', default: 1, describe: 'Seed of the episode draws' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON' })
      .option('preset', { choices: ['quality', 'balanced', 'frugal'] as const, describe: 'Reward weights (default training.phase2.preset)' })
      .option('checkpoint', { type: 'string', describe: 'Phase 2 checkpoint directory (default <checkpoint_dir>/<domain>/phase2)' })
      .option('engine', { choices: ['executor', 'fast'] as const, describe: 'Run episodes through the executor or the fast sampler (default training.phase2.engine)' }) as Argv<EvalPhase2Args>,
  handler: async (argv) => {
    if (!(Number.isInteger(argv.episodes) && argv.episodes >= 1)) throw new UserError(`--episodes must be a positive integer, got ${argv.episodes}`);
    if (!Number.isInteger(argv.seed)) throw new UserError(`--seed must be an integer, got ${argv.seed}`);
    const loaded = loadConfig(argv.config);
    const report = await evaluatePhase2({
      loaded,
      domain: argv.domain ?? loaded.config.planner.default_domain,
      episodes: argv.episodes,
      seed: argv.seed,
      ...(argv.preset ? { preset: argv.preset } : {}),
      ...(argv.checkpoint ? { checkpointDir: argv.checkpoint } : {}),
      ...(argv.engine ? { engine: argv.engine } : {}),
    });
    process.stdout.write(argv.json ? `${JSON.stringify(report)}\n` : `${formatPhase2Report(report)}\n`);
  },
};
