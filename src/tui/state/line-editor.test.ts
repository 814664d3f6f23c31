import { describe, expect, it } from 'vitest';
import { backspace, deleteForward, end, home, insert, killToStart, killWordBack, left, lineOf, right, EMPTY_LINE } from './line-editor.js';

describe('line editor', () => {
  it('inserts at the cursor and moves it', () => {
    let s = insert(EMPTY_LINE, 'helo');
    s = left(s);
    s = insert(s, 'l');
    expect(s).toEqual({ text: 'hello', cursor: 4 });
  });

  it('deletes backwards and forwards', () => {
    const s = left(lineOf('abc'));
    expect(backspace(s)).toEqual({ text: 'ac', cursor: 1 });
    expect(deleteForward(s)).toEqual({ text: 'ab', cursor: 2 });
    expect(backspace(home(s))).toEqual({ text: 'abc', cursor: 0 });
    expect(deleteForward(end(s))).toEqual({ text: 'abc', cursor: 3 });
  });

  it('moves within bounds', () => {
    expect(left(home(lineOf('ab'))).cursor).toBe(0);
    expect(right(lineOf('ab')).cursor).toBe(2);
  });

  it('kills to the start of the line (Ctrl-U) and the previous word (Ctrl-W)', () => {
    const s = left(left(lineOf('plan the thing')));
    expect(killToStart(s)).toEqual({ text: 'ng', cursor: 0 });
    expect(killWordBack(lineOf('plan the thing  '))).toEqual({ text: 'plan the ', cursor: 9 });
  });

  it('keeps a pasted multi-line text on one line and drops control characters', () => {
    expect(insert(EMPTY_LINE, 'a\nb\u0007').text).toBe('a b');
  });

  it('counts the cursor in characters, not UTF-16 units', () => {
    const s = backspace(lineOf('zß😀'));
    expect(s).toEqual({ text: 'zß', cursor: 2 });
  });
});
