import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { loadConfig, packageRoot } from './load.js';

function tempConfig(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'orchestai-config-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(file, text);
  return file;
}

describe('loadConfig', () => {
  it('loads the shipped config.yaml with defaults filled in', () => {
    const { config, path } = loadConfig(join(packageRoot, 'config.yaml'), {});
    expect(path).toBe(join(packageRoot, 'config.yaml'));
    expect(config.planner.default_domain).toBe('huggingface');
    expect(config.training.phase1.batch_size).toBe(32);
    expect(config.executor.retries.max).toBeGreaterThanOrEqual(0);
  });

  it('names the file and the field path of an invalid value', () => {
    const file = tempConfig('executor:\n  concurrency: 0\n');
    let caught: unknown;
    try {
      loadConfig(file, {});
    } catch (err) {
      caught = err;
    }
    expect(UserError.isInstance(caught)).toBe(true);
    const e = caught as UserError;
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(file);
    expect(e.message).toContain('executor.concurrency');
  });

  it('takes ensemble members as one number or per domain, and says what it expects otherwise', () => {
    expect(loadConfig(tempConfig('training:\n  phase1:\n    members: 3\n'), {}).config.training.phase1.members).toBe(3);
    expect(loadConfig(tempConfig('training:\n  phase1:\n    members:\n      huggingface: 2\n'), {}).config.training.phase1.members).toEqual({ huggingface: 2 });
    const load = (line: string) => () => loadConfig(tempConfig(`training:\n  phase1:\n    ${line}\n`), {});
    expect(load('members: two')).toThrow(/training\.phase1\.members: expected a whole number from 1 to 8, or a map/);
    expect(load('members: 0')).toThrow(/training\.phase1\.members: .*>=1/);
    expect(load('members:\n      huggingface: 0')).toThrow(/training\.phase1\.members.*>=1/);
  });

  it('rejects unknown keys so typos do not pass silently', () => {
    const file = tempConfig('planner:\n  defualt_domain: x\n');
    expect(() => loadConfig(file, {})).toThrow(/planner/);
  });

  it('reports YAML syntax errors with the file name', () => {
    const file = tempConfig('planner: [unclosed\n');
    expect(() => loadConfig(file, {})).toThrow(new RegExp(`invalid config ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: YAML`));
  });

  it('takes ORCHESTAI_CONFIG when no --config is given', () => {
    const file = tempConfig('logging:\n  enabled: false\n');
    expect(loadConfig(undefined, { ORCHESTAI_CONFIG: file }).config.logging.enabled).toBe(false);
  });

  it('fails clearly on a missing file', () => {
    expect(() => loadConfig('/nonexistent/orchestai.yaml', {})).toThrow(/config file not found/);
  });
});
