import { describe, expect, it } from 'vitest';
import { createFakeOrchestrator } from '../test-support/fake-orchestrator.js';
import { memoryUserState } from '../test-support/memory-user-state.js';
import { complete, dispatch } from './dispatch.js';
import { builtinCommands } from './index.js';
import type { CommandContext } from './types.js';

const ctx = (): CommandContext => ({ api: createFakeOrchestrator(), userState: memoryUserState(['one', 'two']), commands: builtinCommands, width: 100 });

describe('slash command completion', () => {
  it('completes a unique command name with a trailing space', () => {
    expect(complete(ctx(), '/he')).toEqual({ line: '/help ', candidates: [] });
    expect(complete(ctx(), '/w')).toEqual({ line: '/workers ', candidates: [] });
  });

  it('lists candidates when the prefix is ambiguous', () => {
    const c = complete(ctx(), '/h');
    expect(c.line).toBe('/h');
    expect(c.candidates).toEqual(['/help', '/history']);
    expect(complete(ctx(), '/').candidates).toHaveLength(builtinCommands.length);
  });

  it('completes arguments the command offers', () => {
    expect(complete(ctx(), '/domain mu')).toEqual({ line: '/domain multimedia ', candidates: [] });
    expect(complete(ctx(), '/budget o').line).toBe('/budget off ');
    expect(complete(ctx(), 'plain text').line).toBe('plain text');
  });
});

describe('slash command dispatch', () => {
  it('runs each command through its action', () => {
    const c = ctx();
    expect(dispatch(c, '/help')).toMatchObject({ kind: 'message', text: expect.stringContaining('/budget [usd|off]') });
    expect(dispatch(c, '/run summarize this')).toEqual({ kind: 'run', instruction: 'summarize this' });
    expect(dispatch(c, '/plan summarize this')).toMatchObject({ kind: 'plan', instruction: 'summarize this' });
    expect(dispatch(c, '/clear')).toEqual({ kind: 'clear' });
    expect(dispatch(c, '/quit')).toEqual({ kind: 'quit' });
    expect(dispatch(c, '/exit')).toEqual({ kind: 'quit' });
    expect(dispatch(c, '/history')).toMatchObject({ text: expect.stringContaining('two') });
    expect(dispatch(c, '/workers')).toMatchObject({ text: expect.stringContaining('whisper-sim') });
    expect(dispatch(c, '/logs')).toMatchObject({ text: 'no runs logged yet' });
    expect(dispatch(c, '/train')).toMatchObject({ text: expect.stringContaining('orchestai train phase1 --domain huggingface') });
    expect(dispatch(c, '/monitor')).toMatchObject({ text: expect.stringContaining('orchestai monitor') });
    expect(dispatch(c, '/nope')).toMatchObject({ kind: 'message', tone: 'error' });
  });

  it('sets the budget and the domain', () => {
    const c = ctx();
    expect(dispatch(c, '/budget 0.05')).toMatchObject({ text: 'budget set to $0.0500 per run' });
    expect(c.api.budgetUsd).toBe(0.05);
    expect(dispatch(c, '/budget off')).toMatchObject({ text: 'budget off' });
    expect(c.api.budgetUsd).toBeNull();
    expect(dispatch(c, '/budget -1')).toMatchObject({ tone: 'error' });
    expect(dispatch(c, '/domain multimedia')).toMatchObject({ text: 'domain set to multimedia' });
    expect(c.api.domain).toBe('multimedia');
    expect(c.userState.lastDomain()).toBe('multimedia');
    expect(dispatch(c, '/domain mars')).toMatchObject({ tone: 'error' });
  });
});
