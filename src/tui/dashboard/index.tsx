/**
 * Runs a training job under a live Ink dashboard. `q` detaches the UI while
 * training runs on to completion in this process; Ctrl-C asks training to stop
 * (the AbortSignal passed to `start`), a second Ctrl-C detaches too.
 */
import { render, useApp, useInput } from 'ink';
import { useEffect, type ReactElement } from 'react';
import { MetricsSummary, type Phase } from '../../monitor/metrics-summary.js';
import type { MetricsLine } from '../../types.js';
import { ColorContext } from '../components/theme.js';
import { useTerminalSize } from '../hooks/useTerminalSize.js';
import { Dashboard, type DashboardState } from './Dashboard.js';

export interface TrainingDashboardOptions<T> {
  readonly title: string;
  readonly phase: Phase;
  readonly start: (onMetrics: (line: MetricsLine) => void, signal: AbortSignal) => Promise<T>;
  /** Where metrics.jsonl is written, shown in the footer and when detaching. */
  readonly metricsPath?: string;
  readonly stdout?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
  readonly noColor?: boolean;
  /** Minimum ms between redraws; metrics can arrive every few ms. */
  readonly throttleMs?: number;
}

interface Controls {
  readonly summary: MetricsSummary;
  readonly onQuit: () => void;
  readonly onInterrupt: () => void;
}

interface DashboardAppProps {
  readonly title: string;
  readonly phase: Phase;
  readonly metricsPath?: string;
  readonly controls: Controls;
  readonly state: DashboardState;
  readonly version: number;
}

function DashboardApp({ title, phase, metricsPath, controls, state, version }: DashboardAppProps) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  useEffect(() => {
    if (state === 'finished' || state === 'stopped' || state === 'failed') exit();
  }, [state, exit]);
  useInput((input, key) => {
    if (key.ctrl && input === 'c') controls.onInterrupt();
    else if (input === 'q' || key.escape) controls.onQuit();
  });
  return (
    <Dashboard
      title={title}
      phase={phase}
      summary={controls.summary}
      width={Math.max(40, columns - 1)}
      height={rows}
      state={state}
      version={version}
      {...(metricsPath ? { metricsPath } : {})}
    />
  );
}

export async function runTrainingDashboard<T>(options: TrainingDashboardOptions<T>): Promise<T> {
  const stdout = options.stdout ?? process.stdout;
  const summary = new MetricsSummary(options.phase);
  const controller = new AbortController();
  let state: DashboardState = 'training';
  let attached = true;
  let timer: NodeJS.Timeout | null = null;
  let lastNotify = 0;
  let version = 0;
  const throttleMs = options.throttleMs ?? 100;
  const color = !(options.noColor ?? Boolean(process.env.NO_COLOR));
  let instance: ReturnType<typeof render> | null = null;
  // Redraws go through rerender(), which renders synchronously; a setState inside the app would wait
  // for a macrotask that a trainer busy between awaits may not give until it is done.
  const tree = (): ReactElement => (
    <ColorContext.Provider value={color}>
      <DashboardApp title={options.title} phase={options.phase} controls={controls} state={state} version={version} {...(options.metricsPath ? { metricsPath: options.metricsPath } : {})} />
    </ColorContext.Provider>
  );
  const notify = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    lastNotify = Date.now();
    version += 1;
    if (attached) instance?.rerender(tree());
  };
  // A trainer that computes between awaits starves timers, so a due redraw happens right here,
  // synchronously, instead of waiting for a setTimeout that may not fire until training ends.
  const schedule = (): void => {
    if (Date.now() - lastNotify >= throttleMs) notify();
    else if (!timer) timer = setTimeout(notify, throttleMs);
  };

  const onSigint = (): void => controller.abort();
  const detach = (): void => {
    if (!attached) return;
    attached = false;
    instance?.unmount();
    const where = options.metricsPath ?? 'the run directory (metrics.jsonl)';
    stdout.write(`Dashboard closed; training continues in this process. Metrics: ${where}. Ctrl-C stops training.\n`);
    stdout.write(`Follow it from another terminal: orchestai monitor ${options.metricsPath ?? 'runs/<id>'}\n`);
    // Without the UI, Ctrl-C still means "stop training", not "kill the process mid-write".
    process.once('SIGINT', onSigint);
  };
  const controls: Controls = {
    summary,
    onQuit: detach,
    onInterrupt() {
      if (state === 'stopping') return detach();
      state = 'stopping';
      controller.abort();
      notify();
    },
  };

  instance = render(tree(), {
    stdout,
    ...(options.stdin ? { stdin: options.stdin } : {}),
    exitOnCtrlC: false,
    // Console patching only makes sense on the real terminal (and breaks under test runners).
    patchConsole: options.stdout === undefined,
    maxFps: 10,
  });

  try {
    const result = await options.start((line) => {
      summary.add(line);
      schedule();
    }, controller.signal);
    state = controller.signal.aborted ? 'stopped' : 'finished';
    return result;
  } catch (err) {
    state = 'failed';
    throw err;
  } finally {
    if (timer) clearTimeout(timer);
    notify();
    if (attached) {
      // The app exits itself once it has drawn the finished (or failed) frame.
      await instance.waitUntilExit().catch(() => undefined);
    }
    process.off('SIGINT', onSigint);
  }
}
