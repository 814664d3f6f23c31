import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { monitorCommand } from './monitorCommand.js';
import type { CommandContext } from './types.js';

const ctx = { width: 80 } as CommandContext;

describe('/monitor', () => {
  it('without a path explains how to watch a run', () => {
    const r = monitorCommand.action(ctx, '');
    expect(r.kind === 'message' && r.text).toMatch(/orchestai monitor runs\/<id>/);
  });

  it('with a run directory shows the snapshot of its metrics', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mon-'));
    const lines = [1, 2, 3].map((epoch) =>
      JSON.stringify({ kind: 'epoch', phase: 'phase1', t: new Date().toISOString(), elapsed_s: epoch, epoch, total_epochs: 3, metrics: { train_loss: 3 - epoch * 0.5, val_loss: 3 - epoch * 0.4 } }),
    );
    writeFileSync(join(dir, 'metrics.jsonl'), `${lines.join('\n')}\n{broken\n`);
    const r = monitorCommand.action(ctx, dir);
    expect(r.kind).toBe('message');
    const text = r.kind === 'message' ? r.text : '';
    expect(text).toContain('epoch 3/3');
    expect(text).toContain('train_loss');
    expect(text).toContain('skipped 1 malformed line');
  });

  it('with a bad path says so as an error, not a crash', () => {
    const r = monitorCommand.action(ctx, '/nonexistent/run');
    expect(r).toMatchObject({ kind: 'message', tone: 'error' });
  });
});
