import type { PlanArgs, TaskSample } from '../types.js';
import { pick, seededRandom, type Random } from './random.js';

/**
 * Label-preserving augmentation of training instructions. Each operation
 * changes wording the planner should be robust to and leaves the task graph
 * as it is:
 * - `filename`: swaps file names for others of the same extension
 *   ("example.jpg" -> "holiday_3.jpg"), also in the node arguments;
 * - `quoted`: swaps a quoted multi-word literal for one from another sample
 *   (the payload, not the request);
 * - `casing`: lower-cases the instruction or strips its final punctuation;
 * - `filler`: swaps filler phrases for synonyms ("Could you" -> "Can you",
 *   "assist me" -> "help me");
 * - `politeness`: drops a politeness prefix ("Please", "Hi,", "Could you please").
 * Apply it to the training split only: validation must stay as published.
 */

export const AUGMENT_OPS = ['filename', 'quoted', 'casing', 'filler', 'politeness'] as const;
export type AugmentOp = (typeof AUGMENT_OPS)[number];

export interface AugmentOptions {
  readonly seed: number;
  /** Augmented copies made per sample (each a random non-empty set of operations). @default 1 */
  readonly copiesPerSample?: number;
  /** @default all of AUGMENT_OPS */
  readonly ops?: readonly AugmentOp[];
}

export interface AugmentationReport {
  readonly inputSamples: number;
  readonly produced: number;
  /** Copies that came out identical to the original and were discarded. */
  readonly unchanged: number;
  /** How many produced copies each operation changed. */
  readonly byOp: Record<AugmentOp, number>;
}

const FILE_RE = /\b[\w-]+\.(jpg|jpeg|png|gif|bmp|wav|mp3|flac|mp4|avi|mov|txt|pdf|csv|docx?)\b/gi;
// The opening quote must not follow a letter, so the apostrophe in "I've" never opens a literal.
const QUOTED_RE = /(?<![\w])(['"])([^'"\n]{2,}?\s[^'"\n]{2,}?)\1(?![\w])/g;
const IS_FILE_RE = new RegExp(FILE_RE.source, 'i');
const FILE_STEMS = ['photo', 'image_01', 'holiday_3', 'scan', 'input', 'my_file', 'sample_2', 'recording', 'clip_7', 'document'];

const FILLERS: readonly (readonly string[])[] = [
  ['Could you', 'Can you', 'Would you'],
  ['could you', 'can you', 'would you'],
  ['assist me', 'help me'],
  ['I want to', 'I would like to', "I'd like to", 'I need to'],
  ['Afterwards', 'After that', 'Then'],
  ['afterwards', 'after that'],
  ['photo', 'picture'],
];

const POLITE_PREFIX_RE = /^(please,?\s+|hi,?\s+|hello,?\s+|hey,?\s+|could you please\s+|can you please\s+|kindly\s+)/i;

type Labelled = TaskSample;

export function augmentSamples<T extends Labelled>(samples: readonly T[], options: AugmentOptions): { samples: T[]; report: AugmentationReport } {
  const rng = seededRandom(options.seed);
  const ops = options.ops ?? AUGMENT_OPS;
  const copies = options.copiesPerSample ?? 1;
  const quotedPool = samples.flatMap((s) => [...s.instruction.matchAll(QUOTED_RE)].map((m) => m[2] ?? '')).filter((q) => q && !IS_FILE_RE.test(q));
  const byOp = Object.fromEntries(AUGMENT_OPS.map((op) => [op, 0])) as Record<AugmentOp, number>;
  const out: T[] = [];
  let unchanged = 0;
  for (const sample of samples) {
    for (let k = 0; k < copies; k++) {
      const chosen = ops.filter(() => rng() < 0.5);
      if (chosen.length === 0 && ops.length > 0) chosen.push(pick(rng, ops));
      let instruction = sample.instruction;
      let nodes = sample.nodes;
      const changed: AugmentOp[] = [];
      for (const op of chosen) {
        const next = applyOp(op, instruction, nodes, rng, quotedPool);
        if (next.instruction !== instruction) changed.push(op);
        instruction = next.instruction;
        nodes = next.nodes;
      }
      if (instruction === sample.instruction) {
        unchanged++;
        continue;
      }
      for (const op of changed) byOp[op]++;
      out.push({ ...sample, id: `${sample.id}#aug${k}`, instruction, nodes });
    }
  }
  return { samples: out, report: { inputSamples: samples.length, produced: out.length, unchanged, byOp } };
}

type Nodes = TaskSample['nodes'];

function applyOp(op: AugmentOp, text: string, nodes: Nodes, rng: Random, quotedPool: readonly string[]): { instruction: string; nodes: Nodes } {
  switch (op) {
    case 'filename': {
      const renames = new Map<string, string>();
      const instruction = text.replace(FILE_RE, (name, ext: string) => {
        const known = renames.get(name);
        if (known) return known;
        const fresh = `${pick(rng, FILE_STEMS)}.${ext}`;
        renames.set(name, fresh);
        return fresh;
      });
      return { instruction, nodes: renames.size ? nodes.map((n) => (n.args ? { ...n, args: renameInArgs(n.args, renames) } : n)) : nodes };
    }
    case 'quoted': {
      if (quotedPool.length === 0) return { instruction: text, nodes };
      const swaps = new Map<string, string>();
      const instruction = text.replace(QUOTED_RE, (_m, q: string, literal: string) => {
        const fresh = pick(rng, quotedPool);
        swaps.set(literal, fresh);
        return `${q}${fresh}${q}`;
      });
      // Keep arguments in step with the instruction when they carry the literal verbatim.
      const swapArg = (v: unknown): unknown => (typeof v === 'string' ? (swaps.get(v) ?? v) : v);
      return { instruction, nodes: swaps.size ? nodes.map((n) => (n.args ? { ...n, args: mapArgs(n.args, swapArg) } : n)) : nodes };
    }
    case 'casing':
      return { instruction: rng() < 0.5 ? text.toLowerCase() : text.replace(/[.!?]+\s*$/, ''), nodes };
    case 'filler': {
      let out = text;
      for (const group of FILLERS) {
        const found = group.find((phrase) => out.includes(phrase));
        if (found) out = out.replace(found, pick(rng, group.filter((p) => p !== found)));
      }
      return { instruction: out, nodes };
    }
    case 'politeness': {
      const stripped = text.replace(POLITE_PREFIX_RE, '');
      return { instruction: stripped === text ? text : stripped.charAt(0).toUpperCase() + stripped.slice(1), nodes };
    }
    default: {
      const never: never = op;
      return never;
    }
  }
}

function renameInArgs(args: PlanArgs, renames: ReadonlyMap<string, string>): PlanArgs {
  return mapArgs(args, (v) => (typeof v === 'string' ? v.replace(FILE_RE, (name) => renames.get(name) ?? name) : v));
}

function mapArgs(args: PlanArgs, fix: (v: unknown) => unknown): PlanArgs {
  if (Array.isArray(args)) return args.map(fix);
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, fix(v)]));
}
