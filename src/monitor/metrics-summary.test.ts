import { describe, expect, it } from 'vitest';
import { MetricsSummary, downsample, formatMetric, formatSeconds, runStatus, statusText, stretch } from './metrics-summary.js';
import { phase1Lines, phase2Lines } from './test-support/metrics-fixture.js';

const fold = (lines: ReturnType<typeof phase1Lines>): MetricsSummary => {
  const s = new MetricsSummary();
  for (const l of lines) s.add(l);
  return s;
};

describe('MetricsSummary', () => {
  it('collects per-epoch series, the table, the last checkpoint and progress for phase 1', () => {
    const s = fold(phase1Lines(4, 10));
    expect(s.phase).toBe('phase1');
    expect(s.series('val_loss').map((p) => p.x)).toEqual([1, 2, 3, 4]);
    expect(s.epochs).toHaveLength(4);
    expect(s.lastCheckpoint?.path).toBe('runs/p1-demo/checkpoints/epoch-4');
    const p = s.progress();
    expect(p).toMatchObject({ epoch: 4, totalEpochs: 10, step: 16, totalSteps: 40, rateUnit: 'examples/s' });
    expect(p.fraction).toBeCloseTo(0.4);
    expect(p.etaS).toBeCloseTo(p.elapsedS * 1.5);
  });

  it('falls back to step values before the second epoch', () => {
    const s = fold(phase1Lines(1));
    expect(s.series('train_loss')).toHaveLength(4);
  });

  it('uses steps for the table and episodes/s for phase 2', () => {
    const s = fold(phase2Lines(5));
    expect(s.tableRows().unit).toBe('step');
    expect(s.tableRows().rows).toHaveLength(5);
    expect(s.progress().rateUnit).toBe('episodes/s');
    expect(s.latestValue('reward')).toBeCloseTo(-0.25);
  });

  it('logs info, checkpoint and done lines and marks the run finished', () => {
    const s = fold([...phase1Lines(2), { kind: 'done', phase: 'phase1', t: '2026-11-24T06:10:00.000Z', elapsed_s: 600, message: 'early stopping' }]);
    expect(s.log.map((l) => l.kind)).toEqual(['start', 'checkpoint', 'done']);
    expect(statusText(runStatus(s, 0, 10_000_000))).toBe('finished (early stopping)');
    expect(s.progress().fraction).toBe(1);
  });

  it('says stale once the file stops changing before done', () => {
    const s = fold(phase1Lines(1));
    expect(runStatus(s, 1000, 2000).kind).toBe('running');
    expect(runStatus(s, 1000, 61_000, 30)).toEqual({ kind: 'stale', seconds: 60 });
    expect(runStatus(new MetricsSummary(), null, 0).kind).toBe('waiting');
  });

  it('reset forgets everything', () => {
    const s = fold(phase1Lines(2));
    s.malformed = 3;
    s.reset();
    expect(s.epochs).toHaveLength(0);
    expect(s.malformed).toBe(0);
    expect(s.lastCheckpoint).toBeUndefined();
  });
});

describe('helpers', () => {
  it('downsamples by bucket means and stretches short series', () => {
    expect(downsample([1, 3, 5, 7], 2)).toEqual([2, 6]);
    expect(downsample([1, 2], 5)).toEqual([1, 2]);
    expect(stretch([0, 10], 3)).toEqual([0, 5, 10]);
  });

  it('formats metrics and durations', () => {
    expect(formatMetric(0.123456)).toBe('0.1235');
    expect(formatMetric(0.0001)).toBe('1.00e-4');
    expect(formatMetric(undefined)).toBe('-');
    expect(formatSeconds(75)).toBe('1m15s');
    expect(formatSeconds(3720)).toBe('1h02m');
  });
});
