import { describe, expect, it } from 'vitest';
import { historyDown, historyNav, historyPush, historyUp } from './history-nav.js';

describe('history navigation', () => {
  it('walks back and forth and restores the draft', () => {
    let nav = historyNav(['first', 'second']);
    let r = historyUp(nav, 'draft');
    expect(r.text).toBe('second');
    r = historyUp(r.nav, r.text);
    expect(r.text).toBe('first');
    r = historyUp(r.nav, r.text);
    expect(r.text).toBe('first');
    r = historyDown(r.nav, r.text);
    expect(r.text).toBe('second');
    r = historyDown(r.nav, r.text);
    expect(r.text).toBe('draft');
    nav = r.nav;
    expect(historyDown(nav, 'draft').text).toBe('draft');
  });

  it('moves a repeated line to the end on push', () => {
    const nav = historyPush(historyNav(['a', 'b']), 'a');
    expect(nav.entries).toEqual(['b', 'a']);
    expect(historyUp(nav, '').text).toBe('a');
  });
});
