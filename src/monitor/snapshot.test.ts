import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileFollower } from './follow-file.js';
import { parseMetricsLine, parseMetricsText } from '../training/metrics-reader.js';
import { MetricsSummary, runStatus } from './metrics-summary.js';
import { renderSnapshot } from './snapshot.js';
import { phase1Lines, phase2Lines, toJsonl } from './test-support/metrics-fixture.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'snapshot-'));
  file = join(dir, 'metrics.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function snapshotOf(text: string): string {
  const { lines, malformed } = parseMetricsText(text);
  const s = new MetricsSummary();
  for (const l of lines) s.add(l);
  s.malformed = malformed;
  return renderSnapshot(s, { file, status: runStatus(s, 0, 1000), width: 80 });
}

describe('--once snapshot', () => {
  it('renders phase 1 charts, the epoch table, the checkpoint and the malformed count', () => {
    const out = snapshotOf(`${toJsonl(phase1Lines(6, 10))}garbage\n`);
    expect(out).toContain('phase1 · running\nepoch 6/10 · step 24/40');
    expect(out).toContain('last checkpoint: runs/p1-demo/checkpoints/epoch-6');
    expect(out).toContain('skipped 1 malformed line');
    expect(out).toContain('loss: train (train_loss');
    expect(out).toContain('loss: val (val_loss');
    expect(out).toContain('val F1 node/link: node (val_node_f1');
    expect(out).toMatch(/epoch\s+train_loss\s+val_loss\s+val_node_f1\s+val_link_f1\s+lr/);
    expect(out).toMatch(/[╭╰─]/);
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('renders phase 2 reward, success and cost with a table of iterations', () => {
    const out = snapshotOf(toJsonl(phase2Lines(8)));
    expect(out).toContain('reward (reward');
    expect(out).toContain('success (success');
    expect(out).toContain('cost $ (cost_usd');
    expect(out).toMatch(/step\s+reward\s+success\s+cost_usd/);
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('follows a file being appended to and truncated, snapshotting what is there', async () => {
    const summary = new MetricsSummary();
    const follower = new FileFollower(file, {
      onLines: (lines) => {
        for (const l of lines) {
          const parsed = parseMetricsLine(l);
          if (parsed) summary.add(parsed);
          else summary.malformed += 1;
        }
      },
      onReset: () => summary.reset(),
    });
    const all = phase1Lines(4, 4);
    writeFileSync(file, '');
    for (const [i, line] of all.entries()) {
      appendFileSync(file, `${JSON.stringify(line)}\n`);
      if (i % 3 === 0) await follower.poll();
    }
    appendFileSync(file, '{torn line\n');
    await follower.poll();
    expect(summary.epochs).toHaveLength(4);
    expect(summary.malformed).toBe(1);
    let out = renderSnapshot(summary, { file, status: runStatus(summary, 0, 1), width: 80 });
    expect(out).toContain('epoch 4/4');

    // A new run reusing the file: the monitor starts over instead of mixing the two.
    writeFileSync(file, toJsonl(phase2Lines(3)));
    await follower.poll();
    out = renderSnapshot(summary, { file, status: runStatus(summary, 0, 1), width: 80 });
    expect(summary.phase).toBe('phase2');
    expect(summary.epochs).toHaveLength(0);
    expect(out).toContain('step 3/3');
    expect(out).not.toContain('malformed');
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(4);
  });

  it('uses ASCII symbols when asked', () => {
    const { lines } = parseMetricsText(toJsonl(phase1Lines(3)));
    const s = new MetricsSummary();
    for (const l of lines) s.add(l);
    const out = renderSnapshot(s, { file, status: { kind: 'running' }, width: 80, ascii: true });
    const charts = out.slice(out.indexOf('loss: train'), out.indexOf('recent epochs'));
    expect(charts).not.toMatch(/[╭╮╰╯─┼┤│]/);
  });
});
