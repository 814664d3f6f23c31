import type { ProviderConfig } from '../config/schema.js';
import type { Domain } from '../data/domain.js';
import { UserError } from '../errors.js';
import type { Worker } from '../types.js';
import { createOpenAIWorker } from './openai/openai-worker.js';
import { TEXT_TASKS } from './openai/prompts.js';
import type { WorkerProfile, WorkerTaskEstimate } from './profile.js';
import { callShape, expectedOf } from './sim/sim-models.js';
import type { SimZoo } from './sim/zoo.js';
import { type LlmParams, loadZooParams } from './sim/zoo-params.js';

/** A configured real worker with what is known about it ahead of a call. */
export interface ProviderWorker {
  readonly worker: Worker;
  readonly profile: WorkerProfile;
  estimate(task: string, inputTokens: number): WorkerTaskEstimate;
}

/** Hosts that may run an OpenAI-compatible server without a key (Ollama, llama.cpp, vLLM on this machine or the LAN). */
export function isLocalBaseUrl(baseUrl: string | undefined): boolean {
  if (!baseUrl) return false;
  let host: string;
  try {
    host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    host === '0.0.0.0' ||
    host === 'host.docker.internal' ||
    /^127\./.test(host) ||
    /^10\./.test(host) ||
    /^192\.168\./.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(host)
  );
}

/** Comparable form of a model name: `meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo` and `llama-3.1-8b-instruct` both give `llama-3.1-8b`. */
export function normaliseModelName(name: string): string {
  return (name.toLowerCase().split('/').pop() ?? '')
    .replace(/-\d{4}-?\d{2}-?\d{2}$/, '')
    .replace(/-(instruct|turbo|latest|chat)\b/g, '')
    .replace(/^meta-/, '')
    .replace(/(\d)-(\d)/g, '$1.$2');
}

// ASSUMPTION for a model the zoo does not know: MMLU 70 (between llama-3.1-8b and
// gemini-1.5-flash), 500 ms TTFT, 100 tok/s. Only used for planning estimates.
const UNKNOWN_MODEL = { mmlu: 70, ttft_ms: 500, tok_per_s: 100 } as const;

function tasksFor(config: ProviderConfig, domains: readonly Domain[], zoo: SimZoo, allTasks: ReadonlySet<string>): string[] {
  if (config.tasks !== '*') {
    const unknown = config.tasks.filter((t) => !allTasks.has(t));
    if (unknown.length > 0) {
      throw new UserError(
        `workers.providers "${config.id}": unknown task(s) ${unknown.map((t) => `"${t}"`).join(', ')}; tasks must be task types of a loaded domain (see \`orchestai models\`)`,
      );
    }
    return [...config.tasks];
  }
  // '*': what a chat model can do from text: the text task types and API tool calls.
  // Other modalities (speech, images, video) stay on the sim zoo unless listed explicitly.
  const tools = domains.flatMap((d) => d.tools.map((t) => t.id)).filter((t) => zoo.isToolTask(t));
  return [...new Set([...TEXT_TASKS, ...tools])];
}

export function buildProviderWorkers(
  providers: readonly ProviderConfig[],
  domains: readonly Domain[],
  zoo: SimZoo,
  env: NodeJS.ProcessEnv,
): ProviderWorker[] {
  const params = loadZooParams();
  const allTasks = new Set([...TEXT_TASKS, ...domains.flatMap((d) => d.tools.map((t) => t.id)), ...params.taskModels.map((m) => m.task)]);
  const toolDescriptions = new Map(
    domains.flatMap((d) => d.tools.filter((t) => zoo.isToolTask(t.id)).map((t) => [t.id, t.desc] as const)),
  );

  return providers.map((config): ProviderWorker => {
    const envKey = env[config.api_key_env]?.trim();
    const local = isLocalBaseUrl(config.base_url);
    if (!envKey && !local) {
      throw new UserError(
        `workers.providers "${config.id}": the API key is read from the environment variable ${config.api_key_env}, which is not set. ` +
          `Set it (e.g. in .env) or point base_url at a local server (Ollama, llama.cpp, vLLM), which needs no key.`,
      );
    }
    const tasks = tasksFor(config, domains, zoo, allTasks);
    const worker = createOpenAIWorker({
      id: config.id,
      model: config.model,
      // Local servers ignore the key, but the client insists on one.
      apiKey: envKey || 'no-key-needed',
      ...(config.base_url ? { baseURL: config.base_url } : {}),
      priceInPer1M: config.price_in_per_1m,
      priceOutPer1M: config.price_out_per_1m,
      tasks,
      stream: config.stream,
      maxTokens: config.max_tokens,
      toolDescriptions,
      provider: config.type,
    });

    // Estimates borrow the zoo's figures when the model is one the zoo stands for.
    const known = params.llms.find((m) => [m.id, m.model].some((n) => normaliseModelName(n) === normaliseModelName(config.model)));
    const llm: LlmParams = {
      id: config.id,
      model: config.model,
      vendor: config.type,
      price_in: config.price_in_per_1m,
      price_out: config.price_out_per_1m,
      tok_per_s: known?.tok_per_s ?? UNKNOWN_MODEL.tok_per_s,
      ttft_ms: known?.ttft_ms ?? UNKNOWN_MODEL.ttft_ms,
      mmlu: known?.mmlu ?? UNKNOWN_MODEL.mmlu,
      mmluImputed: known ? known.mmluImputed : true,
      gpqa: known?.gpqa ?? 0,
      source: known ? `config workers.providers (speed/quality as zoo ${known.id})` : 'config workers.providers (speed/quality assumed)',
    };
    const profile: WorkerProfile = {
      id: config.id,
      provider: config.type,
      model: config.model,
      simulated: false,
      tasks,
      kind: 'llm',
      priceInPer1M: config.price_in_per_1m,
      priceOutPer1M: config.price_out_per_1m,
      source: llm.source,
    };
    return {
      worker,
      profile,
      estimate: (task, inputTokens) => expectedOf(callShape({ kind: 'llm', id: config.id, params: llm }, task, Math.max(0, inputTokens), params), params.rules),
    };
  });
}
