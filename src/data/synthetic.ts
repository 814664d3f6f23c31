import type { TaskSample } from '../types.js';
import type { Domain, Tool } from './domain.js';
import { pick, seededRandom, type Random } from './random.js';

/**
 * Synthetic training samples sampled from a domain's tool graph
 * (graph_desc.json: which tool's output can feed which). A sample is a random
 * walk of 1-`maxNodes` tools along graph links (a chain), or now and then a
 * fork where one tool feeds two (a dag); its instruction is templated from the
 * tool names and the first sentence of their descriptions, with an input
 * mention taken from the first tool's input type ("I have an image
 * 'example.jpg'"). They teach which tool sequences are possible and tie tool
 * names and descriptions to tasks; they are labelled `syn-<seed>-<n>`.
 */

export interface SyntheticOptions {
  readonly seed: number;
  readonly count: number;
  /** @default 4 */
  readonly maxNodes?: number;
  /**
   * Node counts to draw walk lengths from, e.g. the real samples' sizes, so
   * synthetic data keeps the domain's shape (UltraTool has no single-tool
   * samples). When absent, lengths are uniform in 1..maxNodes.
   */
  readonly lengths?: readonly number[];
  /** Share of samples made a fork (when the graph allows). @default 0.15 */
  readonly dagShare?: number;
}

export interface SyntheticReport {
  readonly requested: number;
  readonly produced: number;
  readonly byType: Record<TaskSample['type'], number>;
  /** Why fewer than requested were produced, if so. */
  readonly note?: string;
}

const OPENERS = ['', 'Please ', 'Could you ', 'I need you to ', 'Can you help me '] as const;
const VERBS = ['use', 'run', 'apply'] as const;
const JOINERS = [', then ', ' and after that ', '. Next, ', ', and then '] as const;
const INPUT_MENTION: Readonly<Record<string, readonly string[]>> = {
  image: ["I have an image 'example.jpg'. ", "Here is a picture 'example.png'. "],
  audio: ["I have an audio file 'example.wav'. ", "Here is a recording 'example.mp3'. "],
  video: ["I have a video 'example.mp4'. "],
  text: ["Here is my text: 'The quick brown fox jumps over the lazy dog.' ", ''],
};

/** Walks the tool graph to produce `count` samples (none for an empty catalogue). */
export function synthesizeSamples(domain: Pick<Domain, 'tools' | 'links'>, options: SyntheticOptions): { samples: TaskSample[]; report: SyntheticReport } {
  const byType: Record<TaskSample['type'], number> = { single: 0, chain: 0, dag: 0 };
  if (domain.tools.length === 0 || options.count <= 0) {
    return { samples: [], report: { requested: options.count, produced: 0, byType, ...(domain.tools.length === 0 ? { note: 'empty tool catalogue' } : {}) } };
  }
  const rng = seededRandom(options.seed);
  const maxNodes = Math.max(1, options.maxNodes ?? (options.lengths?.length ? Math.max(...options.lengths) : 4));
  const dagShare = options.dagShare ?? 0.15;
  const next = new Map<string, string[]>();
  for (const l of domain.links) next.set(l.source, [...(next.get(l.source) ?? []), l.target]);
  const tools = new Map(domain.tools.map((t) => [t.id, t] as const));
  const starts = domain.links.length > 0 ? [...next.keys()] : domain.tools.map((t) => t.id);
  const samples: TaskSample[] = [];
  for (let i = 0; i < options.count; i++) {
    const length = options.lengths?.length ? Math.min(maxNodes, pick(rng, options.lengths)) : 1 + Math.floor(rng() * maxNodes);
    // A walk can hit a dead end; a few fresh starts keep the requested length distribution.
    let { tasks, links } = walk(pick(rng, starts), length, next, rng);
    for (let attempt = 0; attempt < 5 && tasks.length < length; attempt++) ({ tasks, links } = walk(pick(rng, starts), length, next, rng));
    forkIfPossible(tasks, links, next, rng, dagShare, maxNodes);
    const type: TaskSample['type'] = tasks.length === 1 ? 'single' : links.some(([s], k) => links.findIndex(([s2]) => s2 === s) !== k) ? 'dag' : 'chain';
    byType[type]++;
    samples.push({
      id: `syn-${options.seed}-${i}`,
      instruction: instructionFor(tasks.map((t) => tools.get(t) ?? { id: t, desc: '', inputTypes: [], outputTypes: [] }), rng),
      nodes: tasks.map((task) => ({ task })),
      links,
      type,
    });
  }
  return { samples, report: { requested: options.count, produced: samples.length, byType } };
}

function walk(start: string, length: number, next: ReadonlyMap<string, string[]>, rng: Random): { tasks: string[]; links: [number, number][] } {
  const tasks = [start];
  const links: [number, number][] = [];
  while (tasks.length < length) {
    const from = tasks.length - 1;
    const choices = (next.get(tasks[from] ?? '') ?? []).filter((t) => !tasks.includes(t));
    if (choices.length === 0) break;
    tasks.push(pick(rng, choices));
    links.push([from, tasks.length - 1]);
  }
  return { tasks, links };
}

/** With probability `share`, gives the first node a second child it can feed, making a fork. */
function forkIfPossible(tasks: string[], links: [number, number][], next: ReadonlyMap<string, string[]>, rng: Random, share: number, maxNodes: number): void {
  if (tasks.length >= maxNodes || rng() >= share) return;
  const extra = (next.get(tasks[0] ?? '') ?? []).filter((t) => !tasks.includes(t));
  if (extra.length === 0) return;
  tasks.push(pick(rng, extra));
  links.push([0, tasks.length - 1]);
}

function instructionFor(tools: readonly Tool[], rng: Random): string {
  const mention = pick(rng, INPUT_MENTION[tools[0]?.inputTypes[0] ?? ''] ?? ['']);
  const steps = tools.map((t) => {
    const about = descSnippet(t.desc);
    return `${pick(rng, VERBS)} ${readableName(t.id)}${about ? ` (${about})` : ''}`;
  });
  let body = steps[0] ?? '';
  for (let i = 1; i < steps.length; i++) body += `${pick(rng, JOINERS)}${steps[i] ?? ''}`;
  const opener = pick(rng, OPENERS);
  const text = `${mention}${opener}${opener ? body : body.charAt(0).toUpperCase() + body.slice(1)}.`;
  return text.replace(/\.\./g, '.');
}

function readableName(id: string): string {
  return id.replace(/[_]+/g, ' ');
}

/** First sentence of a description, at most 12 words, first letter lower-cased. */
function descSnippet(desc: string): string {
  const sentence = (desc.split(/(?<=\.)\s/)[0] ?? '').replace(/\.$/, '').trim();
  const words = sentence.split(/\s+/).filter(Boolean).slice(0, 12).join(' ');
  return words ? words.charAt(0).toLowerCase() + words.slice(1) : '';
}
