import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, workspace } from './helpers/cli.js';

function logLines(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .filter(Boolean);
}

const INSTRUCTION = 'Transcribe example.wav, summarize the transcript and translate the summary into German';

describe('orchestai CLI end to end on the sim zoo', () => {
  it('run --json prints one object with plan, per-node results and totals, and logs one record', async () => {
    const ws = workspace();
    const r = await runCli(['run', INSTRUCTION, '--json'], { env: ws.env });
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    const out = JSON.parse(r.stdout) as {
      plan: { nodes: { id: string; task: string; worker: string }[]; planner: { name: string } };
      nodes: { status: string; worker: string; latencyMs: number; costUsd: number }[];
      totals: { costUsd: number; criticalPathMs: number; speedup: number };
      simulated: boolean;
    };
    expect(out.plan.nodes.length).toBeGreaterThan(0);
    expect(out.plan.nodes.every((n) => n.worker)).toBe(true);
    expect(out.nodes).toHaveLength(out.plan.nodes.length);
    expect(out.totals.costUsd).toBeGreaterThan(0);
    expect(out.simulated).toBe(true);
    const lines = logLines(ws.logs);
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0] ?? '{}') as { instruction: string; planner: { name: string }; nodes: unknown[] };
    expect(record.instruction).toBe(INSTRUCTION);
    expect(record.nodes).toHaveLength(out.plan.nodes.length);
  });

  it('run streams one human-readable line per node event', async () => {
    const ws = workspace();
    const r = await runCli(['run', 'Generate an image of a cat from the text "a cat on a sofa"', '--domain', 'huggingface'], { env: ws.env });
    expect(r.stdout).toMatch(/plan by/);
    expect(r.stdout).toMatch(/▶ node-0/);
    expect(r.stdout).toMatch(/run (succeeded|failed)/);
  });

  it('--batch keeps input order and ids, turns a malformed line into an error record, loses nothing', async () => {
    const ws = workspace();
    const lines: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      lines.push(i % 2 ? JSON.stringify({ id: `q${i}`, instruction: `Describe the image photo${i}.jpg and read the description aloud` }) : `Translate sentence number ${i} into French`);
      if (i === 9) lines.push('{"id": "broken", "instruction": ');
    }
    const input = join(ws.dir, 'batch.jsonl');
    writeFileSync(input, lines.join('\n'));
    const r = await runCli(['--batch', input, '--concurrency', '4'], { env: ws.env });
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; line: number; status: string; error?: string });
    expect(out).toHaveLength(21);
    expect(out.map((o) => o.line)).toEqual([...out.map((o) => o.line)].sort((a, b) => a - b));
    const errors = out.filter((o) => o.status === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error).toMatch(/^line 11: not valid JSON/);
    const failed = out.filter((o) => o.status !== 'succeeded').length;
    expect(r.stderr).toContain(`batch: 21 instruction(s), ${21 - failed} succeeded, ${failed} did not`);
    expect(r.stderr).toMatch(/line 11: error: not valid JSON/);
    expect(out[1]?.id).toBe('q1');
    expect(logLines(ws.logs)).toHaveLength(20);
    expect([0, 1]).toContain(r.code);
  });

  it('a --batch process killed with SIGKILL mid-run leaves every log line parseable', async () => {
    const ws = workspace('', 0.2);
    const input = join(ws.dir, 'batch.txt');
    writeFileSync(input, Array.from({ length: 200 }, (_, i) => `Translate sentence ${i} into Spanish`).join('\n'));
    const child = startCli(['--batch', input, '--concurrency', '8'], ws.env);
    child.stdout?.resume();
    child.stderr?.resume();
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const timer = setInterval(() => {
        if (logLines(ws.logs).length >= 3) {
          clearInterval(timer);
          resolve();
        } else if (Date.now() - started > 45_000) {
          clearInterval(timer);
          reject(new Error('no execution log lines appeared within 45 s'));
        }
      }, 20);
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    const raw = readdirSync(ws.logs).map((f) => readFileSync(join(ws.logs, f), 'utf8')).join('');
    expect(raw.endsWith('\n')).toBe(true);
    for (const line of raw.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('reads instructions line by line when stdin is not a terminal', async () => {
    const ws = workspace();
    const r = await runCli([], { env: ws.env, input: 'Transcribe example.wav\n' });
    expect(r.stdout).toMatch(/plan by/);
    expect(r.stdout).toMatch(/run (succeeded|failed)/);
  });

  it('an invalid config names the file and the field and exits 2', async () => {
    const ws = workspace('executor:\n  concurrency: -3\n');
    const r = await runCli(['run', 'hello'], { env: ws.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(ws.config);
    expect(r.stderr).toContain('executor.concurrency');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a plan that cannot fit the budget, and fits one that can', async () => {
    const ws = workspace();
    const tight = await runCli(['run', INSTRUCTION, '--budget', '0.0000001'], { env: ws.env });
    expect(tight.code).toBe(2);
    expect(tight.stderr).toMatch(/over the budget of \$/);
    expect(logLines(ws.logs)).toHaveLength(0);
    const roomy = await runCli(['run', INSTRUCTION, '--budget', '0.05', '--json'], { env: ws.env });
    const out = JSON.parse(roomy.stdout) as { totals: { costUsd: number } };
    expect(out.totals.costUsd).toBeLessThanOrEqual(0.05);
  });

  it('an unknown domain exits 2 with the known ones', async () => {
    const ws = workspace();
    const r = await runCli(['run', 'hello', '--domain', 'nope'], { env: ws.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown domain "nope".*huggingface/);
  });

  it('models lists the simulated zoo with prices', async () => {
    const ws = workspace();
    const r = await runCli(['models'], { env: ws.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/gpt-4o-mini/);
    expect(r.stdout).toMatch(/simulated/);
  });

  it('config check accepts the shipped config', async () => {
    const ws = workspace();
    const r = await runCli(['config', 'check'], { env: ws.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/config ok/);
  });

  it('every command has --help', async () => {
    const commands = [
      ['--help'],
      ['run', '--help'],
      ['plan', '--help'],
      ['eval', '--help'],
      ['eval', 'phase2', '--help'],
      ['data', 'prepare', '--help'],
      ['train', 'phase1', '--help'],
      ['train', 'phase2', '--help'],
      ['monitor', '--help'],
      ['models', '--help'],
      ['config', 'check', '--help'],
    ];
    for (const args of commands) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/orchestai/);
    }
  });

  it('a command group without its subcommand says which ones exist (exit 2)', async () => {
    const r = await runCli(['train']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/train phase1/);
  });

  it('an unknown flag is a usage error (exit 2)', async () => {
    const r = await runCli(['run', 'x', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument/i);
  });
});

describe('orchestai run --plan', () => {
  it('runs a user-written plan, in parallel where the DAG allows', async () => {
    const ws = workspace();
    const file = join(ws.dir, 'plan.json');
    writeFileSync(
      file,
      JSON.stringify({
        nodes: [
          { id: 'a', task: 'Automatic Speech Recognition', deps: [] },
          { id: 'b', task: 'Summarization', deps: ['a'] },
          { id: 'c', task: 'Text-to-Speech', deps: ['a'] },
        ],
      }),
    );
    const r = await runCli(['run', '--plan', file, '--json'], { env: ws.env });
    const out = JSON.parse(r.stdout) as { nodes: { id: string; status: string }[]; plan: { planner: { name: string } } };
    expect(out.plan.planner.name).toBe('user');
    expect(out.nodes.map((n) => n.id).sort()).toEqual(['a', 'b', 'c']);
  });

  it('refuses an unknown task, an unknown worker and a cycle with exit 2 and no stack trace', async () => {
    const ws = workspace();
    const cases: [unknown, RegExp][] = [
      [{ nodes: [{ id: 'a', task: 'Audio Enhancement', deps: [] }] }, /unknown task "Audio Enhancement"/],
      [{ nodes: [{ id: 'a', task: 'Summarization', deps: [], worker: 'gpt-9' }] }, /worker "gpt-9"/],
      [{ nodes: [{ id: 'a', task: 'Summarization', deps: ['b'] }, { id: 'b', task: 'Summarization', deps: ['a'] }] }, /cycle/],
      [{ nodes: [{ id: 'a', task: 'Summarization', deps: [], extra: 1 }] }, /nodes\.0/],
    ];
    for (const [plan, message] of cases) {
      const file = join(ws.dir, 'bad.json');
      writeFileSync(file, JSON.stringify(plan));
      const r = await runCli(['run', '--plan', file], { env: ws.env });
      expect(r.code, JSON.stringify(plan)).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
