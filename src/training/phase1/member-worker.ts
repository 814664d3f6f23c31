/**
 * Worker-thread entry that trains one ensemble member (ensemble.ts runs one
 * per core). Each thread has its own tfjs and backend; the parent gets the
 * member's metrics lines as they come, then its result or its error, and
 * can stop it with an `abort` message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { UserError, errorMessage } from '../../errors.js';
import type { MetricsLine } from '../../types.js';
import { runPhase1, type Phase1Options, type Phase1Result } from './train.js';

export type MemberMessage =
  | { readonly type: 'metrics'; readonly line: MetricsLine }
  | { readonly type: 'result'; readonly result: Phase1Result }
  | { readonly type: 'error'; readonly message: string; readonly exitCode: number | null };

const port = parentPort;
if (port) {
  const stop = new AbortController();
  port.on('message', (m: unknown) => {
    if ((m as { type?: unknown } | null)?.type === 'abort') stop.abort();
  });
  const send = (message: MemberMessage): void => port.postMessage(message);
  runPhase1(workerData as Phase1Options, { signal: stop.signal, onMetrics: (line) => send({ type: 'metrics', line }) })
    .then((result) => send({ type: 'result', result }))
    .catch((err: unknown) => send({ type: 'error', message: errorMessage(err), exitCode: UserError.isInstance(err) ? err.exitCode : null }))
    .finally(() => port.close());
}
