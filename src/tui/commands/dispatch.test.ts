import { describe, expect, it } from 'vitest';
import { createFakeOrchestrator } from '../test-support/fake-orchestrator.js';
import { memoryUserState } from '../test-support/memory-user-state.js';
import { complete, dispatch } from './dispatch.js';
import { builtinCommands } from './index.js';
import type { CommandContext } from './types.js';

const ctx = (): CommandContext => ({ api: createFakeOrchestrator(), userState: memoryUserState(['one', 'two']), commands: builtinCommands, width: 100, draft: null });

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
    const help = dispatch(c, '/help');
    expect(help.kind === 'message' && help.text).toContain('/monitor [run dir | metrics.jsonl]');
    expect(help.kind === 'message' && help.text).not.toContain('//');
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

describe('editing the plan before it runs', () => {
  it('adds and drops steps on the plan /plan showed, then /go runs it', () => {
    const c = ctx();
    expect(dispatch(c, '/go')).toMatchObject({ tone: 'error', text: expect.stringContaining('/plan <instruction> first') });
    const shown = dispatch(c, '/plan translate this');
    if (shown.kind !== 'plan') throw new Error('expected a plan');
    const added = dispatch({ ...c, draft: shown.plan }, '/add text-to-speech after n2');
    if (added.kind !== 'plan') throw new Error(`expected a plan, got ${JSON.stringify(added)}`);
    expect(added.plan.nodes.map((n) => n.task)).toEqual(['Automatic Speech Recognition', 'Summarization', 'Translation', 'Text-to-Speech', 'Sentiment Analysis']);
    expect(added.plan.nodes.find((n) => n.task === 'Text-to-Speech')?.deps).toEqual(['node-2']);
    const branched = dispatch({ ...c, draft: added.plan }, '/add Summarization from n0');
    expect(branched.kind === 'plan' && branched.plan.nodes.filter((n) => n.deps.includes('node-0')).map((n) => n.task)).toEqual(['Summarization', 'Summarization', 'Sentiment Analysis']);
    const first = dispatch({ ...c, draft: added.plan }, '/add Translation before n0');
    expect(first.kind === 'plan' && first.plan.nodes.slice(0, 2).map((n) => [n.task, n.deps])).toEqual([['Translation', []], ['Automatic Speech Recognition', ['node-5']]]);
    const dropped = dispatch({ ...c, draft: added.plan }, '/drop n3');
    if (dropped.kind !== 'plan') throw new Error('expected a plan');
    expect(dropped.plan.nodes.map((n) => n.task)).not.toContain('Sentiment Analysis');
    expect(dispatch({ ...c, draft: dropped.plan }, '/go')).toEqual({ kind: 'run', instruction: 'translate this', plan: dropped.plan });
  });

  it('names what is wrong: unknown task, unknown node, a plan of another domain', () => {
    const c = ctx();
    const shown = dispatch(c, '/plan translate this');
    if (shown.kind !== 'plan') throw new Error('expected a plan');
    const d = { ...c, draft: shown.plan };
    expect(dispatch(d, '/add Summarisation')).toMatchObject({ tone: 'error', text: 'unknown task "Summarisation" for domain huggingface; Tab lists the tasks' });
    expect(dispatch(d, '/add speech')).toMatchObject({ tone: 'error', text: expect.stringContaining('did you mean Automatic Speech Recognition, Text-to-Speech?') });
    expect(dispatch(d, '/add Summarization from n9')).toMatchObject({ tone: 'error', text: expect.stringContaining('its nodes are n0, n1, n2, n3') });
    expect(dispatch(d, '/drop')).toMatchObject({ tone: 'error', text: expect.stringContaining('usage: /drop nK') });
    c.api.setDomain('multimedia');
    expect(dispatch(d, '/go')).toMatchObject({ tone: 'error', text: expect.stringContaining('made for domain huggingface') });
  });

  it('completes task names for /add and node ids for /drop', () => {
    const c = ctx();
    expect(complete(c, '/add tex')).toEqual({ line: '/add Text-to-Speech ', candidates: [] });
    const shown = dispatch(c, '/plan x');
    if (shown.kind !== 'plan') throw new Error('expected a plan');
    expect(complete({ ...c, draft: shown.plan }, '/drop ').candidates).toEqual(['n0', 'n1', 'n2', 'n3']);
  });
});
