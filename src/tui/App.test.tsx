import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from './App.js';
import type { PlanSuggestion } from '../types.js';
import { createFakeOrchestrator, SPEECH_PLAN } from './test-support/fake-orchestrator.js';
import { KEY, tick, waitForFrame } from './test-support/ink.js';
import { memoryUserState } from './test-support/memory-user-state.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function setup(options: { history?: string[]; stepMs?: number; refuse?: string; suggestions?: PlanSuggestion[] } = {}) {
  const api = createFakeOrchestrator({
    stepMs: options.stepMs ?? 0,
    ...(options.refuse ? { refuse: options.refuse } : {}),
    ...(options.suggestions ? { plan: { ...SPEECH_PLAN, suggestions: options.suggestions } } : {}),
  });
  const userState = memoryUserState(options.history ?? []);
  const exits: number[] = [];
  const r = render(<App api={api} userState={userState} onExit={(c) => exits.push(c)} />);
  cleanup = r.unmount;
  const type = async (...keys: string[]): Promise<void> => {
    for (const k of keys) {
      r.stdin.write(k);
      await tick();
    }
  };
  return { ...r, api, userState, exits, type };
}

// lastFrame() trims trailing blanks, and the cursor is drawn as an (inverse) blank at the end.
const promptLine = (frame: string): string => (frame.split('\n').find((l) => l.startsWith('>')) ?? '').trimEnd();

