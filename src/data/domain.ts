import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.js';

/** A domain is a tool catalogue in TaskBench's format (`tool_desc.json`, `graph_desc.json`) under `data/<name>/`. */
export interface Tool {
  readonly id: string;
  readonly desc: string;
  readonly inputTypes: readonly string[];
  readonly outputTypes: readonly string[];
}

export interface Domain {
  readonly name: string;
  readonly dir: string;
  readonly tools: readonly Tool[];
  /** Tool graph: which tool's output can feed which tool. */
  readonly links: readonly { readonly source: string; readonly target: string }[];
  /** Task name -> index into `tools`. */
  readonly index: ReadonlyMap<string, number>;
}

const toolDescSchema = z.object({
  nodes: z.array(
    z
      .object({
        id: z.string().min(1),
        desc: z.string().default(''),
        'input-type': z.array(z.string()).optional(),
        'output-type': z.array(z.string()).optional(),
      })
      .passthrough(),
  ),
});

const graphDescSchema = z.object({
  links: z.array(z.object({ source: z.string(), target: z.string() }).passthrough()),
});

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (err) {
    throw new UserError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function listDomains(dataDir: string): string[] {
  if (!existsSync(dataDir)) return [];
  return readdirSync(dataDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dataDir, d.name, 'tool_desc.json')))
    .map((d) => d.name)
    .sort();
}

const cache = new Map<string, Domain>();

export function loadDomain(dataDir: string, name: string): Domain {
  const dir = join(dataDir, name);
  const cached = cache.get(dir);
  if (cached) return cached;
  const toolFile = join(dir, 'tool_desc.json');
  if (!existsSync(toolFile)) {
    const known = listDomains(dataDir);
    throw new UserError(`unknown domain "${name}"; known domains: ${known.join(', ') || '(none found in ' + dataDir + ')'}`);
  }
  const tools = toolDescSchema.safeParse(readJson(toolFile));
  if (!tools.success) throw new UserError(`invalid ${toolFile}: ${tools.error.issues[0]?.message ?? 'bad format'}`);
  const graphFile = join(dir, 'graph_desc.json');
  const graph = existsSync(graphFile) ? graphDescSchema.safeParse(readJson(graphFile)) : null;
  if (graph && !graph.success) throw new UserError(`invalid ${graphFile}: ${graph.error.issues[0]?.message ?? 'bad format'}`);
  const toolList: Tool[] = tools.data.nodes.map((n) => ({
    id: n.id,
    desc: n.desc,
    inputTypes: n['input-type'] ?? [],
    outputTypes: n['output-type'] ?? [],
  }));
  const index = new Map(toolList.map((t, i) => [t.id, i] as const));
  const links = (graph?.data.links ?? [])
    .filter((l) => index.has(l.source) && index.has(l.target))
    .map((l) => ({ source: l.source, target: l.target }));
  const domain: Domain = { name, dir, tools: toolList, links, index };
  cache.set(dir, domain);
  return domain;
}

/** Refuses a task name that is not in the domain's catalogue, suggesting the closest ones. */
export function assertKnownTask(domain: Domain, task: string): void {
  if (domain.index.has(task)) return;
  const lower = task.toLowerCase();
  const close = domain.tools
    .map((t) => t.id)
    .filter((id) => id.toLowerCase().includes(lower) || lower.includes(id.toLowerCase()))
    .slice(0, 5);
  const hint = close.length ? ` Did you mean: ${close.join(', ')}?` : ` See \`orchestai models --domain ${domain.name}\` for the catalogue.`;
  throw new UserError(`unknown task "${task}" for domain "${domain.name}".${hint}`);
}
