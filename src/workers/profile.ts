/**
 * What is known about a worker before it runs: used by `orchestai models`,
 * the planner's worker selector, the cost optimizer and Phase 2.
 */
export interface WorkerProfile {
  readonly id: string;
  /** `sim` or `openai`. */
  readonly provider: string;
  /** The real model it is or stands for, e.g. `gpt-4o-mini`, `openai/whisper-large-v3`. */
  readonly model: string;
  readonly simulated: boolean;
  readonly tasks: readonly string[] | '*';
  /** USD per 1M tokens (task models priced per call are converted; see the zoo's notes). */
  readonly priceInPer1M: number;
  readonly priceOutPer1M: number;
  /** Where the figures come from. */
  readonly source?: string;
}

/** Expected behaviour of a worker on a task type; for sim workers these are the zoo's true parameters. */
export interface WorkerTaskEstimate {
  readonly successProb: number;
  readonly expectedLatencyMs: number;
  readonly expectedCostUsd: number;
}
