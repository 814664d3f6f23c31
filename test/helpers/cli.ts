import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const bin = join(repoRoot, 'bin', 'orchestai');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A temp workspace with its own config (instant sim zoo by default) and log dir. */
export function workspace(extraYaml = '', timeScale = 0): { dir: string; config: string; logs: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'orchestai-e2e-'));
  const logs = join(dir, 'logs');
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    `planner:\n  data_dir: ${join(repoRoot, 'data')}\n  checkpoint_dir: ${join(repoRoot, 'checkpoints')}\n` +
      `workers:\n  sim:\n    time_scale: ${timeScale}\n` +
      `logging:\n  dir: ${logs}\n${extraYaml}`,
  );
  const env = { ...process.env, ORCHESTAI_CONFIG: config, ORCHESTAI_STATE_DIR: join(dir, 'state'), NO_COLOR: '1' };
  return { dir, config, logs, env };
}

export function runCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd ?? repoRoot, env: options.env ?? process.env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

export function startCli(args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env, stdio: 'pipe' });
}
