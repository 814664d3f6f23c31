import { describe, expect, it } from 'vitest';
import { referencedIds, resolveRefs } from './nodeRefs.js';

describe('<node-k> references', () => {
  it('finds references in lists, named args and nested values, once each', () => {
    expect(referencedIds(['<node-0>', 'a <node-1> and <node-0>', 3])).toEqual(['node-0', 'node-1']);
    expect(referencedIds({ image: '<node-2>', opts: { list: ['<node-3>'] } })).toEqual(['node-2', 'node-3']);
    expect(referencedIds(undefined)).toEqual([]);
  });

  it('gives the raw output for a whole-string reference and text inside longer strings', () => {
    const outputs = new Map<string, unknown>([
      ['node-0', { file: 'a.wav' }],
      ['node-1', 'hello'],
    ]);
    expect(resolveRefs(['<node-0>', 'say <node-1>!', 'dump <node-0>'], outputs)).toEqual([{ file: 'a.wav' }, 'say hello!', 'dump {"file":"a.wav"}']);
    expect(resolveRefs({ text: '<node-1>', n: 2 }, outputs)).toEqual({ text: 'hello', n: 2 });
  });

  it('leaves references it cannot resolve as written', () => {
    expect(resolveRefs(['<node-7>', 'x <node-7>'], new Map())).toEqual(['<node-7>', 'x <node-7>']);
  });
});
