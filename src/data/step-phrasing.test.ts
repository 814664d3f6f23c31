import { describe, expect, it } from 'vitest';
import type { TaskSample } from '../types.js';
import { importTaskBenchText } from './import-taskbench.js';
import { preparePhase1Data } from './phase1-data.js';
import { seededRandom } from './random.js';
import { joinSteps, phraseFromSteps, phraseStep, stepPhrasedSamples } from './step-phrasing.js';

describe('phraseStep', () => {
  it('drops the "Step N:" prefix and the trailing period', () => {
    expect(phraseStep("Step 2: Translate the transcribed text into French.", [])).toBe('Translate the transcribed text into French');
    expect(phraseStep('Step 1 Call weather_query to check the weather in Shanghai', [])).toBe('Call weather_query to check the weather in Shanghai');
  });

  it('keeps only what a step asks for when it names one of the plan tools', () => {
    expect(phraseStep('Step 1 Call clock_alarm_cancel to cancel the alarm set for 7:00 AM', ['clock_alarm_cancel'])).toBe('cancel the alarm set for 7:00 AM');
    expect(phraseStep("Step 1: Implement Automatic Speech Recognition to transcribe the audio from 'example.wav'", ['Automatic Speech Recognition'])).toBe("transcribe the audio from 'example.wav'");
    // A tool name without "to ..." after it stays: nothing else says what the step does.
    expect(phraseStep('Step 3: Run Summarization', ['Summarization'])).toBe('Run Summarization');
  });
});

describe('phraseFromSteps', () => {
  it('joins the steps into one capitalised sentence, deterministically for a seed', () => {
    const steps = ['Step 1: Transcribe the audio.', 'Step 2: Translate it into French.', 'Step 3: Read it aloud.'];
    const a = phraseFromSteps(steps, [], seededRandom(1));
    expect(a).toBe(phraseFromSteps(steps, [], seededRandom(1)));
    expect(a).toMatch(/^Transcribe the audio.+translate it into French.+read it aloud\.$/i);
    expect(a).not.toMatch(/Step \d/);
    expect(phraseFromSteps(['Step 1:  '], [], seededRandom(1))).toBeNull();
    // Whatever the joiner (", then", ". Then", ...), a later step starts lower-case.
    for (let seed = 1; seed <= 30; seed++) expect(phraseFromSteps(steps, [], seededRandom(seed))).not.toMatch(/(?:Translate|Read)/);
  });
});

describe('joinSteps', () => {
  it('gives each step the characters that phrase it, and the same text as phraseFromSteps', () => {
    const steps = ['Step 1: Transcribe the audio.', 'Step 2:  ', 'Step 3: Read it aloud.'];
    for (let seed = 1; seed <= 10; seed++) {
      const joined = joinSteps(steps, [], seededRandom(seed));
      expect(joined?.text).toBe(phraseFromSteps(steps, [], seededRandom(seed)));
      const [first, empty, last] = joined?.spans ?? [];
      expect(joined?.text.slice(...(first as [number, number]))).toBe('Transcribe the audio');
      expect(empty).toBeNull();
      expect(joined?.text.slice(...(last as [number, number]))).toBe('read it aloud');
    }
  });
});

describe('stepPhrasedSamples', () => {
  const sample = (id: string, steps?: string[]): TaskSample => ({
    id,
    instruction: 'I have a long and chatty instruction about example.wav, could you help me out?',
    nodes: [{ task: 'Automatic Speech Recognition' }, { task: 'Translation' }],
    links: [[0, 1]],
    type: 'chain',
    ...(steps ? { steps } : {}),
  });

  it('adds one copy per sample with steps, same plan, new id, and counts them', () => {
    const { samples, report } = stepPhrasedSamples([sample('a', ['Step 1: Use Automatic Speech Recognition to transcribe example.wav', 'Step 2: Translate the text into French']), sample('b')], { seed: 3 });
    expect(report).toEqual({ eligible: 1, produced: 1 });
    expect(samples[0]?.id).toBe('a#steps');
    expect(samples[0]?.nodes).toEqual(sample('a').nodes);
    expect(samples[0]?.links).toEqual([[0, 1]]);
    expect(samples[0]?.instruction).toMatch(/^Transcribe example\.wav.+translate the text into French\.$/);
    // One step per node: each node knows which words ask for it.
    expect(samples[0]?.nodeSpans?.map(([s, e]) => samples[0]?.instruction.slice(s, e))).toEqual(['Transcribe example.wav', 'translate the text into French']);
    // A step count that differs from the node count gives no spans.
    const [unaligned] = stepPhrasedSamples([sample('c', ['Step 1: Transcribe and translate example.wav'])], { seed: 3 }).samples;
    expect(unaligned?.nodeSpans).toBeUndefined();
  });

  it('joins the training side only, and only when switched on', () => {
    const samples = Array.from({ length: 60 }, (_, i) => sample(`s${i}`, ['Step 1: Transcribe example.wav', 'Step 2: Translate it']));
    const domain = { tools: [], links: [] };
    const base = { seed: 7, val_fraction: 0.2, augmentation: false, synthetic: false, synthetic_count: 0 };
    const off = preparePhase1Data(samples, domain, base);
    const on = preparePhase1Data(samples, domain, { ...base, step_phrasing: true });
    expect(off.report.stepPhrasing).toBeNull();
    expect(on.report.stepPhrasing?.produced).toBe(off.train.length);
    expect(on.train.length).toBe(2 * off.train.length);
    expect(on.validation).toEqual(off.validation);
    const validationIds = new Set(on.validation.map((s) => `${s.id}#steps`));
    expect(on.train.some((s) => validationIds.has(s.id))).toBe(false);
  });
});

describe('importTaskBenchText task_steps', () => {
  const line = (extra: Record<string, unknown>): string =>
    JSON.stringify({ id: 'x', instruction: 'Transcribe and translate', task_nodes: [{ task: 'Automatic Speech Recognition' }, { task: 'Translation' }], task_links: [{ source: 'Automatic Speech Recognition', target: 'Translation' }], ...extra });

  it('keeps string steps and ignores malformed ones without skipping the sample', () => {
    expect(importTaskBenchText(line({ task_steps: ['Step 1: a', 'Step 2: b'] })).samples[0]?.steps).toEqual(['Step 1: a', 'Step 2: b']);
    const bad = importTaskBenchText(line({ task_steps: ['Step 1: a', 3] }));
    expect(bad.samples).toHaveLength(1);
    expect(bad.samples[0]?.steps).toBeUndefined();
  });
});
