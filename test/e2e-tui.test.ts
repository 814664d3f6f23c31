/**
 * End to end in a real terminal: tmux runs `node bin/orchestai` (the built
 * CLI, so `npm run build` first; `npm test` does), the instruction is typed,
 * and the captured screen must show every plan node with its worker, latency
 * in ms and cost in $. Then Ctrl-C twice quits with exit code 0.
 * Each test run uses its own tmux server socket (-L) so it never touches
 * anyone else's tmux sessions.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const INSTRUCTION = 'Transcribe example.wav, summarize the transcript and translate the summary into German';
const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
if (!hasTmux) console.warn('e2e-tui: tmux is not installed, skipping the terminal end-to-end test (apt-get install -y tmux)');

const socket = `orchestai-e2e-${process.pid}`;
const session = 'tui';
const tmux = (...args: string[]): string => execFileSync('tmux', ['-u', '-L', socket, ...args], { encoding: 'utf8' });
const captureTui = (): string => tmux('capture-pane', '-p', '-t', session);

async function waitForScreen(predicate: (screen: string) => boolean, what: string, capture: () => string = captureTui, timeoutMs = 40_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let screen = '';
  while (Date.now() < deadline) {
    screen = capture();
    if (predicate(screen)) return screen;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}; screen was:\n${screen}`);
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** kill-server leaves the socket file behind; remove it too so test runs do not pile them up. */
function killTmuxServer(run: (...args: string[]) => string): void {
  let socketPath = '';
  try {
    socketPath = run('display-message', '-p', '#{socket_path}').trim();
    run('kill-server');
  } catch {
    // already gone
  }
  if (socketPath) rmSync(socketPath, { force: true });
}

describe.skipIf(!hasTmux)('interactive TUI in tmux (120x40)', () => {
  let dir: string;

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
    dir = mkdtempSync(join(tmpdir(), 'orchestai-e2e-tui-'));
    writeFileSync(
      join(dir, 'config.yaml'),
      [
        'planner:',
        `  data_dir: ${JSON.stringify(join(ROOT, 'data'))}`,
        `  checkpoint_dir: ${JSON.stringify(join(ROOT, 'checkpoints'))}`,
        'workers:',
        '  sim:',
        '    time_scale: 0.02',
        'logging:',
        '  enabled: true',
        `  dir: ${JSON.stringify(join(dir, 'logs'))}`,
        '',
      ].join('\n'),
    );
    const env = [
      `ORCHESTAI_STATE_DIR=${shellQuote(join(dir, 'state'))}`,
      `ORCHESTAI_CONFIG=${shellQuote(join(dir, 'config.yaml'))}`,
      'NO_COLOR=',
    ].join(' ');
    // The shell stays after the app exits so its exit code can be read off the screen.
    const command = `cd ${shellQuote(ROOT)} && env ${env} node bin/orchestai; echo "EXIT=$?"; sleep 60`;
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', command);
  });

  afterAll(() => {
    killTmuxServer(tmux);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs the instruction and shows each node with worker, latency and cost, then quits on Ctrl-C', async () => {
    await waitForScreen((s) => s.includes('OrchestAI · domain'), 'the welcome line');
    tmux('send-keys', '-t', session, '-l', INSTRUCTION);
    await waitForScreen((s) => s.includes('summary into German'), 'the typed instruction');
    tmux('send-keys', '-t', session, 'Enter');
    const screen = await waitForScreen((s) => /✓ succeeded|✗ failed/.test(s), 'the run to finish');

    const titles = screen.match(/[┌╔]─ n\d+ /g) ?? [];
    expect(titles.length).toBeGreaterThan(0);
    // Row under each title: worker and state; the row after: latency, cost, tokens.
    const workerRows = screen.match(/[│║] [\w./:-]+…?\s+(✓ done|✗ failed|⊘ skipped)[│║]/g) ?? [];
    const figureRows = screen.match(/[│║] \d+ms( ·)? \$\d[\d.e-]*/g) ?? [];
    expect(workerRows.length).toBe(titles.length);
    expect(figureRows.length).toBeGreaterThanOrEqual(screen.match(/✓ done/g)?.length ?? 0);
    // Totals: full labels, or the short ones when the line would not fit.
    expect(screen).toMatch(/wall [\d.]+m?s · (critical path|crit) [\d.]+m?s · (speed-up )?[\d.]+x · (cost )?\$[\d.]+/);
    expect(screen).toMatch(/(planner )?(learned|retrieval) \(?(conf )?[\d.]+\)?/);

    tmux('send-keys', '-t', session, 'C-c');
    await waitForScreen((s) => s.includes('press Ctrl-C again'), 'the quit hint');
    tmux('send-keys', '-t', session, 'C-c');
    await waitForScreen((s) => s.includes('EXIT=0'), 'the app to exit with code 0');
  });
});

