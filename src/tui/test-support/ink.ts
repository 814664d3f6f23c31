/** Helpers for ink-testing-library: wait on frames instead of sleeping for a guessed time. */
import { vi } from 'vitest';

export async function waitForFrame(lastFrame: () => string | undefined, predicate: (frame: string) => boolean, timeout = 5000): Promise<string> {
  let frame = '';
  await vi.waitFor(
    () => {
      frame = lastFrame() ?? '';
      if (!predicate(frame)) throw new Error(`frame did not match:\n${frame}`);
    },
    { timeout, interval: 10 },
  );
  return frame;
}

/** Lets Ink's input effects attach and React flush between key presses. */
export const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

export const KEY = {
  up: '\u001b[A',
  down: '\u001b[B',
  left: '\u001b[D',
  right: '\u001b[C',
  tab: '\t',
  enter: '\r',
  escape: '\u001b',
  backspace: '\u007f',
  deleteKey: '\u001b[3~',
  ctrlA: '\u0001',
  ctrlC: '\u0003',
  ctrlE: '\u0005',
  ctrlU: '\u0015',
  ctrlW: '\u0017',
} as const;
