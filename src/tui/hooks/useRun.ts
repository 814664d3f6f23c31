/**
 * The one place the UI consumes `api.run()`: a `for await` over the session
 * stream, a switch with one handler per event type and a `never` default, and
 * cancellation through an AbortController held in a ref. Renders are throttled
 * so a burst of executor events costs one frame, not one per event.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../errors.js';
import type { OrchestratorApi, Plan, SessionEvent } from '../../types.js';
import {
  newRunView,
  onNodeCancelled,
  onNodeFailed,
  onNodeFinished,
  onNodeRetrying,
  onNodeSkipped,
  onNodeStarted,
  onPlanReady,
  onPlanRefused,
  onRunFinished,
  onRunStarted,
  onStreamError,
  type RunView,
} from '../state/run-view.js';

export function applySessionEvent(view: RunView, event: SessionEvent): RunView {
  switch (event.type) {
    case 'plan-ready':
      return onPlanReady(view, event);
    case 'plan-refused':
      return onPlanRefused(view, event);
    case 'run-started':
      return onRunStarted(view, event);
    case 'node-started':
      return onNodeStarted(view, event);
    case 'node-retrying':
      return onNodeRetrying(view, event);
    case 'node-finished':
      return onNodeFinished(view, event);
    case 'node-failed':
      return onNodeFailed(view, event);
    case 'node-skipped':
      return onNodeSkipped(view, event);
    case 'node-cancelled':
      return onNodeCancelled(view, event);
    case 'run-finished':
      return onRunFinished(view, event);
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

export interface UseRunOptions {
  /** Called once per run with its final view (finished, refused, cancelled or errored). */
  readonly onSettled?: (view: RunView) => void;
  /** Minimum ms between renders while events stream in; 50 ms is ~20 fps. */
  readonly throttleMs?: number;
}

export interface UseRun {
  /** The current run, or the last one until `clear()`. */
  readonly view: RunView | null;
  readonly running: boolean;
  /** Latest values without waiting for a render: key handlers may run before React commits. */
  isRunning(): boolean;
  current(): RunView | null;
  /** Plans and runs `instruction`, or runs `plan` as given (edited by hand); false while another run is going. */
  start(instruction: string, plan?: Plan): boolean;
  /** Aborts the running workflow; false when nothing runs. */
  cancel(): boolean;
  clear(): void;
}

export function useRun(api: OrchestratorApi, options: UseRunOptions = {}): UseRun {
  const throttleMs = options.throttleMs ?? 50;
  const [view, setView] = useState<RunView | null>(null);
  const viewRef = useRef<RunView | null>(null);
  const controllerRef = useRef<AbortController | null>(null);
  const timerRef = useRef<NodeJS.Timeout | null>(null);
  const seqRef = useRef(0);
  const mountedRef = useRef(true);
  const onSettledRef = useRef(options.onSettled);
  onSettledRef.current = options.onSettled;

  const flush = useCallback(() => {
    if (timerRef.current) clearTimeout(timerRef.current);
    timerRef.current = null;
    if (mountedRef.current) setView(viewRef.current);
  }, []);

  const schedule = useCallback(() => {
    if (timerRef.current) return;
    timerRef.current = setTimeout(flush, throttleMs);
  }, [flush, throttleMs]);

  useEffect(() => {
    mountedRef.current = true;
    return () => {
      mountedRef.current = false;
      controllerRef.current?.abort();
      if (timerRef.current) clearTimeout(timerRef.current);
    };
  }, []);

  const start = useCallback(
    (instruction: string, plan?: Plan): boolean => {
      if (controllerRef.current) return false;
      const controller = new AbortController();
      controllerRef.current = controller;
      seqRef.current += 1;
      viewRef.current = newRunView(seqRef.current, instruction);
      flush();
      void (async () => {
        try {
          for await (const event of api.run(instruction, { signal: controller.signal, ...(plan ? { plan } : {}) })) {
            if (viewRef.current) viewRef.current = applySessionEvent(viewRef.current, event);
            schedule();
          }
          const v = viewRef.current;
          // A stream that ends without run-finished was cut short (cancelled before execution started).
          if (v && (v.phase === 'planning' || v.phase === 'running')) {
            viewRef.current = { ...v, phase: controller.signal.aborted ? 'cancelled' : 'error', message: controller.signal.aborted ? 'cancelled' : 'the run ended without a result' };
          }
        } catch (err) {
          if (viewRef.current) viewRef.current = onStreamError(viewRef.current, errorMessage(err));
        } finally {
          controllerRef.current = null;
          flush();
          if (viewRef.current) onSettledRef.current?.(viewRef.current);
        }
      })();
      return true;
    },
    [api, flush, schedule],
  );

  const cancel = useCallback((): boolean => {
    const controller = controllerRef.current;
    if (!controller) return false;
    if (viewRef.current) viewRef.current = { ...viewRef.current, cancelRequested: true };
    controller.abort();
    flush();
    return true;
  }, [flush]);

  const clear = useCallback(() => {
    if (controllerRef.current) return;
    viewRef.current = null;
    flush();
  }, [flush]);

  const running = view !== null && (view.phase === 'planning' || view.phase === 'running');
  const isRunning = useCallback(() => controllerRef.current !== null, []);
  const current = useCallback(() => viewRef.current, []);
  return { view, running, isRunning, current, start, cancel, clear };
}
