import type { Argv, CommandModule } from 'yargs';
import { metricsFileOf, snapshotOf } from '../../monitor/snapshot-file.js';

interface GlobalArgs {
  config?: string;
}

interface MonitorArgs extends GlobalArgs {
  path: string;
  once?: boolean;
  ascii?: boolean;
  interval?: number;
  'stale-after'?: number;
}

/** A run directory means <dir>/metrics.jsonl; anything else must be the metrics file itself. */
export async function resolveMetricsPath(path: string): Promise<string> {
  return metricsFileOf(path);
}

export const monitorCommand: CommandModule<GlobalArgs, MonitorArgs> = {
  command: 'monitor <path>',
  describe: 'Watch a training run (run dir or metrics.jsonl): live charts, epochs and log; works over SSH and in tmux',
  builder: (y) =>
    (y as Argv<GlobalArgs>)
      .positional('path', { type: 'string', demandOption: true, describe: 'Training run directory (runs/<id>) or its metrics.jsonl' })
      .option('once', { type: 'boolean', default: false, describe: 'Print a plain-text snapshot and exit' })
      .option('ascii', { type: 'boolean', default: false, describe: 'ASCII only (for terminals without UTF-8)' })
      .option('interval', { type: 'number', default: 500, describe: 'Poll interval in ms' })
      .option('stale-after', { type: 'number', default: 30, describe: 'Seconds without new metrics before the run is shown as stale' }) as Argv<MonitorArgs>,
  handler: async (argv) => {
    const file = await resolveMetricsPath(argv.path);
    if (argv.once || !process.stdout.isTTY) {
      process.stdout.write(snapshotOf(file, { width: Math.min(process.stdout.columns || 80, 120), ascii: Boolean(argv.ascii), staleAfterS: argv['stale-after'] ?? 30 }));
      process.exitCode = 0;
      return;
    }
    const { runMonitorScreen } = await import('../../monitor/screen.js');
    process.exitCode = await runMonitorScreen({
      file,
      intervalMs: argv.interval ?? 500,
      staleAfterS: argv['stale-after'] ?? 30,
      ascii: Boolean(argv.ascii),
    });
  },
};
