import type { Argv, CommandModule } from 'yargs';
import { loadConfig, resolveFrom } from '../../config/load.js';
import { listDomains, loadDomain } from '../../data/domain.js';
import { UserError } from '../../errors.js';
import { buildWorkerRegistry } from '../../workers/registry.js';
import type { GlobalArgs } from '../global-args.js';

const checkCommand: CommandModule<GlobalArgs, GlobalArgs> = {
      command: 'check',
      describe: 'Validate config.yaml, the domains and the workers it names; exit 2 on any problem',
      handler: (argv) => {
        const loaded = loadConfig(argv.config);
        const dataDir = resolveFrom(loaded, loaded.config.planner.data_dir);
        const names = listDomains(dataDir);
        if (!names.includes(loaded.config.planner.default_domain)) {
          throw new UserError(
            `invalid config ${loaded.path ?? '(defaults)'}:\n  - planner.default_domain: "${loaded.config.planner.default_domain}" is not a domain in ${dataDir} (known: ${names.join(', ') || 'none'})`,
          );
        }
        const domains = names.map((n) => loadDomain(dataDir, n));
        const registry = buildWorkerRegistry(loaded.config, domains);
        process.stdout.write(
          `config ok: ${loaded.path ?? '(built-in defaults)'}\n` +
            `  domains: ${domains.map((d) => `${d.name} (${d.tools.length} tools)`).join(', ')}\n` +
            `  workers: ${registry.profiles.length} (${[...new Set(registry.profiles.map((p) => p.provider))].join(', ')})\n`,
        );
      },
};

export const configCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'config',
  describe: 'Inspect the configuration',
  builder: (y) => (y as Argv<GlobalArgs>).command(checkCommand).demandCommand(1, 'say which action: `orchestai config check`'),
  handler: () => undefined,
};
