import OpenAI from 'openai';
import { z } from 'zod';
import type { TokenUsage, Worker, WorkerCall, WorkerResult } from '../../types.js';
import { WorkerError } from '../errors.js';
import { countTokens } from '../call-text.js';
import { mapOpenAIError } from './map-openai-error.js';
import { buildPrompt } from './prompts.js';

export interface OpenAIWorkerSettings {
  /** Worker id used in plans. */
  readonly id: string;
  /** Model name sent to the endpoint, e.g. `gpt-4o-mini`, `llama3.1:8b`. */
  readonly model: string;
  /** Any OpenAI-compatible Chat Completions endpoint. @default https://api.openai.com/v1 */
  readonly baseURL?: string;
  readonly apiKey: string;
  /** USD per 1M tokens, for the cost of each call. @default 0 */
  readonly priceInPer1M?: number;
  readonly priceOutPer1M?: number;
  /** Task types sent to this worker. */
  readonly tasks: readonly string[];
  /** Use SSE streaming (usage requested with `stream_options.include_usage`). @default false */
  readonly stream?: boolean;
  /** @default 512 */
  readonly maxTokens?: number;
  /** Descriptions of API tools, by task name: these tasks get the tool-call prompt. */
  readonly toolDescriptions?: ReadonlyMap<string, string>;
  /** Provider name for errors and per-provider concurrency. @default 'openai' */
  readonly provider?: string;
  /** Client-side request timeout; the executor's signal usually ends calls first. @default 600000 */
  readonly timeoutMs?: number;
  /** Extra headers, e.g. Azure's `api-key`. */
  readonly defaultHeaders?: Readonly<Record<string, string>>;
  /** Extra query parameters, e.g. Azure's `api-version`. */
  readonly defaultQuery?: Readonly<Record<string, string>>;
}

/** What an openai worker returns as `output`. */
export interface OpenAIOutput {
  readonly text: string;
  readonly model: string;
  readonly finishReason: string | null;
  /** True when the endpoint sent no usage and tokens were estimated at ~4 chars each. */
  readonly usageEstimated: boolean;
}

// Only the fields we read; compatible servers differ in the rest.
const completionSchema = z.object({
  model: z.string().optional(),
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable().optional() }), finish_reason: z.string().nullable().optional() })).min(1),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullable().optional(),
});

const chunkSchema = z.object({
  model: z.string().optional(),
  choices: z.array(z.object({ delta: z.object({ content: z.string().nullable().optional() }).optional(), finish_reason: z.string().nullable().optional() })).optional(),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullable().optional(),
});

export function createOpenAIWorker(settings: OpenAIWorkerSettings): Worker {
  const provider = settings.provider ?? 'openai';
  const client = new OpenAI({
    apiKey: settings.apiKey,
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    // The executor owns retries, backoff and fallback.
    maxRetries: 0,
    timeout: settings.timeoutMs ?? 600_000,
    ...(settings.defaultHeaders ? { defaultHeaders: settings.defaultHeaders } : {}),
    ...(settings.defaultQuery ? { defaultQuery: settings.defaultQuery } : {}),
  });
  const maxTokens = settings.maxTokens ?? 512;
  const priceIn = settings.priceInPer1M ?? 0;
  const priceOut = settings.priceOutPer1M ?? 0;
  const cost = (u: TokenUsage): number => (u.inputTokens * priceIn + u.outputTokens * priceOut) / 1e6;

  function invalid(message: string, cause?: unknown): WorkerError {
    return new WorkerError(`${provider} returned an unexpected response: ${message}`, { provider, kind: 'invalid-response', retryable: false, cause });
  }

  async function complete(call: WorkerCall, signal: AbortSignal): Promise<{ text: string; model: string; finishReason: string | null; usage?: TokenUsage }> {
    const messages = buildPrompt(call, settings.toolDescriptions?.get(call.node.task));
    const base = { model: settings.model, messages: messages.map((m) => ({ role: m.role, content: m.content })), max_tokens: maxTokens };
    if (!settings.stream) {
      const raw: unknown = await client.chat.completions.create({ ...base, stream: false }, { signal });
      const parsed = completionSchema.safeParse(raw);
      if (!parsed.success) throw invalid(parsed.error.issues[0]?.message ?? 'bad shape', parsed.error);
      const choice = parsed.data.choices[0];
      const usage = parsed.data.usage;
      return {
        text: choice?.message.content ?? '',
        model: parsed.data.model ?? settings.model,
        finishReason: choice?.finish_reason ?? null,
        ...(usage ? { usage: { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens } } : {}),
      };
    }
    const stream = await client.chat.completions.create({ ...base, stream: true, stream_options: { include_usage: true } }, { signal });
    let text = '';
    let model = settings.model;
    let finishReason: string | null = null;
    let usage: TokenUsage | undefined;
    for await (const rawChunk of stream) {
      const chunk = chunkSchema.safeParse(rawChunk);
      if (!chunk.success) throw invalid(chunk.error.issues[0]?.message ?? 'bad stream chunk', chunk.error);
      if (chunk.data.model) model = chunk.data.model;
      for (const choice of chunk.data.choices ?? []) {
        text += choice.delta?.content ?? '';
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
      if (chunk.data.usage) usage = { inputTokens: chunk.data.usage.prompt_tokens, outputTokens: chunk.data.usage.completion_tokens };
    }
    return { text, model, finishReason, ...(usage ? { usage } : {}) };
  }

  return {
    id: settings.id,
    tasks: settings.tasks,
    provider,
    async run(call: WorkerCall, signal: AbortSignal): Promise<WorkerResult> {
      let answer: Awaited<ReturnType<typeof complete>>;
      try {
        answer = await complete(call, signal);
      } catch (err) {
        throw mapOpenAIError(err, provider, signal, settings.apiKey);
      }
      // Some local servers send no usage: estimate it so budgets still see a cost.
      const usage = answer.usage ?? {
        inputTokens: countTokens(buildPrompt(call, settings.toolDescriptions?.get(call.node.task)).map((m) => m.content).join('\n'), 4),
        outputTokens: countTokens(answer.text, 4),
      };
      if (answer.text.trim() === '') {
        // Billed but useless: not worth retrying on the same model, worth a fallback.
        throw new WorkerError(`${provider} model ${answer.model} returned an empty answer (finish reason: ${answer.finishReason ?? 'none'})`, {
          provider, kind: 'unusable-output', retryable: false, costUsd: cost(usage), usage,
        });
      }
      const output: OpenAIOutput = { text: answer.text, model: answer.model, finishReason: answer.finishReason, usageEstimated: answer.usage === undefined };
      return { output, usage, costUsd: cost(usage) };
    },
  };
}
