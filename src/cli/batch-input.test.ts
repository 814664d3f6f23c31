import { describe, expect, it } from 'vitest';
import { parseBatchLine } from './batch-input.js';

describe('parseBatchLine', () => {
  it('reads JSONL records and keeps their ids', () => {
    expect(parseBatchLine('{"id": "a7", "instruction": "caption x.jpg"}', 3)).toEqual({ kind: 'ok', line: 3, id: 'a7', instruction: 'caption x.jpg' });
    expect(parseBatchLine('{"id": 9, "instruction": "x"}', 1)).toMatchObject({ id: '9' });
  });

  it('takes a bare line as an instruction with the line number as id', () => {
    expect(parseBatchLine('  translate hello  ', 5)).toEqual({ kind: 'ok', line: 5, id: '5', instruction: 'translate hello' });
  });

  it('skips blank lines', () => {
    expect(parseBatchLine('   ', 2)).toBeNull();
  });

  it('turns malformed JSON into an error record naming the line', () => {
    const item = parseBatchLine('{"id": "x", "instruction": ', 4);
    expect(item).toMatchObject({ kind: 'error', line: 4, id: '4' });
    expect(item?.kind === 'error' && item.error).toMatch(/^line 4: not valid JSON/);
  });

  it('turns a record without an instruction into an error record keeping its id', () => {
    const item = parseBatchLine('{"id": "q1", "text": "hi"}', 8);
    expect(item).toMatchObject({ kind: 'error', id: 'q1' });
    expect(item?.kind === 'error' && item.error).toMatch(/line 8: instruction/);
  });
});
