import { describe, expect, it } from 'vitest';
import { firstThatFits, formatDuration, formatOutput, formatTokens, formatUsd, truncate } from './format.js';

describe('format', () => {
  it('formats costs with two significant digits below a cent', () => {
    expect(formatUsd(0.00042)).toBe('$0.00042');
    expect(formatUsd(0.0000123)).toBe('$0.000012');
    expect(formatUsd(0.0123)).toBe('$0.0123');
    expect(formatUsd(2.5)).toBe('$2.50');
    expect(formatUsd(0)).toBe('$0');
  });

  it('formats durations and tokens compactly', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(12_340)).toBe('12.3s');
    expect(formatDuration(245_000)).toBe('4m05s');
    expect(formatTokens(310)).toBe('310');
    expect(formatTokens(1530)).toBe('1.5k');
  });

  it('truncates with an ellipsis and picks the first candidate that fits', () => {
    expect(truncate('Summarization', 6)).toBe('Summa…');
    expect(truncate('abc', 3)).toBe('abc');
    expect(firstThatFits(['long form', 'short'], 6)).toBe('short');
    expect(firstThatFits(['long form', 'shorter one'], 4)).toBe('sho…');
  });

  it('shows node outputs as text', () => {
    expect(formatOutput('plain')).toBe('plain');
    expect(formatOutput({ text: 'hallo', model: 'm' })).toBe('hallo');
    expect(formatOutput({ a: 1 })).toBe('{"a":1}');
    expect(formatOutput(undefined)).toBe('');
  });
});
