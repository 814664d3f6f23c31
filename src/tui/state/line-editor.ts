/** The REPL line as a pure value: every key maps to a function from state to state, so editing is unit-tested without a terminal. */

export interface LineState {
  readonly text: string;
  /** Index in code points, 0..length. */
  readonly cursor: number;
}

export const EMPTY_LINE: LineState = { text: '', cursor: 0 };

const chars = (s: string): string[] => [...s];

export function lineOf(text: string): LineState {
  return { text, cursor: chars(text).length };
}

export function insert(s: LineState, input: string): LineState {
  // Pasted newlines would submit half a line; keep the paste on one line.
  const clean = input.replace(/\r\n|\r|\n/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '');
  if (!clean) return s;
  const c = chars(s.text);
  c.splice(s.cursor, 0, ...chars(clean));
  return { text: c.join(''), cursor: s.cursor + chars(clean).length };
}

export function backspace(s: LineState): LineState {
  if (s.cursor === 0) return s;
  const c = chars(s.text);
  c.splice(s.cursor - 1, 1);
  return { text: c.join(''), cursor: s.cursor - 1 };
}

export function deleteForward(s: LineState): LineState {
  const c = chars(s.text);
  if (s.cursor >= c.length) return s;
  c.splice(s.cursor, 1);
  return { text: c.join(''), cursor: s.cursor };
}

export const left = (s: LineState): LineState => ({ ...s, cursor: Math.max(0, s.cursor - 1) });
export const right = (s: LineState): LineState => ({ ...s, cursor: Math.min(chars(s.text).length, s.cursor + 1) });
export const home = (s: LineState): LineState => ({ ...s, cursor: 0 });
export const end = (s: LineState): LineState => ({ ...s, cursor: chars(s.text).length });

/** Ctrl-U: delete from the start of the line to the cursor (readline's unix-line-discard). */
export function killToStart(s: LineState): LineState {
  return { text: chars(s.text).slice(s.cursor).join(''), cursor: 0 };
}

/** Ctrl-W: delete the word before the cursor, and the blanks after it. */
export function killWordBack(s: LineState): LineState {
  const c = chars(s.text);
  let i = s.cursor;
  while (i > 0 && /\s/.test(c[i - 1] ?? '')) i--;
  while (i > 0 && !/\s/.test(c[i - 1] ?? '')) i--;
  return { text: [...c.slice(0, i), ...c.slice(s.cursor)].join(''), cursor: i };
}
