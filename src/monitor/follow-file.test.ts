import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileFollower } from './follow-file.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'follow-'));
  file = join(dir, 'metrics.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function recorder() {
  const lines: string[] = [];
  const resets: string[] = [];
  let missing = 0;
  const follower = new FileFollower(file, {
    onLines: (l) => lines.push(...l),
    onReset: (r) => {
      resets.push(r);
      lines.length = 0;
    },
    onMissing: () => (missing += 1),
  });
  return { follower, lines, resets, missing: () => missing };
}

describe('FileFollower', () => {
  it('waits for a missing file, then reads appended lines in order', async () => {
    const r = recorder();
    await r.follower.poll();
    expect(r.missing()).toBe(1);
    writeFileSync(file, 'a\nb\n');
    await r.follower.poll();
    appendFileSync(file, 'c\n');
    await r.follower.poll();
    expect(r.lines).toEqual(['a', 'b', 'c']);
  });

  it('reports a line only once its newline is written', async () => {
    const r = recorder();
    writeFileSync(file, 'a\npart');
    await r.follower.poll();
    expect(r.lines).toEqual(['a']);
    appendFileSync(file, 'ial\n');
    await r.follower.poll();
    expect(r.lines).toEqual(['a', 'partial']);
  });

  it('rereads from the start after truncation', async () => {
    const r = recorder();
    writeFileSync(file, 'one\ntwo\nthree\n');
    await r.follower.poll();
    truncateSync(file, 0);
    appendFileSync(file, 'new\n');
    await r.follower.poll();
    expect(r.resets).toEqual(['truncated']);
    expect(r.lines).toEqual(['new']);
  });

  it('notices a truncate-and-rewrite that leaves the file larger than before', async () => {
    const r = recorder();
    writeFileSync(file, 'old-1\n');
    await r.follower.poll();
    writeFileSync(file, 'fresh-1\nfresh-2\nfresh-3\n');
    await r.follower.poll();
    expect(r.resets).toEqual(['truncated']);
    expect(r.lines).toEqual(['fresh-1', 'fresh-2', 'fresh-3']);
  });

  it('follows a rotation (rename away, new file at the same path)', async () => {
    const r = recorder();
    writeFileSync(file, 'old\n');
    await r.follower.poll();
    renameSync(file, `${file}.1`);
    writeFileSync(file, 'rotated\n');
    await r.follower.poll();
    expect(r.resets).toEqual(['rotated']);
    expect(r.lines).toEqual(['rotated']);
  });

  it('coalesces overlapping polls without duplicating lines', async () => {
    const r = recorder();
    writeFileSync(file, 'x\n');
    await Promise.all([r.follower.poll(), r.follower.poll(), r.follower.poll()]);
    expect(r.lines).toEqual(['x']);
  });
});
