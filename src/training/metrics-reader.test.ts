import { describe, expect, it } from 'vitest';
import { LineSplitter, parseMetricsLine, parseMetricsText } from './metrics-reader.js';
import { phase1Lines, toJsonl } from '../monitor/test-support/metrics-fixture.js';

describe('parseMetricsLine', () => {
  it('accepts the trainers lines and round-trips them', () => {
    for (const line of phase1Lines(2)) expect(parseMetricsLine(JSON.stringify(line))).toEqual(line);
  });

  it('rejects non-JSON, wrong kinds and missing fields, without throwing', () => {
    expect(parseMetricsLine('{not json')).toBeNull();
    expect(parseMetricsLine('[]')).toBeNull();
    expect(parseMetricsLine(JSON.stringify({ kind: 'weird', phase: 'phase1', t: 'x', elapsed_s: 1 }))).toBeNull();
    expect(parseMetricsLine(JSON.stringify({ kind: 'step', phase: 'phase1', t: 'x' }))).toBeNull();
    expect(parseMetricsLine('   ')).toBeNull();
  });

  it('keeps a line whose loss went NaN (written as null) and drops just that value', () => {
    const line = parseMetricsLine('{"kind":"step","phase":"phase1","t":"x","elapsed_s":1,"metrics":{"train_loss":null,"lr":0.001}}');
    expect(line?.metrics).toEqual({ lr: 0.001 });
  });

  it('ignores unknown fields so newer trainers do not break older monitors', () => {
    expect(parseMetricsLine('{"kind":"info","phase":"phase2","t":"x","elapsed_s":0,"message":"hi","extra":1}')).toEqual({ kind: 'info', phase: 'phase2', t: 'x', elapsed_s: 0, message: 'hi' });
  });
});

describe('parseMetricsText', () => {
  it('counts malformed lines and skips blanks', () => {
    const text = `${toJsonl(phase1Lines(1))}\n{oops\n"just a string"\n`;
    const parsed = parseMetricsText(text);
    expect(parsed.lines).toHaveLength(phase1Lines(1).length);
    expect(parsed.malformed).toBe(2);
  });
});

describe('LineSplitter', () => {
  it('holds back a partial line until its newline arrives', () => {
    const s = new LineSplitter();
    expect(s.push('{"a":1}\n{"b"')).toEqual(['{"a":1}']);
    expect(s.pending()).toBe('{"b"');
    expect(s.push(':2}\r\n')).toEqual(['{"b":2}']);
  });

  it('does not split a multi-byte character across reads', () => {
    const s = new LineSplitter();
    const bytes = Buffer.from('é✓\n');
    expect(s.push(bytes.subarray(0, 1))).toEqual([]);
    expect(s.push(bytes.subarray(1, 4))).toEqual([]);
    expect(s.push(bytes.subarray(4))).toEqual(['é✓']);
  });
});
