import type { Domain } from '../../data/domain.js';
import { preparePhase1Data, type Phase1DataReport } from '../../data/phase1-data.js';
import { createGraphPrior, indexSample, linkRates, PAIR_FEATURES, type GraphPrior, type IndexedSample } from '../../planner/learned/features.js';
import { hashData } from '../../planner/learned/checkpoint.js';
import type { ModelSpec } from '../../planner/learned/spec.js';
import { SubwordTokenizer } from '../../planner/learned/tokenizer.js';
import type { TaskSample } from '../../types.js';

export interface ModelSettings {
  readonly vocabSize: number;
  readonly maxTokens: number;
  readonly embedDim: number;
  readonly hidden: number;
  readonly gnn: ModelSpec['gnn'];
  readonly gnnLayers: number;
  readonly maxNodes: number;
  readonly dropout: number;
  readonly setHidden: number;
  readonly attention: ModelSpec['attention'];
  readonly contextLayers: number;
}

export interface PreparedData {
  readonly train: IndexedSample[];
  readonly validation: IndexedSample[];
  readonly tokenizer: SubwordTokenizer;
  readonly spec: ModelSpec;
  readonly descTokens: number[][];
  readonly prior: GraphPrior;
  readonly toolLinks: [number, number][];
  readonly linkRate: [number, number, number][];
  readonly dataHash: string;
  /** Samples dropped because a task is outside the catalogue. */
  readonly skipped: number;
  /** Split, augmentation and synthetic-sample counts. */
  readonly report: Phase1DataReport;
}

export interface DataSettings {
  readonly seed: number;
  readonly valFraction: number;
  readonly calibrationFraction: number;
  readonly augmentation: boolean;
  readonly synthetic: boolean;
  readonly syntheticCount: number;
  readonly stepPhrasing: boolean;
}

/** Words of a tool id and its description, e.g. `file_write` -> "file write". */
export function toolText(tool: { id: string; desc: string }): string {
  return `${tool.id.replace(/[_-]/g, ' ')} ${tool.desc}`;
}

/**
 * Builds everything the trainer needs from samples: the train/validation
 * split (by hash of id, so it never moves), the subword tokenizer (from
 * training instructions and tool descriptions only), the graph prior and the
 * model spec.
 */
/**
 * Worker labels for the worker-selector head: a node's own label when the
 * sample has one (imported execution logs), else the first of the registry's
 * `candidatesFor(task)` (best expected quality of the default provider).
 */
export interface WorkerLabels {
  readonly workers: readonly string[];
  readonly defaultFor: (task: string) => string | undefined;
}

export function prepareData(domain: Domain, samples: readonly TaskSample[], settings: ModelSettings, dataSettings: DataSettings, labels: WorkerLabels, seed: number): PreparedData {
  const workers = labels.workers;
  const workerIndex = new Map(workers.map((w, i) => [w, i] as const));
  const labelOf = (sample: TaskSample & { readonly workers?: readonly (string | null)[] }, task: string, node: number): number => {
    const own = sample.workers?.[node];
    return workerIndex.get(own ?? '') ?? workerIndex.get(labels.defaultFor(task) ?? '') ?? -1;
  };
  const tasks = domain.tools.map((t) => t.id);
  const taskIndex = new Map(tasks.map((t, i) => [t, i] as const));
  // Augmented copies and synthetic tool-graph samples join the training side only (src/data/phase1-data.ts).
  const { train, validation, report } = preparePhase1Data(samples, domain, {
    seed: dataSettings.seed,
    val_fraction: dataSettings.valFraction,
    calibration_fraction: dataSettings.calibrationFraction,
    augmentation: dataSettings.augmentation,
    synthetic: dataSettings.synthetic,
    synthetic_count: dataSettings.syntheticCount,
    step_phrasing: dataSettings.stepPhrasing,
  });
  const index = (list: readonly TaskSample[]): IndexedSample[] =>
    list.map((s) => indexSample(s, taskIndex, settings.maxNodes, (task, node) => labelOf(s, task, node))).filter((s): s is IndexedSample => s !== null);
  const trainIdx = index(train);
  const valIdx = index(validation);
  const tokenizer = SubwordTokenizer.build([...trainIdx.map((s) => s.instruction), ...domain.tools.map(toolText)], settings.vocabSize);
  // The description table only has rows for subwords that occur in descriptions: small, and cheap for Adam.
  const descIds = new Map<number, number>();
  const descTokens = [[], ...domain.tools.map((t) => tokenizer.encode(toolText(t)).slice(0, 24))].map((ids) =>
    ids.map((id) => {
      if (!descIds.has(id)) descIds.set(id, descIds.size);
      return descIds.get(id) as number;
    }),
  );
  const toolLinks = domain.links.map((l) => [taskIndex.get(l.source) as number, taskIndex.get(l.target) as number] as [number, number]);
  const linkRate = linkRates(trainIdx, tasks.length);
  const spec: ModelSpec = {
    vocabSize: tokenizer.size,
    descVocabSize: Math.max(1, descIds.size),
    maxTokens: settings.maxTokens,
    embedDim: settings.embedDim,
    hidden: settings.hidden,
    edgeUnits: Math.max(8, Math.round(settings.hidden / 2)),
    gnn: settings.gnn,
    gnnLayers: settings.gnnLayers,
    maxNodes: settings.maxNodes,
    tasks,
    workers: [...workers],
    pairFeatures: PAIR_FEATURES,
    dropout: settings.dropout,
    setHidden: settings.setHidden,
    attention: settings.attention,
    contextLayers: settings.contextLayers,
    seed,
  };
  const dataHash = hashData([
    JSON.stringify(samples.map((s) => [s.id, s.instruction, s.nodes.map((n) => n.task), s.links])),
    JSON.stringify(domain.tools),
    JSON.stringify(dataSettings),
  ]);
  return {
    train: trainIdx,
    validation: valIdx,
    tokenizer,
    spec,
    descTokens,
    prior: createGraphPrior(tasks.length, toolLinks, linkRate),
    toolLinks,
    linkRate,
    dataHash,
    skipped: train.length + validation.length - trainIdx.length - valIdx.length,
    report,
  };
}
