import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../../errors.js';
import { createGraphPrior, type GraphPrior } from './features.js';
import { CHECKPOINT_VERSION, expectedWeightShapes, modelSpecSchema, type ModelSpec } from './spec.js';
import { SubwordTokenizer, tokenizerJsonSchema } from './tokenizer.js';

/**
 * Checkpoint layout, `checkpoints/<domain>/`:
 *   manifest.json   version, domain, model spec, graph prior, data hash, metrics
 *   model.json      tfjs LayersModel topology and weight specs (tfjs's own format)
 *   weights.bin     float32 weights, in weight-spec order
 *   weights-<k>.bin the same weights of ensemble member k (k >= 1; manifest `members`)
 *   tokenizer.json  the subword vocabulary
 *   metrics.jsonl   the training run's metrics, for the record
 * Written to a sibling temp dir and renamed into place, so a crash never
 * leaves half a checkpoint; other entries of an existing directory (Phase 2's
 * `phase2/`) are moved into the new one. Every file is external input when read back.
 */

export const CHECKPOINT_FORMAT = 'orchestai-planner';

export const manifestSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  version: z.number().int(),
  domain: z.string().min(1),
  createdAt: z.string(),
  backend: z.string().default('unknown'),
  spec: modelSpecSchema,
  /** Per output class, the subword ids of the tool description (see AttentionDecoder). */
  descTokens: z.array(z.array(z.number().int().min(0))),
  prior: z.object({
    toolLinks: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])),
    linkRate: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0), z.number()])),
  }),
  /** Probability above which an i -> j edge (i < j) is kept. */
  edgeThreshold: z.number().min(0).max(1),
  /** Confidence below which the hybrid planner uses the retrieval plan, calibrated on validation (see calibrate.ts). */
  fallbackThreshold: z.number().min(0).max(1).optional(),
  /** Weight of the task-set head's logits in decoding (fast-net.ts), calibrated like the threshold; absent means 0. */
  setWeight: z.number().min(0).optional(),
  /** Networks trained on the same data from different initial seeds, averaged when planning (member 0 in weights.bin, member k in weights-<k>.bin). */
  members: z.number().int().min(1).default(1),
  /** sha256 of the training data and split settings the weights were fitted on. */
  dataHash: z.string(),
  /** Validation figures of this checkpoint (val_node_f1, ...). */
  metrics: z.record(z.string(), z.number()).default({}),
  epoch: z.number().int().min(0).default(0),
  /** The train/validation split the metrics refer to (splitByHash settings), so benchmarks can rebuild it. */
  split: z.object({ seed: z.number().int(), valFraction: z.number(), calibrationFraction: z.number().min(0).max(1).default(0) }).optional(),
});
export type CheckpointManifest = z.infer<typeof manifestSchema>;

const weightSpecSchema = z.object({ name: z.string(), shape: z.array(z.number().int().min(0)), dtype: z.literal('float32') });
const modelJsonSchema = z.object({
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: z.array(z.object({ paths: z.array(z.string()), weights: z.array(weightSpecSchema) })).length(1),
});
export type ModelJson = z.infer<typeof modelJsonSchema>;
export type WeightSpec = z.infer<typeof weightSpecSchema>;

export interface CheckpointFiles {
  readonly manifest: CheckpointManifest;
  readonly modelTopology: Record<string, unknown>;
  readonly weightSpecs: WeightSpec[];
  readonly weightData: ArrayBuffer;
  /** Weights of ensemble members 1.. (same specs as `weightData`); their count + 1 must equal `manifest.members`. */
  readonly memberWeightData?: readonly ArrayBuffer[];
  readonly tokenizer: SubwordTokenizer;
  /** Text of the run's metrics.jsonl, copied alongside. */
  readonly metricsJsonl?: string;
  /** More files written inside the same atomic directory (trainer state for --resume). */
  readonly extraFiles?: Readonly<Record<string, string | Uint8Array>>;
}

export interface LoadedCheckpoint {
  readonly dir: string;
  readonly manifest: CheckpointManifest;
  readonly modelTopology: Record<string, unknown>;
  readonly weightSpecs: WeightSpec[];
  readonly weightData: ArrayBuffer;
  /** Weights of ensemble members 1.. (empty for a single network). */
  readonly memberWeightData: ArrayBuffer[];
  /** Every member's weights by name, member 0 first. */
  readonly members: Map<string, Float32Array>[];
  readonly tokenizer: SubwordTokenizer;
  readonly prior: GraphPrior;
}

