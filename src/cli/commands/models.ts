import type { Argv, CommandModule } from 'yargs';
import { loadConfig, resolveFrom } from '../../config/load.js';
import { listDomains, loadDomain } from '../../data/domain.js';
import { buildWorkerRegistry } from '../../workers/registry.js';
import type { GlobalArgs } from '../global-args.js';

interface ModelsArgs extends GlobalArgs {
  json?: boolean;
  task?: string;
}

export const modelsCommand: CommandModule<GlobalArgs, ModelsArgs> = {
  command: 'models',
  describe: 'List workers, their providers, the real models they stand for and their prices',
  builder: (y) =>
    (y as Argv<GlobalArgs>)
      .option('json', { type: 'boolean', describe: 'Print JSON' })
      .option('task', { type: 'string', describe: 'Only workers serving this task type' }) as Argv<ModelsArgs>,
  handler: (argv) => {
    const loaded = loadConfig(argv.config);
    const dataDir = resolveFrom(loaded, loaded.config.planner.data_dir);
    const domains = listDomains(dataDir).map((d) => loadDomain(dataDir, d));
    const registry = buildWorkerRegistry(loaded.config, domains);
    const profiles = registry.profiles.filter((p) => !argv.task || p.tasks === '*' || p.tasks.includes(argv.task));
    if (argv.json) {
      process.stdout.write(`${JSON.stringify({ workers: profiles }, null, 2)}\n`);
      return;
    }
    // Task models bill GPU seconds per call, LLMs bill tokens: show each in its own unit.
    const price = (p: (typeof profiles)[number]): string =>
      p.kind === 'task-model' && p.usdPerCall !== undefined
        ? `$${p.usdPerCall.toPrecision(2)} per call`
        : `$${p.priceInPer1M.toFixed(3)} in / $${p.priceOutPer1M.toFixed(3)} out per 1M tok`;
    const rows = profiles.map((p) => [
      p.id,
      p.provider + (p.simulated ? ' (simulated)' : ''),
      p.model,
      price(p),
      p.tasks === '*' ? 'all' : p.tasks.length === 1 ? (p.tasks[0] ?? '') : `${p.tasks.length} task types`,
    ]);
    const header = ['worker', 'provider', 'stands for / model', 'list price', 'serves'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const fmt = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
    process.stdout.write(`${[fmt(header), ...rows.map(fmt)].join('\n')}\n`);
    if (profiles.some((p) => p.simulated)) {
      process.stdout.write('\nSimulated workers are the offline zoo: outputs are simulated; prices are the real models\' list prices (sources: data/zoo/).\n');
    }
  },
};
