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
  /**
   * USD per 1M tokens. Task models bill GPU seconds, not tokens: for them
   * `priceInPer1M` is the expected cost of one call counted as 1,000 input
   * tokens (so `usdPerCall * 1000`) and `priceOutPer1M` is 0; see `usdPerCall`.
   */
  readonly priceInPer1M: number;
  readonly priceOutPer1M: number;
  /** Where the figures come from. */
  readonly source?: string;
  /** `llm` bills tokens; `task-model` bills per call (GPU seconds). */
  readonly kind?: 'llm' | 'task-model';
  /** Expected USD per call, for task models. */
  readonly usdPerCall?: number;
}

/** Expected behaviour of a worker on a task type; for sim workers these are the zoo's true parameters. */
export interface WorkerTaskEstimate {
  /** Probability that one call gives a usable result (injected 5xx/429/hang faults not included). */
  readonly successProb: number;
  /** Mean latency of one successful call. */
  readonly expectedLatencyMs: number;
  /** Mean cost of one call (a call whose result is unusable is billed too). */
  readonly expectedCostUsd: number;
  readonly expectedOutputTokens?: number;
}
