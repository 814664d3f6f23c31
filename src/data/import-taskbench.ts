import { join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.js';
import type { PlanArgs, TaskSample } from '../types.js';
import { loadDomain, type Domain } from './domain.js';
import { dedupeLinks, inferSampleType, isValidDag, type IndexLink } from './graph.js';
import { parseJsonl, readTextFile } from './jsonl.js';
import { resolveNamedLinks } from './resolve-links.js';
import { createTaskNameMapper, type TaskNameMapper } from './task-names.js';

/**
 * Reads TaskBench-format JSONL into TaskSamples.
 *
 * Policy (the published data is noisy, see data/DATASETS.md):
 * - A line that is not JSON, or lacks id/instruction/task_nodes, is skipped.
 * - A sample with a malformed node (no `task`) or link (`destination` instead
 *   of `target`, names matching no node, a cycle) is skipped whole: a plan
 *   with a silently missing edge would teach the planner a wrong graph.
 *   Links given as node indices (`{"source": 0, "target": 1}`) are read as such.
 * - Task names outside the catalogue are mapped when the mapping is clear
 *   (see task-names.ts). With `unknownTasks: 'drop-sample'` (default) a sample
 *   still holding an unknown name is skipped; with `'drop-node'` the node and
 *   the links touching it are removed and the type is re-inferred.
 * - A repeated id keeps its first sample: the split hashes ids.
 * Every skip is reported with file:line and a reason; nothing throws.
 */

/** A TaskSample that may carry worker labels (nodes with a `worker` field), for worker-selection accuracy. */
export interface LabelledTaskSample extends TaskSample {
  /** Per node, the labelled worker or null; absent when no node is labelled. */
  readonly workers?: readonly (string | null)[];
}

export type ImportAction = 'skipped-line' | 'skipped-sample' | 'dropped-node';

export interface ImportIssue {
  readonly file: string;
  readonly line: number;
  readonly id?: string;
  readonly action: ImportAction;
  readonly reason: string;
}

export interface ImportCounts {
  /** Non-blank lines read. */
  lines: number;
  samples: number;
  skippedLines: number;
  skippedSamples: number;
  duplicateIds: number;
  /** Nodes whose out-of-catalogue name was mapped onto a catalogue task. */
  mappedNodes: number;
  /** Nodes whose name could not be mapped (their sample or the node itself was dropped). */
  unknownNodes: number;
  droppedNodes: number;
  /** Links removed with a dropped node. */
  droppedLinks: number;
}

export interface ImportResult {
  readonly samples: LabelledTaskSample[];
  readonly issues: ImportIssue[];
  readonly counts: ImportCounts;
  /** `from -> to` for mapped names, with how often each occurred. */
  readonly mapped: Record<string, { readonly to: string; readonly count: number }>;
  /** Unmappable names and how often each occurred. */
  readonly unknown: Record<string, number>;
}

export interface ImportOptions {
  /** Shown in issues; defaults to `<input>`. */
  readonly file?: string;
  /** Catalogue to map names onto; without it names are kept as written. */
  readonly domain?: Pick<Domain, 'name' | 'tools'>;
  /** @default 'drop-sample' */
  readonly unknownTasks?: 'drop-sample' | 'drop-node';
}

const argsSchema = z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]);

const nodeSchema = z
  .object({ task: z.string().trim().min(1), arguments: z.unknown().optional(), parameters: z.unknown().optional(), worker: z.string().min(1).optional() })
  .passthrough();

/** Arguments are auxiliary (the planner predicts tasks and links), so a scalar is wrapped rather than failing the node. */
function normaliseArgs(value: unknown): PlanArgs | undefined {
  if (value === undefined || value === null) return undefined;
  return argsSchema.safeParse(value).data ?? [value];
}

const namedLinkSchema = z.object({ source: z.string().min(1), target: z.string().min(1) }).passthrough();
const indexLinkSchema = z.object({ source: z.number().int().min(0), target: z.number().int().min(0) }).passthrough();

const lineSchema = z
  .object({
    id: z.union([z.string().min(1), z.number()]).transform(String),
    instruction: z.string().trim().min(1),
    task_nodes: z.array(z.unknown()).min(1),
    task_links: z.array(z.unknown()).nullish(),
    task_steps: z.unknown().optional(),
    type: z.unknown().optional(),
  })
  .passthrough();

const sampleTypes = new Set<string>(['single', 'chain', 'dag']);

type Counts = ImportCounts;
type Outcome = { readonly sample: LabelledTaskSample } | { readonly skip: string };