describe('REPL', () => {
  it('edits the line with cursor keys and Ctrl shortcuts', async () => {
    const t = setup();
    await tick();
    await t.type('helo world', KEY.ctrlA, KEY.right, KEY.right, KEY.right, 'l');
    expect(promptLine(t.lastFrame() ?? '')).toContain('hello world');
    await t.type(KEY.ctrlE, KEY.ctrlW);
    expect(promptLine(t.lastFrame() ?? '')).toBe('> hello');
    await t.type(KEY.backspace, KEY.backspace, KEY.ctrlA, KEY.deleteKey);
    expect(promptLine(t.lastFrame() ?? '')).toBe('> ell');
    await t.type(KEY.ctrlE, KEY.ctrlU);
    expect(promptLine(t.lastFrame() ?? '')).toBe('>');
  });

  it('navigates persisted history with Up/Down and keeps the draft', async () => {
    const t = setup({ history: ['first instruction', 'second instruction'] });
    await tick();
    await t.type('dra', KEY.up);
    expect(promptLine(t.lastFrame() ?? '')).toContain('second instruction');
    await t.type(KEY.up);
    expect(promptLine(t.lastFrame() ?? '')).toContain('first instruction');
    await t.type(KEY.down, KEY.down);
    expect(promptLine(t.lastFrame() ?? '')).toContain('dra');
  });

  it('completes slash commands with Tab and dispatches them', async () => {
    const t = setup();
    await tick();
    await t.type('/he', KEY.tab);
    expect(promptLine(t.lastFrame() ?? '')).toContain('/help');
    await t.type(KEY.enter);
    await waitForFrame(t.lastFrame, (f) => f.includes('Type an instruction to plan and run it, or a command'));
    expect(t.userState.saved).toEqual(['/help']);
    await t.type('/h', KEY.tab);
    await waitForFrame(t.lastFrame, (f) => f.includes('/help  /history'));
  });

  it('sets the budget through /budget', async () => {
    const t = setup();
    await tick();
    await t.type('/budget 0.01', KEY.enter);
    await waitForFrame(t.lastFrame, (f) => f.includes('budget set to $0.0100 per run'));
    expect(t.api.budgetUsd).toBe(0.01);
  });

  it('runs a plain instruction and shows each node, its worker, latency, cost and the answer', async () => {
    const t = setup();
    await tick();
    await t.type('Transcribe example.wav', KEY.enter);
    const frame = await waitForFrame(t.lastFrame, (f) => f.includes('✓ succeeded'));
    expect(t.api.runs).toEqual(['Transcribe example.wav']);
    for (const worker of ['whisper-sim', 'bart-sim', 'marian-sim', 'distilbert-sim']) expect(frame).toContain(worker);
    expect(frame).toMatch(/400ms/);
    expect(frame).toContain('$0.00042');
    expect(frame).toContain('answer (n2 Translation): Translation output of node-2');
    expect(frame).toMatch(/learned (\(conf )?0\.87/);
  });

  it('edits the plan /plan showed with /add and /drop, and /go runs the edited plan', async () => {
    const t = setup();
    await tick();
    await t.type('/plan Transcribe example.wav and read it aloud', KEY.enter);
    await waitForFrame(t.lastFrame, (f) => f.includes('/go runs it'));
    await t.type('/add text-to', KEY.tab);
    expect(promptLine(t.lastFrame() ?? '')).toContain('/add Text-to-Speech');
    await t.type('after n2', KEY.enter);
    await waitForFrame(t.lastFrame, (f) => f.includes('edited by hand (planned by learned 1)'));
    await t.type('/drop n3', KEY.enter);
    await waitForFrame(t.lastFrame, (f) => (f.match(/edited by hand/g) ?? []).length === 2);
    expect(t.api.runs).toEqual([]);
    await t.type('/go', KEY.enter);
    const frame = await waitForFrame(t.lastFrame, (f) => f.includes('✓ succeeded'));
    expect(frame).toMatch(/· edited\n/);
    expect(t.api.plansRun.map((p) => p.nodes.map((n) => n.task))).toEqual([['Automatic Speech Recognition', 'Summarization', 'Translation', 'Text-to-Speech']]);
    // The plan a run ran is the one /add, /drop and /go work on next.
    await t.type('/drop n4', KEY.enter);
    await t.type('/go', KEY.enter);
    await waitForFrame(t.lastFrame, (f) => (f.match(/✓ succeeded/g) ?? []).length === 2);
    expect(t.api.plansRun.map((p) => p.nodes.length)).toEqual([4, 3]);
  });

  it('shows the tasks the planner rated likely but left out, with the command that adds one', async () => {
    const t = setup({ suggestions: [{ task: 'Text-to-Speech', probability: 0.71 }] });
    await tick();
    await t.type('Transcribe example.wav and read it aloud', KEY.enter);
    const frame = await waitForFrame(t.lastFrame, (f) => f.includes('✓ succeeded'));
    // The hint wraps at the test terminal's width.
    expect(frame.replace(/\s+/g, ' ')).toContain('may also need: Text-to-Speech (0.71) · /add Text-to-Speech [after|before nK], then /go runs the plan again');
    await t.type('/add Text-to-Speech', KEY.enter);
    const edited = await waitForFrame(t.lastFrame, (f) => f.includes('edited by hand'));
    expect(edited.split('edited by hand')[1]).not.toContain('may also need');
  });

  it('selects nodes with Tab on an empty line and shows their inputs and output', async () => {
    const t = setup();
    await tick();
    await t.type('go', KEY.enter);
    await waitForFrame(t.lastFrame, (f) => f.includes('✓ succeeded'));
    await t.type(KEY.tab, KEY.tab);
    const frame = await waitForFrame(t.lastFrame, (f) => f.includes('input from n0'));
    expect(frame).toContain('╔═ n1 Summarization');
    expect(frame).toContain('output: Summarization output of node-1');
    await t.type(KEY.escape);
    await waitForFrame(t.lastFrame, (f) => !f.includes('input from n0'));
  });

  it('cancels a running workflow with Ctrl-C, and quits on the second', async () => {
    const t = setup({ stepMs: 60_000 });
    await tick();
    await t.type('go', KEY.enter);
    await waitForFrame(t.lastFrame, (f) => f.includes('running'));
    await t.type(KEY.ctrlC);
    await waitForFrame(t.lastFrame, (f) => f.includes('■ cancelled') && f.includes('press Ctrl-C again'));
    expect(t.exits).toEqual([]);
    await t.type(KEY.ctrlC);
    expect(t.exits).toEqual([0]);
  });

  it('quits on q + Enter and /quit', async () => {
    const t = setup();
    await tick();
    await t.type('q', KEY.enter);
    expect(t.exits).toEqual([0]);
  });

  it('shows why a plan was refused, without an empty totals bar', async () => {
    const t = setup({ refuse: 'over the budget of $0.0001' });
    await tick();
    await t.type('go', KEY.enter);
    const frame = await waitForFrame(t.lastFrame, (f) => f.includes('✗ refused: over the budget of $0.0001'));
    expect(frame).not.toContain('critical path');
  });

  it('quits on Ctrl-D on an empty line', async () => {
    const t = setup();
    await tick();
    await t.type('\u0004');
    expect(t.exits).toEqual([0]);
  });
});
