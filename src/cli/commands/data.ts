import { writeFileSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { loadConfig, resolveFrom } from '../../config/load.js';
import { loadDomain } from '../../data/domain.js';
import { formatImportSummary, formatIssue, loadDomainSamples } from '../../data/import-taskbench.js';
import { importDataset } from '../../data/import-dataset.js';
import { toJsonl } from '../../data/jsonl.js';
import { prepareFromLogs } from '../../data/prepare-logs.js';
import { domainStats, formatStats } from '../../data/stats.js';
import type { GlobalArgs } from '../global-args.js';

export interface Io {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

const MAX_ISSUES_SHOWN = 20;

function reportIssues(stderr: NodeJS.WritableStream, issues: readonly string[]): void {
  for (const text of issues.slice(0, MAX_ISSUES_SHOWN)) stderr.write(`  ${text}\n`);
  if (issues.length > MAX_ISSUES_SHOWN) stderr.write(`  ... ${issues.length - MAX_ISSUES_SHOWN} more\n`);
}

function dataDirOf(config?: string): string {
  const loaded = loadConfig(config);
  return resolveFrom(loaded, loaded.config.planner.data_dir);
}

export interface DataImportArgs extends GlobalArgs {
  domain: string;
  from: string;
  as?: string;
  force?: boolean;
}

export function runDataImport(argv: DataImportArgs, io: Io): number {
  const done = importDataset({ dataDir: dataDirOf(argv.config), domain: argv.domain, from: argv.from, ...(argv.as ? { as: argv.as } : {}), ...(argv.force ? { force: true } : {}) });
  if (done.result) {
    io.stderr.write(`orchestai data import: ${formatImportSummary(done.result)}\n`);
    reportIssues(io.stderr, done.result.issues.map(formatIssue));
  }
  const copied = done.copied.length ? `copied ${done.copied.join(', ')}` : 'catalogue unchanged';
  const wrote = done.samplesFile ? `; wrote ${done.result?.counts.samples ?? 0} samples to ${done.samplesFile}` : '; no samples file found';
  io.stdout.write(`domain ${argv.domain} in ${done.dir}: ${copied}${wrote}\n`);
  return 0;
}

export interface DataPrepareArgs extends GlobalArgs {
  logs: string;
  out: string;
  domain?: string;
}

export function runDataPrepare(argv: DataPrepareArgs, io: Io): number {
  const loaded = loadConfig(argv.config);
  const logs = argv.logs || resolveFrom(loaded, loaded.config.logging.dir);
  const { examples, issues, report } = prepareFromLogs(logs, argv.domain ? { domain: argv.domain } : {});
  for (const i of issues.slice(0, MAX_ISSUES_SHOWN)) io.stderr.write(`orchestai data prepare: ${i.file}:${i.line}: skipped: ${i.reason}\n`);
  if (issues.length > MAX_ISSUES_SHOWN) io.stderr.write(`orchestai data prepare: ... ${issues.length - MAX_ISSUES_SHOWN} more malformed lines\n`);
  const text = toJsonl(examples);
  // yargs hands a bare `--out -` over as an empty string.
  const toStdout = argv.out === '-' || argv.out === '';
  if (toStdout) io.stdout.write(text);
  else writeFileSync(argv.out, text);
  const summary =
    `${report.examples} training examples from ${report.lines} log lines in ${report.files} files` +
    ` (${report.malformed} malformed, ${report.cancelled} cancelled runs, ${report.emptyPlans} empty plans skipped)` +
    (toStdout ? '' : ` -> ${argv.out}`);
  (toStdout ? io.stderr : io.stdout).write(`${summary}\n`);
  return 0;
}

export interface DataStatsArgs extends GlobalArgs {
  domain?: string;
  json?: boolean;
  issues?: boolean;
}

export function runDataStats(argv: DataStatsArgs, io: Io): number {
  const loaded = loadConfig(argv.config);
  const dataDir = resolveFrom(loaded, loaded.config.planner.data_dir);
  const name = argv.domain ?? loaded.config.planner.default_domain;
  const domain = loadDomain(dataDir, name);
  const result = loadDomainSamples(dataDir, name);
  const stats = domainStats(domain, result);
  io.stdout.write(`${argv.json ? JSON.stringify(stats) : formatStats(stats)}\n`);
  if (argv.issues) for (const i of result.issues) io.stderr.write(`${formatIssue(i)}\n`);
  return 0;
}

const importCommand: CommandModule<GlobalArgs, DataImportArgs> = {
  command: 'import',
  describe: 'Copy and normalise a TaskBench-format dataset (catalogue + samples) into data/<domain>/',
  builder: (y) =>
    (y as Argv<GlobalArgs>)
      .option('domain', { type: 'string', demandOption: true, describe: 'Domain name (directory under planner.data_dir)' })
      .option('from', { type: 'string', demandOption: true, describe: 'Dataset directory (tool_desc.json, graph_desc.json, *.jsonl) or one samples file' })
      .option('as', { type: 'string', describe: 'Samples file name to write (default train.jsonl)' })
      .option('force', { type: 'boolean', describe: 'Replace an existing samples file' }) as Argv<DataImportArgs>,
  handler: (argv) => {
    process.exitCode = runDataImport(argv, process);
  },
};

const prepareCommand: CommandModule<GlobalArgs, DataPrepareArgs> = {
  command: 'prepare',
  describe: 'Turn execution logs into training examples (JSONL: instruction, targets, rewards)',
  builder: (y) =>
    (y as Argv<GlobalArgs>)
      .option('logs', { type: 'string', default: '', defaultDescription: 'logging.dir', describe: 'Execution log directory or one executions_*.jsonl file' })
      .option('out', { type: 'string', demandOption: true, describe: 'Output JSONL (--out=- for stdout)' })
      .option('domain', { type: 'string', describe: 'Only runs of this domain' }) as Argv<DataPrepareArgs>,
  handler: (argv) => {
    process.exitCode = runDataPrepare(argv, process);
  },
};

const statsCommand: CommandModule<GlobalArgs, DataStatsArgs> = {
  command: 'stats',
  describe: "Counts of a domain's samples by type and task, and the out-of-catalogue report",
  builder: (y) =>
    (y as Argv<GlobalArgs>)
      .option('domain', { type: 'string', describe: 'Domain (default planner.default_domain)' })
      .option('json', { type: 'boolean', describe: 'Print JSON' })
      .option('issues', { type: 'boolean', describe: 'List every skipped sample on stderr (file:line: reason)' }) as Argv<DataStatsArgs>,
  handler: (argv) => {
    process.exitCode = runDataStats(argv, process);
  },
};

export const dataCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'data',
  describe: 'Datasets: import a TaskBench-format dataset, prepare training examples from logs, show stats',
  builder: (y) =>
    (y as Argv<GlobalArgs>)
      .command(importCommand)
      .command(prepareCommand)
      .command(statsCommand)
      .demandCommand(1, 'give a data command: import, prepare or stats'),
  handler: () => {},
};
