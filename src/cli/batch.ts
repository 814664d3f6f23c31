import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import pLimit from 'p-limit';
import { UserError, errorMessage } from '../errors.js';
import type { Orchestrator } from '../core/orchestrator.js';
import { parseBatchLine, type BatchItem } from './batch-input.js';
import { openInput } from './open-input.js';
import { EXIT } from './exit-codes.js';
import { finalOutputs } from './format.js';

export interface BatchOptions {
  readonly input: string;
  readonly out?: string;
  readonly concurrency: number;
  readonly signal?: AbortSignal;
  readonly stdin?: NodeJS.ReadableStream;
  readonly stdout?: NodeJS.WritableStream;
  readonly stderr?: NodeJS.WriteStream | NodeJS.WritableStream;
}

async function readItems(source: NodeJS.ReadableStream): Promise<BatchItem[]> {
  const items: BatchItem[] = [];
  let line = 0;
  for await (const text of createInterface({ input: source, crlfDelay: Infinity })) {
    line += 1;
    const item = parseBatchLine(text, line);
    if (item) items.push(item);
  }
  return items;
}

async function resultFor(orchestrator: Orchestrator, item: BatchItem, signal?: AbortSignal): Promise<Record<string, unknown>> {
  if (item.kind === 'error') return { id: item.id, line: item.line, status: 'error', error: item.error };
  if (signal?.aborted) return { id: item.id, line: item.line, status: 'cancelled', error: 'interrupted before it started' };
  try {
    const outcome = await orchestrator.runToEnd(item.instruction, signal ? { signal } : {});
    if (!outcome.ok) return { id: item.id, line: item.line, status: 'error', error: outcome.reason };
    const { plan, result } = outcome;
    return {
      id: item.id,
      line: item.line,
      runId: outcome.runId,
      status: result.status,
      instruction: item.instruction,
      planner: plan.planner,
      task_nodes: plan.nodes.map((n) => ({ id: n.id, task: n.task, deps: n.deps, worker: n.worker })),
      nodes: result.nodes.map((n) => ({
        id: n.id,
        task: n.task,
        status: n.status,
        worker: n.worker,
        latencyMs: n.latencyMs,
        costUsd: n.costUsd,
        attempts: n.attempts,
        ...(n.error ? { error: n.error } : {}),
      })),
      answer: finalOutputs(plan, result),
      totals: { wallMs: result.wallMs, ...result.totals },
    };
  } catch (err) {
    return { id: item.id, line: item.line, status: 'error', error: errorMessage(err) };
  }
}

function progress(stderr: NodeJS.WritableStream, done: number, total: number): void {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : width;
  stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
}

/**
 * Runs every input line with bounded concurrency and writes one JSONL result
 * per input, in input order, as soon as the prefix before it is complete.
 */
export async function runBatch(orchestrator: Orchestrator, options: BatchOptions): Promise<number> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new UserError(`--concurrency must be a positive integer, got ${options.concurrency}`);
  }
  const items = await readItems(await openInput(options.input, options.stdin ?? process.stdin, 'batch input'));
  const out = options.out ? createWriteStream(options.out) : (options.stdout ?? process.stdout);
  const stderr = options.stderr ?? process.stderr;
  const showProgress = 'isTTY' in stderr && stderr.isTTY === true;
  const limit = pLimit(options.concurrency);
  const results: (Record<string, unknown> | undefined)[] = new Array(items.length);
  let next = 0;
  let finished = 0;
  const problems: { line: unknown; status: unknown; error: unknown }[] = [];
  const flush = async (): Promise<void> => {
    while (next < items.length && results[next] !== undefined) {
      const r = results[next];
      results[next] = undefined;
      next += 1;
      if (!out.write(`${JSON.stringify(r)}\n`)) await once(out, 'drain');
    }
  };
  let flushing = Promise.resolve();
  await Promise.all(
    items.map((item, i) =>
      limit(async () => {
        const r = await resultFor(orchestrator, item, options.signal);
        if (r.status !== 'succeeded') problems.push({ line: r.line, status: r.status, error: r.error ?? firstNodeError(r) });
        results[i] = r;
        finished += 1;
        if (showProgress) progress(stderr, finished, items.length);
        flushing = flushing.then(flush);
        await flushing;
      }),
    ),
  );
  await flushing;
  if (showProgress) stderr.write('\n');
  if (options.out && 'end' in out) await new Promise<void>((resolve) => (out as NodeJS.WritableStream).end(() => resolve()));
  stderr.write(batchSummary(items.length, problems, options.out));
  if (options.signal?.aborted) return EXIT.interrupted;
  return problems.length > 0 ? EXIT.runFailed : EXIT.ok;
}

const SHOWN_PROBLEMS = 5;

/** One line of counts on stderr (stdout stays pure JSONL), then the first few lines that did not succeed and why. */
export function batchSummary(total: number, problems: readonly { line: unknown; status: unknown; error: unknown }[], outFile?: string): string {
  const where = outFile ? ` (results in ${outFile})` : '';
  const head = `batch: ${total} instruction(s), ${total - problems.length} succeeded, ${problems.length} did not${where}\n`;
  const shown = [...problems]
    .sort((a, b) => Number(a.line) - Number(b.line))
    .slice(0, SHOWN_PROBLEMS)
    .map((p) => `  line ${String(p.line)}: ${String(p.status)}${p.error ? `: ${String(p.error).replace(/^line \d+: /, '')}` : ''}\n`);
  const more = problems.length > SHOWN_PROBLEMS ? `  ... and ${problems.length - SHOWN_PROBLEMS} more (status in the results)\n` : '';
  return head + shown.join('') + more;
}

function firstNodeError(result: Record<string, unknown>): string | undefined {
  const nodes = Array.isArray(result.nodes) ? (result.nodes as { id?: unknown; error?: unknown }[]) : [];
  const failed = nodes.find((n) => typeof n.error === 'string');
  return failed ? `${String(failed.id)}: ${String(failed.error)}` : undefined;
}
