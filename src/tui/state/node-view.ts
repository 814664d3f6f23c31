import type { PlanArgs } from '../../types.js';

/** What the DAG pane shows per node; `retrying` and `queued` have no NodeStatus counterpart. */
export type NodeState = 'queued' | 'running' | 'retrying' | 'done' | 'failed' | 'skipped' | 'cancelled';

export interface NodeView {
  readonly id: string;
  readonly task: string;
  readonly deps: readonly string[];
  readonly args?: PlanArgs;
  /** Chosen worker before the node starts, then the worker actually running it. */
  readonly worker: string;
  readonly state: NodeState;
  readonly attempt: number;
  readonly latencyMs?: number;
  readonly costUsd?: number;
  readonly tokens?: number;
  readonly output?: unknown;
  readonly error?: string;
  /** Retry reason or why the node was skipped. */
  readonly note?: string;
}
