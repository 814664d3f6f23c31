import { readFileSync } from 'node:fs';
import { UserError, errorMessage } from '../errors.js';

/** One non-blank JSONL line: its 1-based line number and either the parsed value or the parse error. */
export type JsonlLine =
  | { readonly line: number; readonly ok: true; readonly value: unknown }
  | { readonly line: number; readonly ok: false; readonly error: string };

/** Parses JSONL text line by line; a bad line is returned as an error, never thrown, so callers can report and go on. */
export function parseJsonl(text: string): JsonlLine[] {
  const out: JsonlLine[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (raw.trim() === '') continue;
    try {
      out.push({ line: i + 1, ok: true, value: JSON.parse(raw) as unknown });
    } catch (err) {
      out.push({ line: i + 1, ok: false, error: `invalid JSON: ${errorMessage(err)}` });
    }
  }
  return out;
}

export function readTextFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read ${file}: ${errorMessage(err)}`);
  }
}

/** Serialises values one per line, with a trailing newline (empty string for none). */
export function toJsonl(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join('\n') + (values.length ? '\n' : '');
}
