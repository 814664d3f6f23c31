import { loadDomain, type Domain } from '../data/domain.js';
import { loadDomainSamples } from '../data/import-taskbench.js';
import { UserError } from '../errors.js';
import type { Plan, TaskSample } from '../types.js';
import { buildPlan } from './plan-builder.js';
import { TfidfIndex, type Neighbour } from './retrieval-index.js';
import type { Planner } from './types.js';

export const RETRIEVAL_PLANNER_VERSION = 'tfidf-1';

/**
 * The retrieval baseline: TF-IDF nearest neighbour over the domain's training
 * instructions, answering with that example's task graph. Confidence is the
 * cosine similarity. It is the fallback when no learned checkpoint exists and
 * the baseline the learned planner must beat.
 */
export class RetrievalPlanner implements Planner {
  readonly name = 'retrieval';
  readonly version = RETRIEVAL_PLANNER_VERSION;
  readonly domain: string;
  private readonly samples: readonly TaskSample[];
  private readonly index: TfidfIndex;
  /** Answer for an instruction sharing no word with the training set: the most common graph, at confidence 0. */
  private readonly prior: TaskSample;

  constructor(domain: Pick<Domain, 'name'>, samples: readonly TaskSample[]) {
    const first = samples[0];
    if (!first) throw new UserError(`retrieval planner for "${domain.name}" needs at least one training sample`);
    this.domain = domain.name;
    this.samples = samples;
    this.index = new TfidfIndex(samples.map((s) => s.instruction));
    this.prior = mostCommonGraph(samples) ?? first;
  }

  /** The `k` nearest training samples with their cosine similarity, best first. */
  nearest(instruction: string, k = 1): { readonly sample: TaskSample; readonly score: number }[] {
    return this.index.search(instruction, k).map((n: Neighbour) => ({ sample: this.samples[n.index] as TaskSample, score: n.score }));
  }

  plan(instruction: string): Plan {
    const hit = this.nearest(instruction, 1)[0];
    const sample = hit?.sample ?? this.prior;
    return buildPlan(
      { tasks: sample.nodes.map((n) => n.task), links: sample.links },
      { name: this.name, version: this.version, confidence: hit?.score ?? 0 },
      { instruction, domain: this.domain },
    );
  }
}

function mostCommonGraph(samples: readonly TaskSample[]): TaskSample | undefined {
  const counts = new Map<string, { n: number; sample: TaskSample }>();
  for (const s of samples) {
    const key = JSON.stringify([s.nodes.map((n) => n.task), s.links]);
    const entry = counts.get(key) ?? { n: 0, sample: s };
    entry.n++;
    counts.set(key, entry);
  }
  let best: { n: number; sample: TaskSample } | undefined;
  for (const entry of counts.values()) if (!best || entry.n > best.n) best = entry;
  return best?.sample;
}

/** Builds the retrieval planner from the given (training) samples. */
export function createRetrievalPlanner(domain: Pick<Domain, 'name'>, samples: readonly TaskSample[]): RetrievalPlanner {
  return new RetrievalPlanner(domain, samples);
}

/**
 * Reads `<dataDir>/<domain>/train.jsonl` through the importer and builds the
 * planner. `excludeIds` keeps evaluation samples out of the index.
 */
export function loadRetrievalPlanner(dataDir: string, domainName: string, options: { readonly excludeIds?: ReadonlySet<string> } = {}): RetrievalPlanner {
  const domain = loadDomain(dataDir, domainName);
  const { samples } = loadDomainSamples(dataDir, domainName);
  const kept = options.excludeIds ? samples.filter((s) => !options.excludeIds?.has(s.id)) : samples;
  return createRetrievalPlanner(domain, kept);
}
