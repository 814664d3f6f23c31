import { describe, expect, it } from 'vitest';
import { describePlan } from './format.js';

describe('describePlan', () => {
  const plan = {
    planner: { name: 'learned', version: '1', confidence: 0.99 },
    nodes: [
      { id: 'node-0', task: 'Automatic Speech Recognition', deps: [], worker: 'whisper' },
      { id: 'node-1', task: 'Translation', deps: ['node-0'] },
    ],
  };

  it('lists nodes with workers and parents', () => {
    expect(describePlan(plan)).toBe(
      ['plan by learned 1 (confidence 0.99), 2 node(s):', '  node-0  Automatic Speech Recognition  [whisper]', '  node-1  Translation  [auto] <- node-0'].join('\n'),
    );
  });

  it('ends with the tasks the planner rated likely but left out', () => {
    const text = describePlan({ ...plan, suggestions: [{ task: 'Summarization', probability: 0.76 }] });
    expect(text.split('\n').at(-1)).toBe('  may also need: Summarization (0.76) (not planned: /add adds one in a session, or run --plan FILE)');
  });

  it('says when a person edited the plan', () => {
    expect(describePlan({ ...plan, planner: { name: 'edited', version: 'learned 1', confidence: 1 } }).split('\n')[0]).toBe('plan edited by hand (planned by learned 1), 2 node(s):');
  });
});
