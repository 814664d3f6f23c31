/** Public surface of the workers layer: the sim zoo, the OpenAI-compatible adapter, typed errors, the registry. */
export { WorkerError, abortError, isRetryableStatus, parseRetryAfterMs, type WorkerErrorKind, type WorkerErrorOptions } from './errors.js';
export type { WorkerProfile, WorkerTaskEstimate } from './profile.js';
export { buildWorkerRegistry, type WorkerRegistry } from './registry.js';
export { isLocalBaseUrl, normaliseModelName } from './provider-workers.js';
export { createSimZoo, SIM_PROVIDER, type SimFaults, type SimZoo, type SimZooOptions } from './sim/zoo.js';
export { isSimOutput, type SimOutput, type ArtifactKind } from './sim/sim-output.js';
export { loadZooParams, zooFile, type ZooParams } from './sim/zoo-params.js';
export { normaliseMetric, successFromQuality, type Metric, type MetricKind } from './sim/quality-map.js';
export { createOpenAIWorker, type OpenAIOutput, type OpenAIWorkerSettings } from './openai/openai-worker.js';
export { buildPrompt, TEXT_TASKS, type ChatMessage } from './openai/prompts.js';
