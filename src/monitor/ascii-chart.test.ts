import { describe, expect, it } from 'vitest';
import { ASCII_SYMBOLS, plotSeries } from './ascii-chart.js';

describe('plotSeries', () => {
  it('fits the width and height asked for', () => {
    const out = plotSeries([[3, 2, 1.5, 1.2, 1.1]], { width: 60, height: 6 });
    const lines = out.split('\n');
    expect(lines).toHaveLength(6);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(60);
  });

  it('terminates on a series that is flat up to float noise (the learning rate)', () => {
    const lr = [0.003, 0.0030000000000000005, 0.003, 0.0029999999999999996];
    const out = plotSeries([lr], { width: 40, height: 5 });
    expect(out).toContain('─');
    expect(plotSeries([[0, 0, 0]], { width: 40, height: 5 })).toContain('─');
  });

  it('draws a single point and says when there is no data', () => {
    expect(plotSeries([[1]], { width: 30, height: 3 })).toContain('─');
    expect(plotSeries([[], []], { width: 30, height: 3 })).toBe('(no data yet)');
  });

  it('uses only ASCII when asked', () => {
    const out = plotSeries([[1, 3, 2, 5]], { width: 30, height: 4, ascii: true });
    expect(out).not.toMatch(/[^\x20-\x7e\n]/);
    expect(ASCII_SYMBOLS.every((s) => s.length === 1)).toBe(true);
  });
});
