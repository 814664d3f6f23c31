import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';

// chalk decides its colour level at import time; force colours on so NO_COLOR is the only thing turning them off.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

const { App } = await import('./App.js');
const { ColorContext } = await import('./components/theme.js');
const { createFakeOrchestrator } = await import('./test-support/fake-orchestrator.js');
const { memoryUserState } = await import('./test-support/memory-user-state.js');
const { KEY, tick, waitForFrame } = await import('./test-support/ink.js');

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

// Foreground colours 30-37/90-97, 256-colour and RGB sequences; bold/dim/inverse are allowed under NO_COLOR.
// eslint-disable-next-line no-control-regex
const COLOUR = /\u001b\[(3[0-9]|9[0-7]|38;[25])[;m0-9]*/;

async function finishedRun(color: boolean): Promise<string> {
  const r = render(
    <ColorContext.Provider value={color}>
      <App api={createFakeOrchestrator()} userState={memoryUserState()} onExit={() => {}} />
    </ColorContext.Provider>,
  );
  cleanup = r.unmount;
  await tick();
  r.stdin.write('go');
  await tick();
  r.stdin.write(KEY.enter);
  return waitForFrame(r.lastFrame, (f) => f.includes('succeeded'));
}

describe('NO_COLOR', () => {
  it('draws states in colour by default', async () => {
    expect(await finishedRun(true)).toMatch(COLOUR);
  });

  it('uses no colour sequences when colour is off', async () => {
    expect(await finishedRun(false)).not.toMatch(COLOUR);
  });
});
