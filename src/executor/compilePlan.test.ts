import fc from 'fast-check';
import { DirectedGraph } from 'graphology';
import { hasCycle } from 'graphology-dag';
import { describe, expect, it } from 'vitest';
import type { Plan, Worker } from '../types.js';
import { compilePlan, validatePlan } from './compilePlan.js';
import { PlanValidationError } from './planValidationError.js';
import { ok, plan } from './test-support/plans.js';

const any = (id: string, tasks: Worker['tasks'] = '*'): Worker => ({ id, tasks, run: async () => ok() });

function issuesOf(p: Plan, workers: readonly Worker[] = [any('w')]): readonly string[] {
  try {
    validatePlan(p, workers);
  } catch (err) {
    if (err instanceof PlanValidationError) return err.issues;
    throw err;
  }
  return [];
}

describe('validatePlan', () => {
  it('accepts a well-formed DAG', () => {
    expect(issuesOf(plan({ a: [], b: ['a'], c: ['a'], d: ['b', 'c'] }))).toEqual([]);
  });

  it('rejects duplicate ids, unknown dependencies and self dependencies, all at once', () => {
    const p: Plan = { nodes: [{ id: 'a', task: 't', deps: [] }, { id: 'a', task: 't', deps: ['zz'] }, { id: 'b', task: 't', deps: ['b'] }] };
    expect(issuesOf(p)).toEqual([
      'Duplicate node id "a" (nodes #0 and #1); ids must be unique.',
      'Node "a" depends on unknown node "zz".',
      'Node "b" depends on itself.',
    ]);
  });

  it('names the nodes of a cycle in dependency order', () => {
    const issues = issuesOf(plan({ a: [], b: ['a', 'd'], c: ['b'], d: ['c'], e: ['d'] }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^Plan has a dependency cycle: /);
    const names = (issues[0] as string).replace(/^.*: |\.$/g, '').split(' -> ');
    expect(names[0]).toBe(names.at(-1));
    expect(new Set(names)).toEqual(new Set(['b', 'c', 'd']));
    // Each step goes from a parent to a child.
    const p = plan({ a: [], b: ['a', 'd'], c: ['b'], d: ['c'], e: ['d'] });
    for (let k = 1; k < names.length; k++) {
      expect(p.nodes.find((x) => x.id === names[k])?.deps).toContain(names[k - 1]);
    }
  });

  it('rejects unknown and unsuitable workers and fallbacks, and tasks nobody serves', () => {
    const workers = [any('asr', ['Automatic Speech Recognition']), any('llm', ['Text Generation'])];
    const p: Plan = {
      nodes: [
        { id: 'n0', task: 'Text Generation', deps: [], worker: 'gpt-9' },
        { id: 'n1', task: 'Text Generation', deps: [], worker: 'asr' },
        { id: 'n2', task: 'Text Generation', deps: [], fallbacks: ['nope'] },
        { id: 'n3', task: 'Image Classification', deps: [] },
      ],
    };
    expect(issuesOf(p, workers)).toEqual([
      'Node "n0" names worker "gpt-9", which is not among the workers (asr, llm).',
      'Node "n1" names worker "asr", which does not serve task "Text Generation".',
      'Node "n2" names fallback worker "nope", which is not among the workers (asr, llm).',
      'No worker serves task "Image Classification" of node "n3".',
    ]);
  });

  it('rejects malformed plans and workers with a message per problem', () => {
    const bad = { nodes: [{ id: 'a', task: '', deps: 'x' }] } as unknown as Plan;
    expect(issuesOf(bad, [{ id: 'w', tasks: 'all', run: 1 } as unknown as Worker, any('w')])).toEqual([
      `Worker "w" must have tasks: '*' or a list of task names.`,
      'Worker "w" has no run(call, signal) function.',
      'Duplicate worker id "w".',
      'Node "a" has no task.',
      'Node "a" must have deps: a list of parent node ids (may be empty).',
    ]);
    expect(() => validatePlan(null as unknown as Plan, [])).toThrow('A plan must be an object with a `nodes` array.');
  });

  it('throws a PlanValidationError that is also a UserError with a readable message', () => {
    try {
      validatePlan(plan({ a: ['x'], b: ['y'] }), [any('w')]);
      expect.unreachable();
    } catch (err) {
      expect(PlanValidationError.isInstance(err)).toBe(true);
      expect((err as PlanValidationError).exitCode).toBe(2);
      expect((err as Error).message).toBe(
        'Invalid plan (2 problems):\n  - Node "a" depends on unknown node "x".\n  - Node "b" depends on unknown node "y".',
      );
    }
  });
});

describe('compilePlan', () => {
  it('orders candidates: named worker, named fallbacks, then the other workers serving the task', () => {
    const workers = [any('a', ['t']), any('b'), any('c', ['u']), any('d', ['t'])];
    const c = compilePlan(
      { nodes: [{ id: 'n0', task: 't', deps: [], worker: 'd', fallbacks: ['b'] }, { id: 'n1', task: 't', deps: [] }, { id: 'n2', task: 't', deps: [], worker: '' }] },
      workers,
    );
    expect(c.candidates).toEqual([[3, 1, 0], [0, 1, 3], [0, 1, 3]]);
  });

  it('keeps a dependency listed twice as one edge', () => {
    const c = compilePlan(plan({ a: [], b: ['a', 'a'] }), [any('w')]);
    expect([...c.parentList]).toEqual([0]);
    expect([...c.childList]).toEqual([1]);
  });

  it('finds <node-k> references to ancestors only', () => {
    const c = compilePlan(
      plan(
        { 'node-0': [], 'node-1': ['node-0'], 'node-2': ['node-1'], 'node-3': [] },
        { 'node-2': { args: ['<node-0>', '<node-3>', '<node-9>'] }, 'node-3': { args: { x: 'plain' } } },
      ),
      [any('w')],
    );
    expect(c.refs).toEqual([null, null, [0], null]);
  });

  it('detects exactly the cycles graphology-dag detects, and sorts parents before children otherwise', () => {
    const graphs = fc
      .integer({ min: 1, max: 12 })
      .chain((n) => fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 3 * n })));
    fc.assert(
      fc.property(graphs, ([n, edges]) => {
        const deps: Record<string, string[]> = {};
        for (let i = 0; i < n; i++) deps[`n${i}`] = [];
        const g = new DirectedGraph();
        for (let i = 0; i < n; i++) g.addNode(`n${i}`);
        for (const [p, c] of edges) {
          deps[`n${c}`]!.push(`n${p}`);
          g.mergeEdge(`n${p}`, `n${c}`);
        }
        const issues = issuesOf(plan(deps));
        expect(issues.some((m) => /cycle|itself/.test(m))).toBe(hasCycle(g));
        if (issues.length === 0) {
          const c = compilePlan(plan(deps), [any('w')]);
          const pos = new Map([...c.topoOrder].map((v, k) => [v, k]));
          for (const [p, ch] of edges) expect(pos.get(p)!).toBeLessThan(pos.get(ch)!);
        }
      }),
    );
  });
});
