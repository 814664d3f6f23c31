import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { MetricsSummary } from '../../monitor/metrics-summary.js';
import { phase1Lines, phase2Lines } from '../../monitor/test-support/metrics-fixture.js';
import type { MetricsLine } from '../../types.js';
import { ColorContext } from '../components/theme.js';
import { FakeStdin, FakeStdout, asReadStream, asWriteStream } from '../test-support/fake-streams.js';
import { Dashboard } from './Dashboard.js';
import { progressBar } from './ProgressBar.js';
import { runTrainingDashboard } from './index.js';

const summaryOf = (lines: readonly MetricsLine[]): MetricsSummary => {
  const s = new MetricsSummary();
  for (const l of lines) s.add(l);
  return s;
};

describe('Dashboard', () => {
  it('charts phase 1 loss, F1 and learning rate with progress and the last checkpoint', () => {
    const summary = summaryOf(phase1Lines(6, 10));
    const frame = render(<Dashboard title="huggingface" phase="phase1" summary={summary} width={100} height={30} state="training" version={1} metricsPath="runs/x/metrics.jsonl" />).lastFrame() ?? '';
    expect(frame).toContain('OrchestAI training · phase1 · huggingface');
    expect(frame).toMatch(/\[█+░+\]\s+60% epoch 6\/10 · step 24\/40 · ETA 24s · 41\d examples\/s · elapsed 36s/);
    expect(frame).toMatch(/loss\s+train 0\.4286 val 0\.5\s/);
    expect(frame).toMatch(/val F1 node\/link\s+node 0\.9 link 0\.8667/);
    expect(frame).toMatch(/lr\s+lr 7\.35e-5/);
    expect(frame).toMatch(/[╭╰]─/);
    expect(frame).toContain('last checkpoint: runs/p1-demo/checkpoints/epoch-6 (epoch 6)');
    expect(frame).toContain('metrics: runs/x/metrics.jsonl');
  });

  it('charts phase 2 reward, success, cost and learning rate', () => {
    const summary = summaryOf(phase2Lines(10));
    const frame = render(<Dashboard title="t" phase="phase2" summary={summary} width={100} height={30} state="finished" version={1} />).lastFrame() ?? '';
    for (const title of ['reward', 'success', 'cost $', 'lr']) expect(frame).toContain(` ${title} `);
    expect(frame).toContain('episodes/s');
    expect(frame).toContain('value_loss');
    expect(frame).toContain('training finished');
  });

  it('draws only the first series without colour and says so', () => {
    const summary = summaryOf(phase1Lines(3));
    const frame =
      render(
        <ColorContext.Provider value={false}>
          <Dashboard title="t" phase="phase1" summary={summary} width={100} height={30} state="training" version={1} />
        </ColorContext.Provider>,
      ).lastFrame() ?? '';
    expect(frame).toContain('(not drawn)');
  });

  it('renders a progress bar of fixed width', () => {
    expect(progressBar(0.5, 10)).toBe('[█████░░░░░]  50%');
    expect(progressBar(undefined, 4)).toBe('[····]  ?%');
  });
});

describe('runTrainingDashboard', () => {
  it('resolves with the training result and leaves the finished frame on screen', async () => {
    const stdout = new FakeStdout();
    const result = await runTrainingDashboard({
      title: 'demo',
      phase: 'phase1',
      stdout: asWriteStream(stdout),
      stdin: asReadStream(new FakeStdin()),
      throttleMs: 1,
      start: async (onMetrics) => {
        for (const l of phase1Lines(3, 3)) onMetrics(l);
        return 42;
      },
    });
    expect(result).toBe(42);
    expect(stdout.text()).toContain('training finished');
    expect(stdout.text()).toContain('epoch 3/3');
  });

  it('q detaches the UI while training goes on to completion', async () => {
    const stdout = new FakeStdout();
    const stdin = new FakeStdin();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let signalSeen: AbortSignal | undefined;
    const done = runTrainingDashboard({
      title: 'demo',
      phase: 'phase1',
      metricsPath: 'runs/abc/metrics.jsonl',
      stdout: asWriteStream(stdout),
      stdin: asReadStream(stdin),
      throttleMs: 1,
      start: async (onMetrics, signal) => {
        signalSeen = signal;
        onMetrics(phase1Lines(1)[0]!);
        await gate;
        return 'trained';
      },
    });
    await vi.waitFor(() => expect(stdout.text()).toContain('q detaches'));
    stdin.write('q');
    await vi.waitFor(() => expect(stdout.text()).toContain('training continues in this process. Metrics: runs/abc/metrics.jsonl'));
    expect(signalSeen?.aborted).toBe(false);
    release();
    await expect(done).resolves.toBe('trained');
  });

  it('Ctrl-C aborts the signal given to training', async () => {
    const stdin = new FakeStdin();
    const stdout = new FakeStdout();
    const done = runTrainingDashboard({
      title: 'demo',
      phase: 'phase2',
      stdout: asWriteStream(stdout),
      stdin: asReadStream(stdin),
      throttleMs: 1,
      start: (_onMetrics, signal) => new Promise<string>((resolve) => signal.addEventListener('abort', () => resolve('stopped'))),
    });
    await vi.waitFor(() => expect(stdout.text()).toContain('Ctrl-C stops training'));
    stdin.write('\u0003');
    await expect(done).resolves.toBe('stopped');
    expect(stdout.text()).toContain('training stopped at your request');
  });
});
