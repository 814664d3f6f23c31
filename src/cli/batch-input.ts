import { z } from 'zod';

/** One input line of `--batch`: JSONL `{"id","instruction"}` or a bare instruction per line. */
export type BatchItem =
  | { readonly kind: 'ok'; readonly line: number; readonly id: string; readonly instruction: string }
  | { readonly kind: 'error'; readonly line: number; readonly id: string; readonly error: string };

const jsonItem = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  instruction: z.string().trim().min(1, 'instruction must be a non-empty string'),
});

export function parseBatchLine(text: string, line: number): BatchItem | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const fallbackId = String(line);
  if (!trimmed.startsWith('{')) return { kind: 'ok', line, id: fallbackId, instruction: trimmed };
  let raw: unknown;
  try {
    raw = JSON.parse(trimmed);
  } catch (err) {
    return { kind: 'error', line, id: fallbackId, error: `line ${line}: not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  const parsed = jsonItem.safeParse(raw);
  if (!parsed.success) {
    const rawId = typeof raw === 'object' && raw !== null && 'id' in raw ? String((raw as { id: unknown }).id) : fallbackId;
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { kind: 'error', line, id: rawId, error: `line ${line}: ${where}${issue?.message ?? 'invalid record'} (expected {"id", "instruction"})` };
  }
  return { kind: 'ok', line, id: parsed.data.id === undefined ? fallbackId : String(parsed.data.id), instruction: parsed.data.instruction };
}
