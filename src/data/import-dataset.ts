import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { loadDomain } from './domain.js';
import { sampleToTaskBench } from './export-taskbench.js';
import { importTaskBenchFile, type ImportResult } from './import-taskbench.js';
import { toJsonl } from './jsonl.js';

/**
 * Brings an external TaskBench-format dataset into `<dataDir>/<domain>/`, so
 * the product never reads from outside its own data directory at run time.
 * The catalogue (tool_desc.json, graph_desc.json) is copied as is; samples
 * are imported (catalogue mapping, malformed data skipped and reported) and
 * written back normalised.
 */

export interface ImportDatasetOptions {
  readonly dataDir: string;
  readonly domain: string;
  /** A dataset directory (tool_desc.json, graph_desc.json, a .jsonl of samples) or one samples file. */
  readonly from: string;
  /** Samples file name to write. @default 'train.jsonl' */
  readonly as?: string;
  /** Replace an existing samples file. */
  readonly force?: boolean;
}

export interface ImportDatasetResult {
  readonly dir: string;
  readonly copied: readonly string[];
  readonly samplesFile: string | null;
  readonly result: ImportResult | null;
}

const CATALOGUE_FILES = ['tool_desc.json', 'graph_desc.json'] as const;

export function importDataset(options: ImportDatasetOptions): ImportDatasetResult {
  const from = resolve(options.from);
  if (!existsSync(from)) throw new UserError(`--from not found: ${options.from}`);
  const isDir = statSync(from).isDirectory();
  const sourceDir = isDir ? from : dirname(from);
  const samplesSource = isDir ? findSamplesFile(from) : from;
  const dir = join(options.dataDir, options.domain);
  const hasCatalogue = existsSync(join(sourceDir, 'tool_desc.json'));
  if (!hasCatalogue && !existsSync(join(dir, 'tool_desc.json'))) {
    throw new UserError(`no tool_desc.json in ${sourceDir}, and domain "${options.domain}" has none yet in ${dir}; a domain needs its tool catalogue`);
  }
  const target = samplesSource ? join(dir, options.as ?? 'train.jsonl') : null;
  if (target && existsSync(target) && !options.force) throw new UserError(`${target} exists; pass --force to replace it`);
  if (target && resolve(target) === samplesSource) throw new UserError(`${samplesSource} is already the domain's samples file`);

  mkdirSync(dir, { recursive: true });
  const copied: string[] = [];
  if (hasCatalogue && resolve(sourceDir) !== resolve(dir)) {
    for (const f of CATALOGUE_FILES) {
      if (!existsSync(join(sourceDir, f))) continue;
      copyFileSync(join(sourceDir, f), join(dir, f));
      copied.push(f);
    }
  }
  // Validates the catalogue now rather than at the first plan.
  const domain = loadDomain(options.dataDir, options.domain);
  if (!samplesSource || !target) return { dir, copied, samplesFile: null, result: null };
  const result = importTaskBenchFile(samplesSource, { domain });
  writeFileSync(target, toJsonl(result.samples.map(sampleToTaskBench)));
  return { dir, copied, samplesFile: target, result };
}

/** train.jsonl, else the one .jsonl/.json-lines file in the directory; null when there is none (catalogue only). */
function findSamplesFile(dir: string): string | null {
  if (existsSync(join(dir, 'train.jsonl'))) return join(dir, 'train.jsonl');
  const candidates = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  if (candidates.length === 0) return null;
  if (candidates.length > 1) throw new UserError(`several sample files in ${dir} (${candidates.join(', ')}); pass one with --from ${join(dir, candidates[0] ?? '')}`);
  return join(dir, candidates[0] ?? '');
}
