import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * The zoo's parameter file (data/zoo/zoo.yaml), validated. Every number there
 * is cited or marked as an assumption; this module only reads it.
 */

const metricSchema = z.object({
  kind: z.enum(['percent', 'fraction', 'wer', 'absrel', 'cider', 'pesq', 'si_snri_db', 'rank', 'none']),
  value: z.number().optional(),
});

const outputRuleSchema = z.object({
  ratio: z.number().min(0),
  fixed: z.number().min(0),
  min: z.number().int().min(1),
  max: z.number().int().min(1),
});

const llmSchema = z.object({
  id: z.string().min(1),
  model: z.string().min(1),
  vendor: z.string().min(1),
  price_in: z.number().min(0),
  price_out: z.number().min(0),
  tok_per_s: z.number().positive(),
  ttft_ms: z.number().min(0),
  mmlu: z.number().min(0).max(100).nullable(),
  gpqa: z.number().min(0).max(100),
  source: z.string().min(1),
});

const gpuSchema = z.enum(['t4', 'a10g', 'a100']);

const taskModelSchema = z.object({
  id: z.string().min(1),
  model: z.string().min(1),
  task: z.string().min(1),
  params_m: z.number().positive(),
  metric: metricSchema,
  item_ms: z.number().positive().optional(),
  generative: z.boolean().default(false),
  gpu: gpuSchema,
  source: z.string().min(1),
});

const zooFileSchema = z.object({
  version: z.literal(1),
  rules: z.object({
    success_map: z.object({ floor: z.number().min(0).max(1), cap: z.number().min(0).max(1) }),
    latency_sigma: z.number().min(0),
    output_tokens_sigma: z.number().min(0),
    hosted_overhead_ms: z.number().min(0),
    chars_per_token: z.number().positive(),
    prompt_overhead_tokens: z.number().int().min(0),
    encoder_ms_per_m_params: z.number().positive(),
    generative_ms_per_m_params: z.number().positive(),
    min_item_ms: z.number().min(0),
    no_figure_quality: z.number().min(0).max(1),
    no_figure_per_doubling: z.number().min(0),
    gpu_usd_per_hour: z.record(gpuSchema, z.number().positive()),
    tool_call: z.object({ output_tokens: z.number().int().min(1), api_ms: z.number().min(0) }),
  }),
  text_tasks: z.record(z.string(), outputRuleSchema),
  llms: z.array(llmSchema).min(1),
  task_models: z.array(taskModelSchema),
});

export type ZooFile = z.infer<typeof zooFileSchema>;
export type ZooRules = ZooFile['rules'];
export type OutputRule = z.infer<typeof outputRuleSchema>;
export type GpuKind = z.infer<typeof gpuSchema>;
/** An LLM row with MMLU always known (imputed where the file says null). */
export type LlmParams = Omit<z.infer<typeof llmSchema>, 'mmlu'> & { readonly mmlu: number; readonly mmluImputed: boolean };
export type TaskModelParams = z.infer<typeof taskModelSchema>;

export interface ZooParams {
  readonly rules: ZooRules;
  readonly textTasks: Readonly<Record<string, OutputRule>>;
  readonly llms: readonly LlmParams[];
  readonly taskModels: readonly TaskModelParams[];
}

/** data/zoo/zoo.yaml; the same relative path works from src/ (tsx, vitest) and from dist/. */
export const zooFile = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'data', 'zoo', 'zoo.yaml');

/**
 * MMLU for a model that only publishes GPQA: a least-squares line of MMLU on
 * GPQA fitted over the models that publish both. One rule for every such model.
 */
export function imputeMmlu(known: readonly { readonly mmlu: number; readonly gpqa: number }[], gpqa: number): number {
  const n = known.length;
  if (n < 2) throw new Error('need at least two models with both MMLU and GPQA to impute MMLU');
  const mx = known.reduce((s, m) => s + m.gpqa, 0) / n;
  const my = known.reduce((s, m) => s + m.mmlu, 0) / n;
  const sxx = known.reduce((s, m) => s + (m.gpqa - mx) ** 2, 0);
  const sxy = known.reduce((s, m) => s + (m.gpqa - mx) * (m.mmlu - my), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return Math.min(100, Math.max(0, my + slope * (gpqa - mx)));
}

export function parseZooParams(raw: unknown, file = zooFile): ZooParams {
  const parsed = zooFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid zoo parameters ${file}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'bad format'}`);
  }
  const data = parsed.data;
  const known = data.llms.flatMap((m) => (m.mmlu === null ? [] : [{ mmlu: m.mmlu, gpqa: m.gpqa }]));
  const llms = data.llms.map((m) =>
    m.mmlu === null ? { ...m, mmlu: imputeMmlu(known, m.gpqa), mmluImputed: true } : { ...m, mmlu: m.mmlu, mmluImputed: false },
  );
  const ids = [...llms.map((m) => m.id), ...data.task_models.map((m) => m.id)];
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new Error(`invalid zoo parameters ${file}: duplicate id ${dup}`);
  return { rules: data.rules, textTasks: data.text_tasks, llms, taskModels: data.task_models };
}

let cached: ZooParams | undefined;

export function loadZooParams(): ZooParams {
  cached ??= parseZooParams(parse(readFileSync(zooFile, 'utf8')) as unknown);
  return cached;
}
