/**
 * The one shared types module: every layer (planner, executor, workers, logs,
 * training, UI) speaks in these types, so the UI never reaches into the core's
 * internals and the core never knows about the UI.
 */

/** Arguments of a plan node, as TaskBench gives them: a list (may hold `<node-k>` references) or named parameters. */
export type PlanArgs = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface PlanNode {
  /** Unique within the plan, e.g. `node-0`. */
  readonly id: string;
  /** Task type from the domain's tool catalogue, e.g. `Automatic Speech Recognition`. */
  readonly task: string;
  /** Ids of the parent nodes; the node runs once all of them succeeded. */
  readonly deps: readonly string[];
  /** Worker chosen for the node; when absent the executor picks the first worker that serves the task. */
  readonly worker?: string;
  /** Ordered fallbacks tried after `worker` exhausted its retries. */
  readonly fallbacks?: readonly string[];
  readonly args?: PlanArgs;
}

export interface PlannerInfo {
  /** `learned`, `retrieval`, ... */
  readonly name: string;
  readonly version: string;
  /** In [0, 1]. */
  readonly confidence: number;
}

/** A task the plan lacks but the planner rates likely: a hint for the person at the prompt, never run. */
export interface PlanSuggestion {
  readonly task: string;
  /** The learned planner's task-set head probability, in [0, 1]. */
  readonly probability: number;
}

export interface Plan {
  readonly nodes: readonly PlanNode[];
  readonly instruction?: string;
  readonly domain?: string;
  readonly planner?: PlannerInfo;
  /** Likeliest first; absent when there are none (or the planner has no task-set head). */
  readonly suggestions?: readonly PlanSuggestion[];
}

export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** What a worker is asked to do: run one plan node given its parents' outputs. */
export interface WorkerCall {
  readonly node: PlanNode;
  /** Parents' outputs, by parent node id. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** The user's instruction the plan was made from, when known. */
  readonly instruction?: string;
  /** 1 for the first try. */
  readonly attempt: number;
}

export interface WorkerResult {
  readonly output: unknown;
  readonly usage?: TokenUsage;
  readonly costUsd?: number;
  /**
   * Latency the call stands for, when it differs from wall time (the sim zoo
   * with a time scale below 1). The executor reports this instead of wall time.
   */
  readonly simulatedLatencyMs?: number;
}

/**
 * A worker is anything that can run plan nodes. Library users plug their own
 * functions in; the CLI builds them from config (see src/workers).
 */
export interface Worker {
  readonly id: string;
  /** Task types served, or '*' for all. */
  readonly tasks: readonly string[] | '*';
  /** Provider name used for per-provider concurrency limits (e.g. `sim`, `openai`). */
  readonly provider?: string;
  run(call: WorkerCall, signal: AbortSignal): Promise<WorkerResult>;
}

export type NodeStatus = 'succeeded' | 'failed' | 'skipped' | 'cancelled';
export type RunStatus = 'succeeded' | 'failed' | 'cancelled';

export interface NodeResult {
  readonly id: string;
  readonly task: string;
  readonly status: NodeStatus;
  /** Worker that produced the final outcome (after any fallback); empty when the node never started. */
  readonly worker: string;
  readonly latencyMs: number;
  readonly costUsd: number;
  readonly attempts: number;
  readonly usage: TokenUsage;
  readonly output?: unknown;
  readonly error?: string;
  /** Offsets from run start, for critical-path and Gantt views. */
  readonly startedAtMs?: number;
  readonly finishedAtMs?: number;
}

export interface RunTotals {
  readonly costUsd: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Longest dependency chain, by measured node latency. */
  readonly criticalPathMs: number;
  /** Sum of node latencies / wall time. */
  readonly speedup: number;
}

export interface RunResult {
  readonly status: RunStatus;
  readonly wallMs: number;
  readonly nodes: readonly NodeResult[];
  readonly totals: RunTotals;
}

/** Typed event stream from the executor; the TUI, `--json`, `--batch` and the execution log all consume it. */
export type RunEvent =
  | { readonly type: 'run-started'; readonly runId: string; readonly plan: Plan; readonly atMs: number }
  | { readonly type: 'node-started'; readonly nodeId: string; readonly worker: string; readonly attempt: number; readonly atMs: number }
  | {
      readonly type: 'node-retrying';
      readonly nodeId: string;
      readonly worker: string;
      /** Worker for the next attempt (differs from `worker` on fallback). */
      readonly nextWorker: string;
      readonly attempt: number;
      readonly error: string;
      readonly delayMs: number;
      readonly atMs: number;
    }
  | { readonly type: 'node-finished'; readonly nodeId: string; readonly result: NodeResult; readonly atMs: number }
  | { readonly type: 'node-failed'; readonly nodeId: string; readonly result: NodeResult; readonly atMs: number }
  | { readonly type: 'node-skipped'; readonly nodeId: string; readonly because: string; readonly atMs: number }
  | { readonly type: 'node-cancelled'; readonly nodeId: string; readonly atMs: number }
  | { readonly type: 'run-finished'; readonly runId: string; readonly result: RunResult; readonly atMs: number };

export type RunEventType = RunEvent['type'];

