import { z } from 'zod';

/**
 * A WordPiece-style subword tokenizer learned from the training instructions.
 * Frequent words are whole tokens; rarer words split greedily into the longest
 * known pieces (`##` marks a piece continuing a word), down to single
 * characters, so unseen file names and typos still share statistics with
 * known words. Saved as JSON next to the checkpoint.
 */

export const PAD_ID = 0;
export const UNK_ID = 1;
const SPECIALS = ['[PAD]', '[UNK]'] as const;
// Punctuation is dropped: it carries little about which tools are needed and made
// instructions ~20% longer (quotes around every file name).
const WORD_RE = /[a-z0-9]+/g;
const MAX_PIECE = 8;

export const tokenizerJsonSchema = z.object({
  kind: z.literal('wordpiece'),
  version: z.literal(1),
  vocab: z.array(z.string()).min(SPECIALS.length),
});
export type TokenizerJson = z.infer<typeof tokenizerJsonSchema>;

/** Lower-cased alphanumeric words, the units the tokenizer splits. */
export function splitWords(text: string): string[] {
  return text.toLowerCase().match(WORD_RE) ?? [];
}

export class SubwordTokenizer {
  readonly vocab: readonly string[];
  private readonly ids: ReadonlyMap<string, number>;

  constructor(vocab: readonly string[]) {
    if (vocab[0] !== SPECIALS[0] || vocab[1] !== SPECIALS[1]) throw new TypeError('vocab must start with [PAD], [UNK]');
    this.vocab = vocab;
    this.ids = new Map(vocab.map((v, i) => [v, i] as const));
  }

  get size(): number {
    return this.vocab.length;
  }

  /** Learns a vocabulary of at most `vocabSize` entries from `texts`. */
  static build(texts: Iterable<string>, vocabSize: number): SubwordTokenizer {
    const wordCounts = new Map<string, number>();
    for (const text of texts) for (const w of splitWords(text)) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
    const vocab: string[] = [...SPECIALS];
    const seen = new Set<string>(vocab);
    const add = (piece: string): void => {
      if (vocab.length < vocabSize && !seen.has(piece)) {
        seen.add(piece);
        vocab.push(piece);
      }
    };
    // Single characters first (as word starts and continuations) so any word of known characters is encodable.
    const chars = new Map<string, number>();
    for (const [w, c] of wordCounts) for (const ch of w) chars.set(ch, (chars.get(ch) ?? 0) + c);
    const byCount = <K>(m: Map<K, number>): K[] => [...m.entries()].sort((a, b) => b[1] - a[1] || (String(a[0]) < String(b[0]) ? -1 : 1)).map(([k]) => k);
    for (const ch of byCount(chars)) {
      add(ch);
      if (/[a-z0-9]/.test(ch)) add(`##${ch}`);
    }
    // Then frequent whole words and frequent pieces of words, interleaved by count.
    const candidates = new Map<string, number>();
    for (const [w, c] of wordCounts) {
      if (c >= 2) candidates.set(w, (candidates.get(w) ?? 0) + c * 2);
      for (let len = 2; len <= Math.min(MAX_PIECE, w.length - 1); len++) {
        const head = w.slice(0, len);
        candidates.set(head, (candidates.get(head) ?? 0) + c);
        for (let start = 1; start + len <= w.length; start++) {
          const piece = `##${w.slice(start, start + len)}`;
          candidates.set(piece, (candidates.get(piece) ?? 0) + c);
        }
      }
    }
    for (const piece of byCount(candidates)) {
      if (vocab.length >= vocabSize) break;
      if ((candidates.get(piece) ?? 0) < 2) break;
      add(piece);
    }
    return new SubwordTokenizer(vocab);
  }

  static fromJson(raw: unknown, source = 'tokenizer.json'): SubwordTokenizer {
    const parsed = tokenizerJsonSchema.safeParse(raw);
    if (!parsed.success) throw new TypeError(`${source}: ${parsed.error.issues[0]?.message ?? 'invalid tokenizer'}`);
    return new SubwordTokenizer(parsed.data.vocab);
  }

  toJson(): TokenizerJson {
    return { kind: 'wordpiece', version: 1, vocab: [...this.vocab] };
  }

  private encodeWord(word: string, out: number[]): void {
    const whole = this.ids.get(word);
    if (whole !== undefined) {
      out.push(whole);
      return;
    }
    let start = 0;
    while (start < word.length) {
      let found = -1;
      let end = Math.min(word.length, start + MAX_PIECE);
      for (; end > start; end--) {
        const piece = start === 0 ? word.slice(0, end) : `##${word.slice(start, end)}`;
        const id = this.ids.get(piece);
        if (id !== undefined) {
          found = id;
          break;
        }
      }
      if (found < 0) {
        out.push(UNK_ID);
        end = start + 1;
      } else out.push(found);
      start = end;
    }
  }

  /** Token ids of `text`, without padding. */
  encode(text: string): number[] {
    const out: number[] = [];
    for (const w of splitWords(text)) this.encodeWord(w, out);
    return out;
  }

  /** Token ids cut or zero-padded to `length`. Long instructions keep their head and tail, where tasks are usually named. */
  encodePadded(text: string, length: number): Int32Array {
    const ids = this.encode(text);
    const out = new Int32Array(length);
    if (ids.length <= length) out.set(ids);
    else {
      const head = Math.ceil(length * 0.75);
      out.set(ids.slice(0, head));
      out.set(ids.slice(ids.length - (length - head)), head);
    }
    return out;
  }

  /** Inverse of `encode` for known characters: words joined by single spaces. */
  decode(ids: Iterable<number>): string {
    let text = '';
    for (const id of ids) {
      if (id === PAD_ID) continue;
      const piece = this.vocab[id] ?? '[UNK]';
      if (piece.startsWith('##')) text += piece.slice(2);
      else text += (text ? ' ' : '') + piece;
    }
    return text;
  }
}
