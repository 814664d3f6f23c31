import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { Argv, CommandModule } from 'yargs';
import { loadConfig, resolveFrom } from '../../config/load.js';
import { listDomains, loadDomain } from '../../data/domain.js';
import { errorMessage } from '../../errors.js';
import { createPlanner } from '../../planner/create-planner.js';
import type { Planner } from '../../planner/types.js';
import type { Plan } from '../../types.js';
import { createRouter } from '../../routing/index.js';
import { buildWorkerRegistry } from '../../workers/registry.js';
import { openInput } from '../open-input.js';
import { parseBatchLine } from '../batch-input.js';
import { EXIT } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';

export interface PlanArgs extends GlobalArgs {
  domain?: string;
  /** File to read; '-' or absent reads stdin. */
  input?: string;
  output?: string;
  planner?: 'learned' | 'retrieval';
}

/** One output line of `orchestai plan`. */
export type PlanRecord =
  | {
      readonly id: string;
      readonly task_nodes: readonly { readonly task: string; readonly worker: string | null }[];
      readonly task_links: readonly { readonly source: string; readonly target: string }[];
      readonly planner: string;
      readonly confidence: number;
      readonly latency_ms: number;
    }
  | { readonly id: string; readonly error: string };

export interface PlanLinesOptions {
  readonly planner: Pick<Planner, 'name' | 'plan'>;
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Worker for a node the planner left without one; null when none serves the task. */
  readonly workerFor?: (task: string) => string | null;
  /** Chooses each node's worker the way `run` does (PPO or greedy routing). */
  readonly route?: (plan: Plan) => Plan;
  readonly now?: () => number;
}

/** Turns a Plan into the TaskBench-style output record (links by task name, as TaskBench writes them). */
export function planToRecord(id: string, plan: Plan, plannerName: string, latencyMs: number, workerFor?: (task: string) => string | null): PlanRecord {
  const taskById = new Map(plan.nodes.map((n) => [n.id, n.task] as const));
  return {
    id,
    task_nodes: plan.nodes.map((n) => ({ task: n.task, worker: n.worker || workerFor?.(n.task) || null })),
    task_links: plan.nodes.flatMap((n) => n.deps.map((d) => ({ source: taskById.get(d) ?? d, target: n.task }))),
    planner: plan.planner?.name ?? plannerName,
    confidence: plan.planner?.confidence ?? 0,
    latency_ms: Math.round(latencyMs * 1000) / 1000,
  };
}

/**
 * Plans every `{"id","instruction"}` line of `input`, writing one record per
 * line in input order to `output` and nothing else there. A malformed line or
 * a planner error becomes an `{"id","error"}` record plus a message on
 * `stderr`; the rest goes on.
 */
export async function planLines(options: PlanLinesOptions): Promise<{ readonly lines: number; readonly failed: number }> {
  const now = options.now ?? (() => performance.now());
  let lineNo = 0;
  let lines = 0;
  let failed = 0;
  const fail = (id: string, error: string): void => {
    failed++;
    options.stderr.write(`orchestai plan: ${error}\n`);
    write(options.output, { id, error });
  };
  for await (const text of createInterface({ input: options.input, crlfDelay: Infinity })) {
    lineNo++;
    const item = parseBatchLine(text, lineNo);
    if (!item) continue;
    lines++;
    if (item.kind === 'error') {
      fail(item.id, item.error);
      continue;
    }
    const start = now();
    try {
      const plan = options.planner.plan(item.instruction);
      const latencyMs = now() - start;
      // Workers are chosen after the clock stops: latency_ms is the planner's alone.
      const routed = options.route ? options.route(plan) : plan;
      write(options.output, planToRecord(item.id, routed, options.planner.name, latencyMs, options.workerFor));
    } catch (err) {
      fail(item.id, `line ${item.line}: planning failed: ${errorMessage(err)}`);
    }
  }
  return { lines, failed };
}

function write(out: NodeJS.WritableStream, record: PlanRecord): void {
  out.write(`${JSON.stringify(record)}\n`);
}

/** The whole command, with injectable streams for tests. Returns the exit code. */
export async function runPlanCommand(argv: PlanArgs, io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; stdin?: NodeJS.ReadableStream }): Promise<number> {
  const loaded = loadConfig(argv.config);
  const dataDir = resolveFrom(loaded, loaded.config.planner.data_dir);
  const domainName = argv.domain ?? loaded.config.planner.default_domain;
  const domain = loadDomain(dataDir, domainName);
  const planner = await createPlanner(loaded, domainName, { kind: argv.planner ?? loaded.config.planner.kind });
  const registry = buildWorkerRegistry(loaded.config, listDomains(dataDir).map((d) => loadDomain(dataDir, d)));
  const workerFor = (task: string): string | null => registry.candidatesFor(task)[0] ?? null;
  const router = createRouter({ loaded, catalog: registry });
  const route = (plan: Plan): Plan => router.select({ ...plan, domain: domainName }).plan;
  const input = await openInput(argv.input, io.stdin ?? process.stdin);
  const output = argv.output ? createWriteStream(argv.output) : io.stdout;
  const result = await planLines({ planner, input, output, stderr: io.stderr, workerFor, route });
  if (argv.output) {
    (output as NodeJS.WritableStream).end();
    await once(output as NodeJS.EventEmitter, 'finish');
  }
  if (result.failed > 0) io.stderr.write(`orchestai plan: ${result.failed} of ${result.lines} lines failed (domain ${domain.name})\n`);
  return result.failed > 0 ? EXIT.runFailed : EXIT.ok;
}

export const planCommand: CommandModule<GlobalArgs, PlanArgs> = {
  command: 'plan',
  describe: 'Plan each {"id","instruction"} line of a JSONL file without running it; one TaskBench-style plan per line',
  builder: (y) =>
    (y as Argv<GlobalArgs>)
      .option('domain', { type: 'string', describe: 'Tool catalogue to plan with (default planner.default_domain)' })
      .option('input', { type: 'string', describe: 'JSONL of {"id","instruction"} (omit or --input=- for stdin)' })
      .option('output', { type: 'string', describe: 'Write plans here instead of stdout' })
      .option('planner', { choices: ['learned', 'retrieval'] as const, describe: 'Planner to use (default planner.kind)' }) as Argv<PlanArgs>,
  handler: async (argv) => {
    process.exitCode = await runPlanCommand(argv, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
  },
};
