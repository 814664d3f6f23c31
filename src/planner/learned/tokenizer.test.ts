import { describe, expect, it } from 'vitest';
import { PAD_ID, SubwordTokenizer, UNK_ID, splitWords } from './tokenizer.js';

const texts = [
  "Transcribe 'example.wav' and then translate the transcript into French.",
  'Generate an image from the text and describe the image.',
  'Summarize example.txt, then answer a question about it.',
];

describe('SubwordTokenizer', () => {
  const tok = SubwordTokenizer.build(texts, 120);

  it('starts with the special tokens and respects the size cap', () => {
    expect(tok.vocab.slice(0, 2)).toEqual(['[PAD]', '[UNK]']);
    expect(tok.size).toBeLessThanOrEqual(120);
  });

  it('round-trips known text to its normalised words', () => {
    for (const text of [...texts, 'Transcribing unseen words as transcriptionist.wav']) {
      expect(tok.decode(tok.encode(text))).toBe(splitWords(text).join(' '));
    }
  });

  it('splits unknown words into known pieces instead of [UNK]', () => {
    const ids = tok.encode('retranslate');
    expect(ids.length).toBeGreaterThan(1);
    expect(ids).not.toContain(UNK_ID);
  });

  it('maps characters never seen to [UNK]', () => {
    expect(tok.encode('kkk')).toContain(UNK_ID);
  });

  it('pads and truncates, keeping head and tail', () => {
    const padded = tok.encodePadded('translate', 6);
    expect(padded.length).toBe(6);
    expect(padded[5]).toBe(PAD_ID);
    const long = tok.encodePadded(texts.join(' '), 8);
    const all = tok.encode(texts.join(' '));
    expect(Array.from(long.slice(0, 6))).toEqual(all.slice(0, 6));
    expect(Array.from(long.slice(6))).toEqual(all.slice(-2));
  });

  it('survives a JSON round trip and rejects a bad file', () => {
    const again = SubwordTokenizer.fromJson(JSON.parse(JSON.stringify(tok.toJson())));
    expect(again.vocab).toEqual(tok.vocab);
    expect(() => SubwordTokenizer.fromJson({ kind: 'wordpiece', version: 1, vocab: ['a', 'b'] })).toThrow(/\[PAD\]/);
    expect(() => SubwordTokenizer.fromJson({ kind: 'bpe' })).toThrow(/tokenizer/);
  });

  it('is deterministic for the same texts', () => {
    expect(SubwordTokenizer.build(texts, 120).vocab).toEqual(tok.vocab);
  });
});
