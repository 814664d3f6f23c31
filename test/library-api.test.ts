import { describe, expect, it } from 'vitest';
// The built package entry, as a library user imports it.
import { executePlan, type Worker } from '../dist/index.js';

describe('library API (the example in docs/07_API_INTEGRATION.md)', () => {
  it('runs a plan on user-supplied workers and resolves <node-k> references', async () => {
    const upper: Worker = { id: 'upper', tasks: ['Shout'], run: async (call) => ({ output: String(call.node.args?.[0]).toUpperCase(), costUsd: 0 }) };
    const echo: Worker = { id: 'echo', tasks: '*', run: async (call) => ({ output: call.node.args?.[0] }) };
    const events: string[] = [];
    const result = await executePlan(
      {
        nodes: [
          { id: 'node-0', task: 'Say', deps: [], args: ['hello'] },
          { id: 'node-1', task: 'Shout', deps: ['node-0'], args: ['<node-0>'] },
        ],
      },
      { workers: [upper, echo], concurrency: 4, onEvent: (e) => events.push(e.type) },
    );
    expect(result.status).toBe('succeeded');
    expect(result.nodes.map((n) => [n.worker, n.output])).toEqual([
      ['echo', 'hello'],
      ['upper', 'HELLO'],
    ]);
    expect(events[0]).toBe('run-started');
    expect(events.at(-1)).toBe('run-finished');
  });
});