/** Metrics lines shaped like the trainers' (kept inline: test/ files do not import src/ test support). */
function metricsLine(kind: string, phase: string, extra: Record<string, unknown>): string {
  return `${JSON.stringify({ kind, phase, t: new Date().toISOString(), elapsed_s: 1, ...extra })}\n`;
}

for (const term of ['screen', 'xterm-256color']) {
  describe.skipIf(!hasTmux)(`monitor in tmux at 80x24, TERM=${term}`, () => {
    const monSocket = `orchestai-e2e-mon-${process.pid}-${term}`;
    const mon = (...args: string[]): string => execFileSync('tmux', ['-u', '-L', monSocket, ...args], { encoding: 'utf8' });
    const capture = (): string => mon('capture-pane', '-p', '-t', session);
    let dir: string;
    let file: string;

    beforeAll(() => {
      if (!existsSync(join(ROOT, 'dist/monitor/screen.js'))) throw new Error('dist/monitor/screen.js is missing: run `npm run build` first (npm test does)');
      dir = mkdtempSync(join(tmpdir(), 'orchestai-e2e-mon-'));
      file = join(dir, 'metrics.jsonl');
      writeFileSync(file, metricsLine('start', 'phase1', { total_epochs: 5, message: 'phase1 start' }));
      const script = `import('./dist/monitor/screen.js').then((m) => m.runMonitorScreen({ file: ${JSON.stringify(file)}, intervalMs: 100 })).then((c) => process.exit(c))`;
      mon('new-session', '-d', '-s', session, '-x', '80', '-y', '24', `cd ${shellQuote(ROOT)} && TERM=${term} LANG=C.UTF-8 node -e ${shellQuote(script)}; echo "EXIT=$?"; sleep 60`);
    });

    afterAll(() => {
      killTmuxServer(mon);
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('follows appended epochs, counts a malformed line, restarts after truncation and quits on q', async () => {
      await waitForScreen((s) => s.includes('recent epochs') && s.includes('q quits'), 'the monitor screen', capture);
      for (let epoch = 1; epoch <= 3; epoch++) {
        appendFileSync(file, metricsLine('epoch', 'phase1', { epoch, total_epochs: 5, metrics: { train_loss: 2 / epoch, val_loss: 2.5 / epoch, val_node_f1: 0.5 + epoch / 10, val_link_f1: 0.4 + epoch / 10, lr: 1e-4 } }));
      }
      appendFileSync(file, '{torn\n');
      appendFileSync(file, metricsLine('checkpoint', 'phase1', { epoch: 3, path: 'runs/e2e/checkpoints/epoch-3' }));
      let screen = await waitForScreen((s) => s.includes('epoch 3/5') && s.includes('1 malformed'), 'three epochs and the malformed count', capture);
      expect(screen).toMatch(/\n│?3\s+0\.6667\s+0\.8333/);
      expect(screen).toContain('saved runs/e2e/check');
      expect(screen).not.toMatch(/lqq|qqk|mqq/);

      // A new run reuses the file: truncate and write a phase-2 run.
      writeFileSync(file, metricsLine('step', 'phase2', { step: 1, total_steps: 10, metrics: { reward: 0.2, success: 0.5, cost_usd: 0.001, lr: 3e-4 } }));
      screen = await waitForScreen((s) => s.includes('recent iterations') && s.includes('step 1/10'), 'the phase-2 run after truncation', capture);
      expect(screen).not.toContain('malformed');
      expect(screen).toContain('reward');

      mon('send-keys', '-t', session, 'q');
      await waitForScreen((s) => s.includes('EXIT=0'), 'the monitor to exit with code 0', capture);
    });
  });
}
