import { join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { loadConfig } from '../../config/load.js';
import { UserError } from '../../errors.js';
import { membersFor, runPhase1Ensemble } from '../../training/phase1/ensemble.js';
import { defaultRunDir } from '../../training/run-dir.js';
import { EXIT } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';
import { runTrainingWithUi } from '../training-ui.js';

export interface TrainPhase1Args extends GlobalArgs {
  domain?: string;
  epochs?: number;
  'batch-size'?: number;
  lr?: number;
  'lambda-dag'?: number;
  seed?: number;
  members?: number;
  'run-dir'?: string;
  resume?: boolean;
  out?: string;
}

function positiveInt(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 1)) throw new UserError(`--${name} must be a positive integer, got ${value}`);
}

/** `orchestai train phase1`: supervised training of the learned planner for one domain. */
export const trainPhase1Command: CommandModule<GlobalArgs, TrainPhase1Args> = {
  command: 'phase1',
  describe: 'Train the learned planner (Phase 1, supervised) on the domain samples',
  builder: (y) =>
    (y as Argv<GlobalArgs>)
      .option('domain', { type: 'string', describe: 'Domain (default planner.default_domain)' })
      .option('epochs', { type: 'number', describe: 'Maximum epochs (default training.phase1.epochs)' })
      .option('batch-size', { type: 'number', describe: 'Batch size (default training.phase1.batch_size)' })
      .option('lr', { type: 'number', describe: 'Adam learning rate (default training.phase1.lr)' })
      .option('lambda-dag', { type: 'number', describe: 'Weight of the DAG penalty (default training.phase1.lambda_dag)' })
      .option('seed', { type: 'number', describe: 'Seed for initialisation, shuffling and the validation split (default training.phase1.seed)' })
      .option('members', { type: 'number', describe: 'Networks to train and average when planning, an ensemble (default training.phase1.members)' })
      .option('run-dir', { type: 'string', describe: 'Run directory for metrics.jsonl and state (default <runs_dir>/phase1-<domain>-<time>)' })
      .option('resume', { type: 'boolean', default: false, describe: 'Continue the run in --run-dir from its last finished epoch' })
      .option('out', { type: 'string', describe: 'Where to publish the best checkpoint (default <checkpoint_dir>/<domain>)' }) as Argv<TrainPhase1Args>,
  handler: async (argv) => {
    positiveInt('epochs', argv.epochs);
    positiveInt('batch-size', argv['batch-size']);
    positiveInt('members', argv.members);
    if (argv.lr !== undefined && !(argv.lr > 0)) throw new UserError(`--lr must be > 0, got ${argv.lr}`);
    if (argv['lambda-dag'] !== undefined && !(argv['lambda-dag'] >= 0)) throw new UserError(`--lambda-dag must be >= 0, got ${argv['lambda-dag']}`);
    if (argv.seed !== undefined && !Number.isInteger(argv.seed)) throw new UserError(`--seed must be an integer, got ${argv.seed}`);
    const loaded = loadConfig(argv.config);
    const domain = argv.domain ?? loaded.config.planner.default_domain;
    const runDir = argv['run-dir'] ? resolve(argv['run-dir']) : defaultRunDir(loaded, 'phase1', domain);
    const members = argv.members ?? membersFor(loaded.config.training.phase1, domain);
    const result = await runTrainingWithUi('phase1', `Phase 1 planner - ${domain}${members > 1 ? ` (${members} networks)` : ''}`, (onMetrics, signal) =>
      runPhase1Ensemble(
        {
          members,
          domain,
          config: loaded,
          printEpochs: false,
          ...(argv.epochs !== undefined ? { epochs: argv.epochs } : {}),
          ...(argv['batch-size'] !== undefined ? { batchSize: argv['batch-size'] } : {}),
          ...(argv.lr !== undefined ? { lr: argv.lr } : {}),
          ...(argv['lambda-dag'] !== undefined ? { lambdaDag: argv['lambda-dag'] } : {}),
          ...(argv.seed !== undefined ? { seed: argv.seed } : {}),
          runDir,
          ...(argv.resume ? { resume: true } : {}),
          ...(argv.out ? { outDir: argv.out } : {}),
        },
        { onMetrics, signal },
      ),
      join(runDir, 'metrics.jsonl'),
    );
    if (result.bestEpoch < 0) {
      process.stdout.write(`phase1 ${domain}: ${result.stopReason} before the first epoch finished; nothing was saved\nrun: ${result.runDir}\n`);
    } else {
      const m = result.bestMetrics;
      const f = (k: string): string => (m[k] === undefined ? '-' : (m[k] as number).toFixed(3));
      if (members > 1)
        process.stdout.write(
          `phase1 ${domain}: ensemble of ${members} networks (best epochs ${result.members.map((r) => r.bestEpoch).join(', ') || 'from an earlier run'}); ` +
            `validation, as served: node-F1 ${f('val_hybrid_node_f1')} link-F1 ${f('val_hybrid_link_f1')}\n`,
        );
      process.stdout.write(
        `phase1 ${domain}: ${result.stopReason} after ${result.epochsRun} epochs on ${result.backend.name}; ${members > 1 ? 'member 1, ' : ''}best epoch ${result.bestEpoch}: ` +
          `val node-F1 ${f('val_node_f1')} link-F1 ${f('val_link_f1')} (chain ${f('val_chain_node_f1')} / ${f('val_chain_link_f1')})\n` +
          `checkpoint: ${result.checkpointDir ?? `(not published) ${result.bestDir}`}\nrun: ${result.runDir}\n`,
      );
    }
    if (result.stopReason === 'aborted') process.exitCode = EXIT.interrupted;
  },
};
