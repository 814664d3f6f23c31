import type { Argv, CommandModule } from 'yargs';
import { loadConfig, resolveFrom, type LoadedConfig } from '../../config/load.js';
import { loadDomain } from '../../data/domain.js';
import { formatImportSummary, formatIssue, importTaskBenchFile, type ImportResult } from '../../data/import-taskbench.js';
import { evaluatePlanner, filterByType, type PlannerEvaluation, type SampleTypeFilter } from '../../evaluation/planner-eval.js';
import type { PlannerMetrics } from '../../evaluation/planner-metrics.js';
import { UserError } from '../../errors.js';
import { createPlanner } from '../../planner/create-planner.js';
import { loadRetrievalPlanner } from '../../planner/retrieval.js';
import type { Planner } from '../../planner/types.js';
import { EXIT } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';

export interface EvalArgs extends GlobalArgs {
  domain?: string;
  data: string;
  json?: boolean;
  type?: SampleTypeFilter;
  planner?: 'learned' | 'retrieval';
}

export interface EvalReport {
  readonly domain: string;
  readonly data: string;
  readonly type: SampleTypeFilter;
  readonly samples: number;
  readonly import: ImportResult['counts'];
  readonly planner: { readonly name: string; readonly version: string; readonly metrics: PlannerMetrics; readonly failures: number };
  /** The retrieval baseline built from train.jsonl minus the evaluated ids; null when the planner under test is that baseline. */
  readonly baseline: { readonly name: string; readonly version: string; readonly metrics: PlannerMetrics; readonly failures: number } | null;
}

/** Dependencies the command needs, injectable so tests can pass fakes. */
export interface EvalDeps {
  readonly createPlanner: (loaded: LoadedConfig, domain: string, options: { kind: 'learned' | 'retrieval' }) => Promise<Planner>;
}

const defaultDeps: EvalDeps = { createPlanner };

/**
 * Scores the configured planner on TaskBench-format samples next to the
 * retrieval baseline. The baseline indexes the domain's train.jsonl WITHOUT
 * the evaluated ids, so evaluating on a split of the training file is fair.
 * When the planner asked for is retrieval (or the learned one fell back to
 * it), that same leak-free baseline is the planner under test.
 */
export async function evaluateCommand(argv: EvalArgs, stderr: NodeJS.WritableStream, deps: EvalDeps = defaultDeps): Promise<EvalReport> {
  const loaded = loadConfig(argv.config);
  const dataDir = resolveFrom(loaded, loaded.config.planner.data_dir);
  const domainName = argv.domain ?? loaded.config.planner.default_domain;
  const domain = loadDomain(dataDir, domainName);
  const type = argv.type ?? 'all';
  const imported = importTaskBenchFile(argv.data, { domain });
  if (imported.issues.length > 0) {
    stderr.write(`orchestai eval: ${formatImportSummary(imported)}\n`);
    for (const issue of imported.issues.slice(0, 10)) stderr.write(`  ${formatIssue(issue)}\n`);
    if (imported.issues.length > 10) stderr.write(`  ... ${imported.issues.length - 10} more\n`);
  }
  const samples = filterByType(imported.samples, type);
  if (samples.length === 0) throw new UserError(`no ${type === 'all' ? '' : `${type}-type `}samples to evaluate in ${argv.data}`, EXIT.usage);

  // Every id in the file stays out of the baseline, not only the type evaluated.
  const ids = new Set(imported.samples.map((s) => s.id));
  const baselinePlanner = (() => {
    try {
      return loadRetrievalPlanner(dataDir, domain.name, { excludeIds: ids });
    } catch (err) {
      if (!UserError.isInstance(err)) throw err;
      throw new UserError(`${err.message}: every training sample of "${domain.name}" is in ${argv.data}; evaluate on held-out samples`, EXIT.usage);
    }
  })();
  const kind = argv.planner ?? loaded.config.planner.kind;
  let underTest: Planner = baselinePlanner;
  if (kind === 'learned') {
    const learned = await deps.createPlanner(loaded, domain.name, { kind });
    if (learned.name === 'retrieval') stderr.write('orchestai eval: no learned checkpoint for this domain; evaluating the retrieval planner only\n');
    else underTest = learned;
  }
  const main = evaluatePlanner(underTest, samples);
  const baseline = underTest === baselinePlanner ? null : evaluatePlanner(baselinePlanner, samples);
  for (const f of main.failures.slice(0, 5)) stderr.write(`orchestai eval: planner failed on ${f.id}: ${f.error}\n`);
  const summary = (e: PlannerEvaluation): NonNullable<EvalReport['baseline']> => ({ ...e.planner, metrics: e.metrics, failures: e.failures.length });
  return { domain: domain.name, data: argv.data, type, samples: samples.length, import: imported.counts, planner: summary(main), baseline: baseline ? summary(baseline) : null };
}

const fmt = (v: number | null, digits = 3): string => (v === null ? 'n/a' : v.toFixed(digits));

/** The side-by-side table `orchestai eval` prints. */
export function formatEvalTable(report: EvalReport): string {
  const columns = [report.planner, ...(report.baseline ? [report.baseline] : [])];
  const rows: [string, (m: PlannerMetrics) => string][] = [
    ['node-F1', (m) => fmt(m.nodeF1)],
    ['link-F1', (m) => fmt(m.linkF1)],
    ['exact match', (m) => fmt(m.exactMatch)],
    ['DAG validity', (m) => fmt(m.dagValidity)],
    ['worker accuracy', (m) => fmt(m.workerAccuracy)],
    ['latency p50 (ms)', (m) => fmt(m.latencyP50Ms, 2)],
    ['latency p95 (ms)', (m) => fmt(m.latencyP95Ms, 2)],
  ];
  const header = ['metric', ...columns.map((c, i) => (i === 1 ? `${c.name} (baseline)` : c.name))];
  const body = rows.map(([label, get]) => [label, ...columns.map((c) => get(c.metrics))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const title = `${report.domain}: ${report.samples} ${report.type === 'all' ? '' : `${report.type}-type `}samples from ${report.data}`;
  return [title, line(header), ...body.map(line)].join('\n');
}

export const evalCommand: CommandModule<GlobalArgs, EvalArgs> = {
  command: 'eval',
  describe: 'Score the planner on TaskBench-format samples (node-F1, link-F1, ...) next to the retrieval baseline',
  builder: (y) =>
    (y as Argv<GlobalArgs>)
      .option('domain', { type: 'string', describe: 'Tool catalogue (default planner.default_domain)' })
      .option('data', { type: 'string', describe: 'TaskBench-format JSONL with gold task_nodes and task_links (required)' })
      .option('type', { choices: ['chain', 'dag', 'single', 'all'] as const, default: 'all' as const, describe: 'Only samples of this type (published numbers use chain)' })
      .option('planner', { choices: ['learned', 'retrieval'] as const, describe: 'Planner to score (default planner.kind)' })
      .option('json', { type: 'boolean', describe: 'Print one JSON object instead of the table' }) as Argv<EvalArgs>,
  handler: async (argv) => {
    // Not a yargs demandOption: `eval phase2` shares this builder and takes no --data.
    if (!argv.data) throw new UserError('eval needs --data FILE (TaskBench-format JSONL with gold task_nodes and task_links); see `orchestai eval --help`');
    const report = await evaluateCommand(argv, process.stderr);
    process.stdout.write(`${argv.json ? JSON.stringify(report) : formatEvalTable(report)}\n`);
  },
};
