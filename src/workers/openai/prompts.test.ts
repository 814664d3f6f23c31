import { describe, expect, it } from 'vitest';
import type { PlanArgs, WorkerCall } from '../../types.js';
import { TEXT_TASKS, buildPrompt } from './prompts.js';

const call = (task: string, args?: PlanArgs, inputs: Record<string, unknown> = {}, deps: string[] = []): WorkerCall => ({
  node: { id: 'node-1', task, deps, ...(args ? { args } : {}) },
  inputs,
  instruction: 'please help',
  attempt: 1,
});

describe('prompt builders', () => {
  it('has one builder per Hugging Face text task type', () => {
    expect([...TEXT_TASKS].sort()).toEqual(
      ['Conversational', 'Question Answering', 'Sentence Similarity', 'Summarization', 'Text Generation', 'Token Classification', 'Translation'].sort(),
    );
    for (const task of TEXT_TASKS) {
      const messages = buildPrompt(call(task, ['some text', 'more text']));
      expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
      expect(messages[1]?.content).toContain('some text');
    }
  });

  it('puts both sentences in a similarity prompt and asks for a number', () => {
    const [system, user] = buildPrompt(call('Sentence Similarity', ['A cat sat.', 'A cat was sitting.']));
    expect(system?.content).toMatch(/number only/);
    expect(user?.content).toBe('Sentence 1: A cat sat.\nSentence 2: A cat was sitting.');
  });

  it('uses an unquoted parent as the question-answering context', () => {
    const [, user] = buildPrompt(call('Question Answering', ['Who wrote it?'], { 'node-0': 'Written by Ada.' }, ['node-0']));
    expect(user?.content).toBe('Context:\nWritten by Ada.\n\nQuestion: Who wrote it?');
  });

  it('quotes each parent once, whether referenced or not', () => {
    const [, user] = buildPrompt(call('Summarization', ['<node-0>'], { 'node-0': 'first', 'node-2': 'second' }, ['node-0', 'node-2']));
    expect(user?.content.match(/first/g)).toHaveLength(1);
    expect(user?.content).toContain('second');
  });

  it('gives named args as name: value', () => {
    const [, user] = buildPrompt(call('Text Generation', { topic: 'tides', length: 'short' }));
    expect(user?.content).toContain('topic: tides');
  });

  it('uses a generic prompt for other tasks and a tool-call prompt for API tools', () => {
    expect(buildPrompt(call('Image-to-Text', ['example.jpg']))[0]?.content).toContain('Perform the task "Image-to-Text"');
    expect(buildPrompt(call('send_sms'), 'SMS sending tool')[0]?.content).toContain('API tool "send_sms" (SMS sending tool)');
  });
});