/** One line of `execution_logs/executions_YYYYMMDD.jsonl`. */
export interface ExecutionRecord {
  readonly version: 1;
  readonly runId: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly instruction: string;
  readonly domain: string;
  readonly seed: number | null;
  readonly planner: PlannerInfo;
  readonly plan: {
    readonly nodes: readonly { readonly id: string; readonly task: string; readonly deps: readonly string[]; readonly worker: string }[];
  };
  readonly nodes: readonly {
    readonly id: string;
    readonly task: string;
    readonly worker: string;
    readonly status: NodeStatus;
    readonly outputSummary?: string;
    readonly error?: string;
    readonly inputTokens: number;
    readonly outputTokens: number;
    readonly costUsd: number;
    readonly latencyMs: number;
    readonly attempts: number;
  }[];
  readonly totals: {
    readonly status: RunStatus;
    readonly wallMs: number;
    readonly criticalPathMs: number;
    readonly speedup: number;
    readonly costUsd: number;
    readonly inputTokens: number;
    readonly outputTokens: number;
  };
  readonly budgetUsd?: number;
}

/** The seed's training format; `dependencies` are [parentIndex, childIndex] pairs into `task_types`. */
export interface TrainingExample {
  readonly id?: string;
  readonly domain?: string;
  readonly instruction: string;
  readonly targets: {
    readonly task_types: readonly string[];
    readonly dependencies: readonly (readonly [number, number])[];
    readonly model_selections: readonly string[];
  };
  readonly rewards: {
    readonly success: number;
    readonly cost: number;
    readonly latency: number;
  };
}

/** A TaskBench-format sample after import and catalogue mapping. */
export interface TaskSample {
  readonly id: string;
  readonly instruction: string;
  readonly nodes: readonly { readonly task: string; readonly args?: PlanArgs }[];
  /** Links by node index (TaskBench links by task name; indices keep repeated tasks apart). */
  readonly links: readonly (readonly [number, number])[];
  readonly type: 'single' | 'chain' | 'dag';
  /** The dataset's step-by-step description of the plan (TaskBench `task_steps`), when it has one. */
  readonly steps?: readonly string[];
  /**
   * Per node, the [start, end) characters of the instruction that ask for it,
   * when known (step-phrased samples): the guided-attention loss's target.
   */
  readonly nodeSpans?: readonly (readonly [number, number])[];
}

/** Events of one interactive/`run` session turn: the plan, then the executor's events. */
export type SessionEvent =
  | { readonly type: 'plan-ready'; readonly plan: Plan; readonly planLatencyMs: number }
  | { readonly type: 'plan-refused'; readonly reason: string }
  | RunEvent;

/**
 * One line of a training run's `metrics.jsonl`, read by the dashboard and the monitor.
 * Phase 1 metric keys: train_loss, train_ce, train_dag, val_loss, val_node_f1, val_link_f1, lr, examples_per_s.
 * Phase 2 metric keys: reward, success, cost_usd, latency_s, kl, clip_frac, entropy, value_loss, lr, episodes_per_s.
 */
export interface MetricsLine {
  readonly kind: 'start' | 'step' | 'epoch' | 'checkpoint' | 'info' | 'done';
  readonly phase: 'phase1' | 'phase2';
  /** ISO time the line was written. */
  readonly t: string;
  readonly elapsed_s: number;
  readonly epoch?: number;
  readonly total_epochs?: number;
  readonly step?: number;
  readonly total_steps?: number;
  readonly metrics?: Readonly<Record<string, number>>;
  /** Free text for `info`, `start` and `done` lines (backend used, data counts, stop reason). */
  readonly message?: string;
  /** Checkpoint directory for `checkpoint` lines. */
  readonly path?: string;
}

/** What the interactive UI (and `run`) needs from the core; implemented in src/core/orchestrator.ts. */
export interface OrchestratorApi {
  readonly domain: string;
  domains(): readonly string[];
  setDomain(domain: string): void;
  /** Worker catalogue for /workers. */
  workers(): readonly {
    readonly id: string;
    readonly provider: string;
    readonly model: string;
    readonly simulated: boolean;
    readonly priceInPer1M: number;
    readonly priceOutPer1M: number;
    /** Set for task models, which bill per call (GPU time) rather than per token. */
    readonly usdPerCall?: number;
  }[];
  budgetUsd: number | null;
  /** The current domain's task catalogue (what a plan node may name), for /add. */
  tasks(): readonly string[];
  /** Plan only (no execution), for /plan. */
  plan(instruction: string): Plan;
  /** Checks a plan written or edited by hand against the domain's catalogue and routes its workers (throws a UserError saying what is wrong). */
  preparePlan(plan: Plan): Plan;
  /**
   * Plans, then runs, streaming events; logs the run when it ends (also when
   * cancelled). With `plan` (a plan edited by hand) that plan runs instead,
   * checked against the catalogue and routed first.
   */
  run(instruction: string, options?: { readonly signal?: AbortSignal; readonly plan?: Plan }): AsyncIterable<SessionEvent>;
  /** Most recent execution-log records, newest last. */
  recentRuns(limit: number): readonly ExecutionRecord[];
}
