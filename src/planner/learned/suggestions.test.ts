import { describe, expect, it } from 'vitest';
import { missingTaskSuggestions } from './learned-planner.js';

const TASKS = ['Automatic Speech Recognition', 'Summarization', 'Translation', 'Text-to-Speech', 'Image-to-Text'];

describe('missingTaskSuggestions', () => {
  it('lists the likely tasks the plan lacks, likeliest first, at most three', () => {
    const probs = Float32Array.from([0.99, 0.76, 0.98, 0.55, 0.6]);
    const s = missingTaskSuggestions(probs, TASKS, ['Automatic Speech Recognition', 'Translation'], 0.5);
    expect(s.map((x) => x.task)).toEqual(['Summarization', 'Image-to-Text', 'Text-to-Speech']);
    expect(s[0]?.probability).toBeCloseTo(0.76, 5);
    expect(missingTaskSuggestions(Float32Array.from([0.9, 0.9, 0.9, 0.9, 0.9]), TASKS, [], 0.5)).toHaveLength(3);
  });

  it('says nothing below the threshold, at threshold 1, or without a task-set head', () => {
    const probs = Float32Array.from([0.99, 0.49, 0.98, 0.2, 0.1]);
    expect(missingTaskSuggestions(probs, TASKS, ['Translation'], 0.5).map((x) => x.task)).toEqual(['Automatic Speech Recognition']);
    expect(missingTaskSuggestions(probs, TASKS, [], 1)).toEqual([]);
    expect(missingTaskSuggestions(null, TASKS, [], 0.5)).toEqual([]);
  });
});
