import type { Domain } from './domain.js';
import type { ImportResult } from './import-taskbench.js';

export interface DomainStats {
  readonly domain: string;
  readonly tools: number;
  readonly toolLinks: number;
  readonly samples: number;
  readonly byType: Record<string, number>;
  readonly nodes: number;
  readonly links: number;
  readonly maxNodes: number;
  /** Task name -> occurrences, most frequent first. */
  readonly tasks: Record<string, number>;
  /** Catalogue tools no sample uses. */
  readonly unusedTools: readonly string[];
  readonly import: ImportResult['counts'];
  readonly mapped: ImportResult['mapped'];
  readonly unknown: ImportResult['unknown'];
}

/** Summary of a domain's imported samples for `orchestai data stats`. */
export function domainStats(domain: Pick<Domain, 'name' | 'tools' | 'links'>, result: ImportResult): DomainStats {
  const byType: Record<string, number> = {};
  const tasks = new Map<string, number>();
  let nodes = 0;
  let links = 0;
  let maxNodes = 0;
  for (const s of result.samples) {
    byType[s.type] = (byType[s.type] ?? 0) + 1;
    nodes += s.nodes.length;
    links += s.links.length;
    maxNodes = Math.max(maxNodes, s.nodes.length);
    for (const n of s.nodes) tasks.set(n.task, (tasks.get(n.task) ?? 0) + 1);
  }
  return {
    domain: domain.name,
    tools: domain.tools.length,
    toolLinks: domain.links.length,
    samples: result.samples.length,
    byType,
    nodes,
    links,
    maxNodes,
    tasks: Object.fromEntries([...tasks].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))),
    unusedTools: domain.tools.map((t) => t.id).filter((id) => !tasks.has(id)),
    import: result.counts,
    mapped: result.mapped,
    unknown: result.unknown,
  };
}

export function formatStats(s: DomainStats, topTasks = 10): string {
  const lines = [
    `domain ${s.domain}: ${s.tools} tools, ${s.toolLinks} tool-graph links`,
    `samples ${s.samples} (${Object.entries(s.byType).map(([t, n]) => `${t} ${n}`).join(', ')}); nodes ${s.nodes}, links ${s.links}, max nodes ${s.maxNodes}`,
    `import: ${s.import.lines} lines, ${s.import.skippedLines} malformed lines, ${s.import.skippedSamples} samples skipped (${s.import.duplicateIds} duplicate ids)`,
    `out-of-catalogue task names: ${s.import.mappedNodes} nodes mapped (${Object.keys(s.mapped).length} names), ${s.import.unknownNodes} unknown (${Object.keys(s.unknown).length} names)`,
  ];
  const mapped = Object.entries(s.mapped).sort((a, b) => b[1].count - a[1].count);
  if (mapped.length) lines.push(`  mapped: ${mapped.slice(0, topTasks).map(([from, m]) => `${from} -> ${m.to} (${m.count})`).join('; ')}${mapped.length > topTasks ? '; ...' : ''}`);
  const unknown = Object.entries(s.unknown).sort((a, b) => b[1] - a[1]);
  if (unknown.length) lines.push(`  unknown: ${unknown.slice(0, topTasks).map(([n, c]) => `${n} (${c})`).join('; ')}${unknown.length > topTasks ? '; ...' : ''}`);
  lines.push(`top tasks: ${Object.entries(s.tasks).slice(0, topTasks).map(([t, n]) => `${t} ${n}`).join(', ')}`);
  if (s.unusedTools.length) lines.push(`tools never used: ${s.unusedTools.length}${s.unusedTools.length <= topTasks ? ` (${s.unusedTools.join(', ')})` : ''}`);
  return lines.join('\n');
}