export function importTaskBenchText(text: string, options: ImportOptions = {}): ImportResult {
  const file = options.file ?? '<input>';
  const mapper = options.domain ? createTaskNameMapper(options.domain) : null;
  const counts: Counts = { lines: 0, samples: 0, skippedLines: 0, skippedSamples: 0, duplicateIds: 0, mappedNodes: 0, unknownNodes: 0, droppedNodes: 0, droppedLinks: 0 };
  const issues: ImportIssue[] = [];
  const mapped: Record<string, { to: string; count: number }> = {};
  const unknown: Record<string, number> = {};
  const samples: LabelledTaskSample[] = [];
  const ids = new Set<string>();
  const ctx: SampleContext = { mapper, unknownTasks: options.unknownTasks ?? 'drop-sample', counts, mapped, unknown };

  for (const entry of parseJsonl(text)) {
    counts.lines++;
    if (!entry.ok) {
      counts.skippedLines++;
      issues.push({ file, line: entry.line, action: 'skipped-line', reason: entry.error });
      continue;
    }
    const parsed = lineSchema.safeParse(entry.value);
    if (!parsed.success) {
      counts.skippedLines++;
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.map(String).join('.') : 'line';
      issues.push({ file, line: entry.line, action: 'skipped-line', reason: `${where}: ${issue?.message ?? 'not a TaskBench sample'}` });
      continue;
    }
    const raw = parsed.data;
    if (ids.has(raw.id)) {
      counts.duplicateIds++;
      counts.skippedSamples++;
      issues.push({ file, line: entry.line, id: raw.id, action: 'skipped-sample', reason: `duplicate id ${raw.id}` });
      continue;
    }
    const dropped: string[] = [];
    const outcome = buildSample(raw, ctx, dropped);
    for (const d of dropped) issues.push({ file, line: entry.line, id: raw.id, action: 'dropped-node', reason: d });
    if ('skip' in outcome) {
      counts.skippedSamples++;
      issues.push({ file, line: entry.line, id: raw.id, action: 'skipped-sample', reason: outcome.skip });
      continue;
    }
    ids.add(raw.id);
    samples.push(outcome.sample);
  }
  counts.samples = samples.length;
  return { samples, issues, counts, mapped, unknown };
}

interface SampleContext {
  readonly mapper: TaskNameMapper | null;
  readonly unknownTasks: 'drop-sample' | 'drop-node';
  readonly counts: Counts;
  readonly mapped: Record<string, { to: string; count: number }>;
  readonly unknown: Record<string, number>;
}

function buildSample(raw: z.infer<typeof lineSchema>, ctx: SampleContext, dropped: string[]): Outcome {
  const nodes: { task: string; known: boolean; args?: PlanArgs; worker?: string }[] = [];
  for (const [i, rawNode] of raw.task_nodes.entries()) {
    const node = nodeSchema.safeParse(rawNode);
    if (!node.success) return { skip: `malformed task_nodes[${i}]: ${describe(rawNode)}` };
    const name = node.data.task;
    const args = normaliseArgs(node.data.arguments) ?? normaliseArgs(node.data.parameters);
    const resolved = ctx.mapper ? ctx.mapper(name) : ({ kind: 'exact', task: name } as const);
    if (resolved.kind === 'mapped') {
      ctx.counts.mappedNodes++;
      const prev = ctx.mapped[name];
      ctx.mapped[name] = { to: resolved.task, count: (prev?.count ?? 0) + 1 };
    } else if (resolved.kind === 'unknown') {
      ctx.counts.unknownNodes++;
      ctx.unknown[name] = (ctx.unknown[name] ?? 0) + 1;
    }
    const task = resolved.kind === 'unknown' ? name : resolved.task;
    nodes.push({ task, known: resolved.kind !== 'unknown', ...(args !== undefined ? { args } : {}), ...(node.data.worker ? { worker: node.data.worker } : {}) });
  }

  const links = resolveLinks(raw.task_links ?? [], nodes.map((n) => n.task), ctx.mapper);
  if ('skip' in links) return links;

  const unknownNames = nodes.filter((n) => !n.known).map((n) => n.task);
  if (unknownNames.length > 0 && ctx.unknownTasks === 'drop-sample') {
    return { skip: `unknown task ${unknownNames.map((n) => JSON.stringify(n)).join(', ')}` };
  }
  let keptNodes = nodes;
  let keptLinks = links.links;
  if (unknownNames.length > 0) {
    const newIndex = new Map<number, number>();
    keptNodes = [];
    nodes.forEach((n, i) => {
      if (!n.known) return;
      newIndex.set(i, keptNodes.length);
      keptNodes.push(n);
    });
    keptLinks = [];
    for (const [s, t] of links.links) {
      const ns = newIndex.get(s);
      const nt = newIndex.get(t);
      if (ns === undefined || nt === undefined) ctx.counts.droppedLinks++;
      else keptLinks.push([ns, nt]);
    }
    ctx.counts.droppedNodes += unknownNames.length;
    for (const name of unknownNames) dropped.push(`dropped unknown task ${JSON.stringify(name)}`);
    if (keptNodes.length === 0) return { skip: 'no known task left' };
  }

  const type = unknownNames.length === 0 && typeof raw.type === 'string' && sampleTypes.has(raw.type)
    ? (raw.type as TaskSample['type'])
    : inferSampleType(keptNodes.length, keptLinks);
  const workers = keptNodes.some((n) => n.worker) ? keptNodes.map((n) => n.worker ?? null) : undefined;
  // Steps describe the whole plan, so they are kept only when no node was dropped; malformed steps are ignored, not fatal.
  const steps = unknownNames.length === 0 && Array.isArray(raw.task_steps) && raw.task_steps.every((x) => typeof x === 'string' && x.trim()) ? (raw.task_steps as string[]) : [];
  const sample: LabelledTaskSample = {
    id: raw.id,
    instruction: raw.instruction,
    nodes: keptNodes.map((n) => (n.args !== undefined ? { task: n.task, args: n.args } : { task: n.task })),
    links: keptLinks,
    type,
    ...(workers ? { workers } : {}),
    ...(steps.length > 0 ? { steps } : {}),
  };
  return { sample };
}

