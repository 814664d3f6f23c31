export const EXIT = { ok: 0, runFailed: 1, usage: 2, interrupted: 130 } as const;

/** Exit code for a finished run's status. */
export function exitCodeForStatus(status: 'succeeded' | 'failed' | 'cancelled'): number {
  if (status === 'succeeded') return EXIT.ok;
  return status === 'cancelled' ? EXIT.interrupted : EXIT.runFailed;
}
