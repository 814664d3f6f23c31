import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { referencedIds } from '../executor/nodeRefs.js';
import type { Plan, PlanNode } from '../types.js';
import { dropNode, findNode, insertNodeAfter, insertNodeBefore } from './plan-edit.js';

/** "transcribe, summarize, translate" as the planner got it: the summary is missing. */
const CHAIN: Plan = {
  instruction: 'Transcribe example.wav, summarize the transcript and translate the summary into German',
  domain: 'huggingface',
  planner: { name: 'learned', version: '3', confidence: 0.93 },
  nodes: [
    { id: 'node-0', task: 'Automatic Speech Recognition', deps: [], args: ['example.wav'], worker: 'whisper', fallbacks: ['distil'] },
    { id: 'node-1', task: 'Translation', deps: ['node-0'], args: ['<node-0>', 'German'], worker: 'marian' },
  ],
};

describe('insertNodeAfter', () => {
  it('inserts a step between a node and the nodes it fed, arguments included', () => {
    const plan = insertNodeAfter(CHAIN, 'Summarization', 'n0');
    expect(plan.nodes.map((n) => [n.id, n.task, n.deps, n.args])).toEqual([
      ['node-0', 'Automatic Speech Recognition', [], ['example.wav']],
      ['node-2', 'Summarization', ['node-0'], ['<node-0>']],
      ['node-1', 'Translation', ['node-2'], ['<node-2>', 'German']],
    ]);
    // Routing runs again over the edited plan; the plan says who made it.
    expect(plan.nodes.every((n) => n.worker === undefined && n.fallbacks === undefined)).toBe(true);
    expect(plan.planner).toEqual({ name: 'edited', version: 'learned 3', confidence: 1 });
    expect(plan.instruction).toBe(CHAIN.instruction);
  });

  it('adds a parallel step with branch, leaving what the node fed alone', () => {
    const plan = insertNodeAfter(CHAIN, 'Sentiment Analysis', 'n0', { branch: true });
    expect(plan.nodes.map((n) => [n.id, n.deps, n.args])).toEqual([
      ['node-0', [], ['example.wav']],
      ['node-2', ['node-0'], ['<node-0>']],
      ['node-1', ['node-0'], ['<node-0>', 'German']],
    ]);
  });

  it('appends after the last node by default', () => {
    const plan = insertNodeAfter(CHAIN, 'Text-to-Speech');
    expect(plan.nodes.at(-1)).toEqual({ id: 'node-2', task: 'Text-to-Speech', deps: ['node-1'], args: ['<node-1>'] });
    expect(insertNodeAfter(plan, 'Summarization').planner).toEqual(plan.planner);
  });
});

describe('insertNodeBefore', () => {
  it('puts a missing first step in front: it takes the node’s inputs and feeds it', () => {
    const caption: Plan = { nodes: [{ id: 'node-0', task: 'Translation', deps: [], args: ['example.jpg', 'Spanish'], worker: 'llama' }] };
    const plan = insertNodeBefore(caption, 'Image-to-Text', 'n0');
    expect(plan.nodes).toEqual([
      { id: 'node-1', task: 'Image-to-Text', deps: [], args: ['example.jpg', 'Spanish'] },
      { id: 'node-0', task: 'Translation', deps: ['node-1'], args: ['<node-1>'] },
    ]);
  });

  it('inserts in the middle of a chain', () => {
    const plan = insertNodeBefore(CHAIN, 'Summarization', 'n1');
    expect(plan.nodes.map((n) => [n.id, n.deps])).toEqual([
      ['node-0', []],
      ['node-2', ['node-0']],
      ['node-1', ['node-2']],
    ]);
  });
});

describe('dropNode', () => {
  it('hands a middle node’s inputs to the nodes it fed', () => {
    const three = insertNodeAfter(CHAIN, 'Summarization', 'node-0');
    const plan = dropNode(three, 'n2');
    expect(plan.nodes.map((n) => [n.id, n.deps, n.args])).toEqual([
      ['node-0', [], ['example.wav']],
      ['node-1', ['node-0'], ['<node-0>', 'German']],
    ]);
  });

  it('hands a root’s own input to the nodes it fed', () => {
    const plan = dropNode(CHAIN, '0');
    expect(plan.nodes).toEqual([{ id: 'node-1', task: 'Translation', deps: [], args: ['example.wav', 'German'] }]);
  });

  it('refuses to empty the plan and names the nodes it has', () => {
    expect(() => dropNode(dropNode(CHAIN, 'n0'), 'n1')).toThrow(/only node/);
    expect(() => dropNode(CHAIN, 'n7')).toThrow(UserError);
    expect(() => findNode(CHAIN, 'n7')).toThrow('no node "n7" in the plan; its nodes are n0, n1');
  });
});

/** A random DAG plan in topological order, with `<node-k>` references to parents. */
const planArb = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc.array(fc.array(fc.boolean(), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }).map((bits): Plan => ({
    nodes: Array.from({ length: n }, (_, i): PlanNode => {
      const deps = Array.from({ length: i }, (_, j) => j).filter((j) => bits[i]?.[j]).map((j) => `node-${j}`);
      return { id: `node-${i}`, task: `T${i}`, deps, args: deps.length ? deps.map((d) => `<${d}>`) : ['input.txt'] };
    }),
  })),
);

type Edit = { readonly kind: 'add'; readonly at: number | null; readonly branch: boolean } | { readonly kind: 'drop' | 'before'; readonly at: number };
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), at: fc.option(fc.nat(20)), branch: fc.boolean() }),
  fc.record({ kind: fc.constant('before' as const), at: fc.nat(20) }),
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat(20) }),
);

function ancestors(plan: Plan, id: string): Set<string> {
  const byId = new Map(plan.nodes.map((n) => [n.id, n] as const));
  const seen = new Set<string>();
  const stack = [...(byId.get(id)?.deps ?? [])];
  while (stack.length) {
    const d = stack.pop() as string;
    if (seen.has(d)) continue;
    seen.add(d);
    stack.push(...(byId.get(d)?.deps ?? []));
  }
  return seen;
}

describe('plan edits (property)', () => {
  it('keep a DAG in topological order with unique ids, and references only to ancestors', () => {
    fc.assert(
      fc.property(planArb, fc.array(editArb, { maxLength: 12 }), (start, edits) => {
        let plan = start;
        for (const e of edits) {
          const target = e.at === null ? undefined : plan.nodes[e.at % plan.nodes.length]?.id;
          if (e.kind === 'add') plan = insertNodeAfter(plan, 'New', target, { branch: e.branch });
          else if (e.kind === 'before' && target) plan = insertNodeBefore(plan, 'New', target);
          else if (plan.nodes.length > 1 && target) plan = dropNode(plan, target);
        }
        const ids = plan.nodes.map((n) => n.id);
        expect(new Set(ids).size).toBe(ids.length);
        plan.nodes.forEach((node, i) => {
          for (const d of node.deps) expect(ids.indexOf(d)).toBeGreaterThanOrEqual(0);
          for (const d of node.deps) expect(ids.indexOf(d)).toBeLessThan(i);
          const reachable = ancestors(plan, node.id);
          for (const ref of referencedIds(node.args)) expect(reachable.has(ref)).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });
});