function resolveLinks(rawLinks: readonly unknown[], names: readonly string[], mapper: TaskNameMapper | null): { links: IndexLink[] } | { skip: string } {
  const byIndex: IndexLink[] = [];
  const byName: { source: string; target: string }[] = [];
  for (const [i, rawLink] of rawLinks.entries()) {
    const asIndex = indexLinkSchema.safeParse(rawLink);
    if (asIndex.success) {
      const { source, target } = asIndex.data;
      if (source >= names.length || target >= names.length) return { skip: `task_links[${i}] index out of range: ${describe(rawLink)}` };
      byIndex.push([source, target]);
      continue;
    }
    const asName = namedLinkSchema.safeParse(rawLink);
    if (!asName.success) return { skip: `malformed task_links[${i}]: ${describe(rawLink)}` };
    const fix = (n: string): string => {
      const r = mapper?.(n);
      return r && r.kind !== 'unknown' ? r.task : n;
    };
    byName.push({ source: fix(asName.data.source), target: fix(asName.data.target) });
  }
  const resolved = resolveNamedLinks(names, byName);
  const links: IndexLink[] = [...byIndex];
  for (const [i, link] of resolved.entries()) {
    if (!link) {
      const l = byName[i];
      return { skip: `task link ${JSON.stringify(l?.source)} -> ${JSON.stringify(l?.target)} matches no pair of task_nodes` };
    }
    links.push(link);
  }
  const unique = dedupeLinks(links);
  if (!isValidDag(names.length, unique)) return { skip: 'task_links form a cycle or a self-loop' };
  return { links: unique };
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

export function importTaskBenchFile(file: string, options: Omit<ImportOptions, 'file'> = {}): ImportResult {
  return importTaskBenchText(readTextFile(file), { ...options, file });
}

/** Reads `data/<domain>/<file>` (default train.jsonl) with the domain's catalogue mapping. */
export function loadDomainSamples(dataDir: string, domainName: string, file = 'train.jsonl', options: Omit<ImportOptions, 'file' | 'domain'> = {}): ImportResult {
  const domain = loadDomain(dataDir, domainName);
  const path = join(domain.dir, file);
  const result = importTaskBenchFile(path, { ...options, domain });
  if (result.samples.length === 0 && result.counts.lines === 0) throw new UserError(`no samples in ${path}`);
  return result;
}

export function formatIssue(issue: ImportIssue): string {
  return `${issue.file}:${issue.line}: ${issue.action}${issue.id ? ` (id ${issue.id})` : ''}: ${issue.reason}`;
}

/** One-line summary of an import for stderr and reports. */
export function formatImportSummary(result: ImportResult): string {
  const c = result.counts;
  return (
    `${c.samples} samples from ${c.lines} lines; skipped ${c.skippedLines} malformed lines, ${c.skippedSamples} samples` +
    ` (${c.duplicateIds} duplicate ids); task names: ${c.mappedNodes} mapped onto the catalogue, ${c.unknownNodes} unknown` +
    (c.droppedNodes ? `, ${c.droppedNodes} nodes and ${c.droppedLinks} links dropped` : '')
  );
}
