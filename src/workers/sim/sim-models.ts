import { normaliseMetric, successFromQuality } from './quality-map.js';
import type { WorkerTaskEstimate } from '../profile.js';
import type { LlmParams, OutputRule, TaskModelParams, ZooParams, ZooRules } from './zoo-params.js';

/**
 * The zoo's true behaviour of one simulated model on one task type, derived
 * from data/zoo/zoo.yaml by the stated rules. The sim worker draws around
 * these medians; `estimate()` reports their means.
 */

export type SimModel =
  | { readonly kind: 'llm'; readonly id: string; readonly params: LlmParams }
  | { readonly kind: 'task-model'; readonly id: string; readonly params: TaskModelParams };

export type CallKind = 'text' | 'tool-call' | 'task-model';

export interface CallShape {
  readonly kind: CallKind;
  readonly successProb: number;
  /** Median output tokens (LLMs); 0 for task models. */
  readonly medianOutputTokens: number;
  /** Latency = (baseMs + outputTokens * msPerOutputToken) * lognormal noise + fixedMs. */
  readonly baseMs: number;
  readonly msPerOutputToken: number;
  /** Latency added without noise: the tool's API for tool calls, the endpoint round trip for task models. */
  readonly fixedMs: number;
  /** When a failed request answers (first byte): TTFT for LLMs, the round trip for task models. */
  readonly failFastMs: number;
  /** Cost of the input tokens (LLMs). */
  readonly inputCostUsd: number;
  /** USD per output token (LLMs). */
  readonly usdPerOutputToken: number;
  /** USD per ms of compute (task models). */
  readonly usdPerComputeMs: number;
}

export function llmQuality(m: LlmParams): number {
  return normaliseMetric({ kind: 'percent', value: m.mmlu });
}

/** q for a task model: its metric's normalisation, or the stated no-figure rule (size-scaled within the task). */
export function taskModelQuality(m: TaskModelParams, zoo: ZooParams): number {
  if (m.metric.kind !== 'none') return normaliseMetric(m.metric);
  const siblings = zoo.taskModels.filter((t) => t.task === m.task && t.metric.kind === 'none');
  const smallest = Math.min(...siblings.map((t) => t.params_m));
  const doublings = Math.log2(m.params_m / smallest);
  return Math.min(1, zoo.rules.no_figure_quality + zoo.rules.no_figure_per_doubling * doublings);
}

export function medianOutputTokens(rule: OutputRule, inputTokens: number): number {
  return Math.round(Math.min(rule.max, Math.max(rule.min, rule.ratio * inputTokens + rule.fixed)));
}

/** Per-item compute ms: the published figure, else params times the encoder/generative rate. */
export function taskModelItemMs(m: TaskModelParams, zoo: ZooParams): number {
  if (m.item_ms !== undefined) return m.item_ms;
  const rate = m.generative ? zoo.rules.generative_ms_per_m_params : zoo.rules.encoder_ms_per_m_params;
  return Math.max(zoo.rules.min_item_ms, m.params_m * rate);
}

export function callShape(model: SimModel, task: string, inputTokens: number, zoo: ZooParams): CallShape {
  const rules = zoo.rules;
  if (model.kind === 'task-model') {
    const m = model.params;
    return {
      kind: 'task-model',
      successProb: successFromQuality(taskModelQuality(m, zoo), rules.success_map),
      medianOutputTokens: 0,
      baseMs: taskModelItemMs(m, zoo),
      msPerOutputToken: 0,
      fixedMs: rules.hosted_overhead_ms,
      failFastMs: rules.hosted_overhead_ms,
      inputCostUsd: 0,
      usdPerOutputToken: 0,
      usdPerComputeMs: rules.gpu_usd_per_hour[m.gpu] / 3_600_000,
    };
  }
  const m = model.params;
  const rule = zoo.textTasks[task];
  const outputTokens = rule ? medianOutputTokens(rule, inputTokens) : rules.tool_call.output_tokens;
  return {
    kind: rule ? 'text' : 'tool-call',
    successProb: successFromQuality(llmQuality(m), rules.success_map),
    medianOutputTokens: outputTokens,
    baseMs: m.ttft_ms,
    msPerOutputToken: 1000 / m.tok_per_s,
    fixedMs: rule ? 0 : rules.tool_call.api_ms,
    failFastMs: m.ttft_ms,
    inputCostUsd: (inputTokens * m.price_in) / 1e6,
    usdPerOutputToken: m.price_out / 1e6,
    usdPerComputeMs: 0,
  };
}

/** Means of one call's draws: the lognormal noise has mean E[exp(sigma Z)] = exp(sigma^2 / 2). */
export function expectedOf(shape: CallShape, rules: ZooRules): WorkerTaskEstimate {
  const latencyMean = Math.exp(rules.latency_sigma ** 2 / 2);
  const expectedOut = shape.kind === 'task-model' ? 0 : shape.medianOutputTokens * Math.exp(rules.output_tokens_sigma ** 2 / 2);
  const computeMs = shape.baseMs + expectedOut * shape.msPerOutputToken;
  return {
    successProb: shape.successProb,
    expectedLatencyMs: shape.fixedMs + computeMs * latencyMean,
    expectedCostUsd:
      shape.kind === 'task-model' ? computeMs * latencyMean * shape.usdPerComputeMs : shape.inputCostUsd + expectedOut * shape.usdPerOutputToken,
    expectedOutputTokens: expectedOut,
  };
}