export function hashData(parts: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0000');
  return `sha256:${h.digest('hex')}`;
}

/** Writes a checkpoint atomically: everything goes to `<parent>/.tmp-<name>-<random>`, then one rename. */
export function writeCheckpoint(dir: string, files: CheckpointFiles): void {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.tmp-${basename(dir)}-${randomBytes(4).toString('hex')}`);
  const extraMembers = files.memberWeightData ?? [];
  if (extraMembers.length + 1 !== files.manifest.members) throw new Error(`checkpoint for ${dir}: manifest says ${files.manifest.members} members, got weights for ${extraMembers.length + 1}`);
  mkdirSync(tmp);
  try {
    const modelJson: ModelJson = { modelTopology: files.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: files.weightSpecs }] };
    writeFileSync(join(tmp, 'model.json'), JSON.stringify(modelJson));
    writeFileSync(join(tmp, 'weights.bin'), Buffer.from(files.weightData));
    extraMembers.forEach((data, k) => writeFileSync(join(tmp, memberWeightsFile(k + 1)), Buffer.from(data)));
    writeFileSync(join(tmp, 'tokenizer.json'), JSON.stringify(files.tokenizer.toJson()));
    writeFileSync(join(tmp, 'manifest.json'), `${JSON.stringify(files.manifest, null, 1)}\n`);
    if (files.metricsJsonl !== undefined) writeFileSync(join(tmp, 'metrics.jsonl'), files.metricsJsonl);
    for (const [name, content] of Object.entries(files.extraFiles ?? {})) writeFileSync(join(tmp, name), content);
    const old = existsSync(dir) ? join(parent, `.tmp-old-${basename(dir)}-${randomBytes(4).toString('hex')}`) : null;
    if (old) {
      // Other components keep their state inside the domain's checkpoint dir (e.g. phase2/): carry it over.
      const ours = new Set(['manifest.json', 'model.json', 'weights.bin', 'tokenizer.json', 'metrics.jsonl', ...Object.keys(files.extraFiles ?? {})]);
      for (const entry of readdirSync(dir)) if (!ours.has(entry) && !MEMBER_WEIGHTS.test(entry)) renameSync(join(dir, entry), join(tmp, entry));
      renameSync(dir, old);
    }
    renameSync(tmp, dir);
    if (old) rmSync(old, { recursive: true, force: true });
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

const MEMBER_WEIGHTS = /^weights-\d+\.bin$/;

/** File of ensemble member k >= 1 (member 0 is weights.bin). */
export function memberWeightsFile(k: number): string {
  return `weights-${k}.bin`;
}

/** Reads one member's weights.bin-format file and checks its length and values against the specs. */
function readWeights(file: string, specs: readonly WeightSpec[]): { data: ArrayBuffer; weights: Map<string, Float32Array> } {
  if (!existsSync(file)) throw new UserError(`corrupt checkpoint: ${file} is missing`);
  const buffer = readFileSync(file);
  const total = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
  if (buffer.byteLength !== total * 4) throw new UserError(`corrupt checkpoint: ${file} has ${buffer.byteLength} bytes, the weight specs need ${total * 4}`);
  const data = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
  const weights = new Map<string, Float32Array>();
  let offset = 0;
  for (const s of specs) {
    const size = s.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(data, offset * 4, size);
    for (const v of values) if (!Number.isFinite(v)) throw new UserError(`corrupt checkpoint: ${file}: weight ${s.name} holds a non-finite value`);
    weights.set(s.name, values);
    offset += size;
  }
  return { data, weights };
}

function readJsonFile(file: string): unknown {
  if (!existsSync(file)) throw new UserError(`corrupt checkpoint: ${file} is missing`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (err) {
    throw new UserError(`corrupt checkpoint: ${file} is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

function issue(error: z.ZodError): string {
  const first = error.issues[0];
  return first ? `${first.path.map(String).join('.') || '(root)'}: ${first.message}` : 'invalid';
}

export function checkpointExists(dir: string): boolean {
  return existsSync(join(dir, 'manifest.json'));
}

/**
 * Reads and validates a checkpoint: format and version, every weight's shape
 * against what the manifest's model spec needs, the byte length of
 * weights.bin, and the tokenizer's size. Throws UserError naming the file and
 * the problem.
 */
export function readCheckpoint(dir: string, expectedDomain?: string): LoadedCheckpoint {
  const manifestFile = join(dir, 'manifest.json');
  const rawManifest = readJsonFile(manifestFile);
  const format = (rawManifest as { format?: unknown } | null)?.format;
  if (format !== CHECKPOINT_FORMAT) throw new UserError(`corrupt checkpoint: ${manifestFile} is not an OrchestAI planner manifest (format ${JSON.stringify(format)})`);
  const version = (rawManifest as { version?: unknown }).version;
  if (version !== CHECKPOINT_VERSION)
    throw new UserError(`mismatched checkpoint: ${manifestFile} has version ${String(version)}, this OrchestAI reads version ${CHECKPOINT_VERSION}; retrain with \`orchestai train phase1\``);
  const parsed = manifestSchema.safeParse(rawManifest);
  if (!parsed.success) throw new UserError(`corrupt checkpoint: ${manifestFile}: ${issue(parsed.error)}`);
  const manifest = parsed.data;
  if (expectedDomain && manifest.domain !== expectedDomain) throw new UserError(`mismatched checkpoint: ${manifestFile} is for domain "${manifest.domain}", not "${expectedDomain}"`);
  const spec: ModelSpec = manifest.spec;
  if (manifest.descTokens.length !== spec.tasks.length + 1) throw new UserError(`corrupt checkpoint: ${manifestFile}: descTokens has ${manifest.descTokens.length} rows, expected ${spec.tasks.length + 1}`);

  const tokenizerFile = join(dir, 'tokenizer.json');
  const tok = tokenizerJsonSchema.safeParse(readJsonFile(tokenizerFile));
  if (!tok.success) throw new UserError(`corrupt checkpoint: ${tokenizerFile}: ${issue(tok.error)}`);
  if (tok.data.vocab.length !== spec.vocabSize) throw new UserError(`mismatched checkpoint: ${tokenizerFile} has ${tok.data.vocab.length} subwords, the model expects ${spec.vocabSize}`);
  let tokenizer: SubwordTokenizer;
  try {
    tokenizer = new SubwordTokenizer(tok.data.vocab);
  } catch (err) {
    throw new UserError(`corrupt checkpoint: ${tokenizerFile}: ${err instanceof Error ? err.message : String(err)}`);
  }

  const modelFile = join(dir, 'model.json');
  const model = modelJsonSchema.safeParse(readJsonFile(modelFile));
  if (!model.success) throw new UserError(`corrupt checkpoint: ${modelFile}: ${issue(model.error)}`);
  const specs = model.data.weightsManifest[0]?.weights ?? [];
  const expected = expectedWeightShapes(spec);
  const names = new Set(specs.map((s) => s.name));
  for (const name of expected.keys()) if (!names.has(name)) throw new UserError(`mismatched checkpoint: ${modelFile} lacks weight ${name}`);
  for (const s of specs) {
    const want = expected.get(s.name);
    if (!want) throw new UserError(`mismatched checkpoint: ${modelFile} has unexpected weight ${s.name}`);
    if (want.join('x') !== s.shape.join('x')) throw new UserError(`mismatched checkpoint: ${modelFile}: weight ${s.name} has shape [${s.shape.join(', ')}], the model spec needs [${want.join(', ')}]`);
  }

  const { data: weightData, weights } = readWeights(join(dir, 'weights.bin'), specs);
  const extra = Array.from({ length: manifest.members - 1 }, (_, k) => readWeights(join(dir, memberWeightsFile(k + 1)), specs));
  const K = spec.tasks.length;
  for (const [a, b] of manifest.prior.toolLinks) if (a >= K || b >= K) throw new UserError(`corrupt checkpoint: ${manifestFile}: prior link [${a}, ${b}] outside the ${K} tasks`);
  const prior = createGraphPrior(K, manifest.prior.toolLinks, manifest.prior.linkRate);
  return {
    dir,
    manifest,
    modelTopology: model.data.modelTopology,
    weightSpecs: specs,
    weightData,
    memberWeightData: extra.map((m) => m.data),
    members: [weights, ...extra.map((m) => m.weights)],
    tokenizer,
    prior,
  };
}
