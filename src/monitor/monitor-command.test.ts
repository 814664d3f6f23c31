import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveMetricsPath } from '../cli/commands/monitor.js';
import { UserError } from '../errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'monitor-cmd-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('orchestai monitor <path>', () => {
  it('takes a run directory to mean its metrics.jsonl', async () => {
    writeFileSync(join(dir, 'metrics.jsonl'), '');
    await expect(resolveMetricsPath(dir)).resolves.toBe(join(dir, 'metrics.jsonl'));
    await expect(resolveMetricsPath(join(dir, 'metrics.jsonl'))).resolves.toBe(join(dir, 'metrics.jsonl'));
  });

  it('fails with a clear message and exit code 2 for a missing file or a dir without metrics.jsonl', async () => {
    const empty = join(dir, 'run-x');
    mkdirSync(empty);
    for (const path of [join(dir, 'nope'), empty]) {
      const err = await resolveMetricsPath(path).catch((e: unknown) => e);
      expect(UserError.isInstance(err)).toBe(true);
      expect((err as UserError).exitCode).toBe(2);
    }
    await expect(resolveMetricsPath(empty)).rejects.toThrow(/has no metrics.jsonl/);
    await expect(resolveMetricsPath(join(dir, 'nope'))).rejects.toThrow(/no such file or directory/);
  });
});
