import type { Plan, RunEvent, RunResult } from '../types.js';
import { compilePlan } from './compilePlan.js';
import { type ExecuteOptions, resolveOptions } from './options.js';
import { RunScheduler } from './scheduler.js';

/**
 * Runs a plan to the end and resolves to its RunResult; never rejects because
 * a node failed (see `status`). Rejects with a PlanValidationError for a plan
 * that cannot run, a UserError for bad options, or whatever `onEvent` threw.
 */
export async function executePlan(plan: Plan, options: ExecuteOptions): Promise<RunResult> {
  const resolved = resolveOptions(options, (plan as Partial<Plan> | null)?.instruction);
  const compiled = compilePlan(plan, resolved.workers);
  return new RunScheduler(compiled, resolved).run();
}

/**
 * The same run as a typed stream: yields every RunEvent and returns the
 * RunResult. Stopping the iteration early (break, return) cancels the run.
 */
export async function* runPlan(plan: Plan, options: ExecuteOptions): AsyncGenerator<RunEvent, RunResult, undefined> {
  const controller = new AbortController();
  const outer = options.signal;
  const forwardAbort = (): void => controller.abort(outer?.reason);
  if (outer?.aborted) forwardAbort();
  else outer?.addEventListener('abort', forwardAbort, { once: true });

  let buffer: RunEvent[] = [];
  let head = 0;
  let wake: (() => void) | undefined;
  let settled = false;
  let outcome: { ok: true; result: RunResult } | { ok: false; error: unknown } | undefined;
  const listener = options.onEvent;
  const running = executePlan(plan, {
    ...options,
    signal: controller.signal,
    onEvent: (event) => {
      buffer.push(event);
      wake?.();
      listener?.(event);
    },
  })
    .then(
      (result) => void (outcome = { ok: true, result }),
      (error: unknown) => void (outcome = { ok: false, error }),
    )
    .finally(() => {
      settled = true;
      wake?.();
    });

  try {
    for (;;) {
      if (head < buffer.length) {
        const event = buffer[head++] as RunEvent;
        // Drop the consumed prefix now and then so long runs do not keep every event alive.
        if (head >= 1024 && head * 2 >= buffer.length) {
          buffer = buffer.slice(head);
          head = 0;
        }
        yield event;
        continue;
      }
      if (settled) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    if (outcome === undefined || !outcome.ok) throw outcome?.error;
    return outcome.result;
  } finally {
    outer?.removeEventListener('abort', forwardAbort);
    if (!settled) {
      controller.abort();
      await running;
    }
  }
}
