import type { MetricsLine } from '../types.js';
import { abortOnSigint } from './interrupt.js';
import { quietTfjs } from './quiet-tfjs.js';

type Start<T> = (onMetrics: (line: MetricsLine) => void, signal: AbortSignal) => Promise<T>;

function plainLine(line: MetricsLine): string | undefined {
  const m = line.metrics ?? {};
  const fmt = (k: string, digits = 4): string | undefined => (m[k] === undefined ? undefined : `${k}=${(m[k] ?? 0).toFixed(digits)}`);
  switch (line.kind) {
    case 'start':
    case 'info':
    case 'done':
      return line.message ? `[${line.phase}] ${line.message}` : undefined;
    case 'checkpoint':
      return `[${line.phase}] checkpoint saved: ${line.path ?? ''}`;
    case 'epoch': {
      const parts = Object.keys(m).map((k) => fmt(k, k === 'lr' ? 6 : 4)).filter(Boolean);
      const of = line.total_epochs ? `/${line.total_epochs}` : '';
      return `[${line.phase}] epoch ${line.epoch ?? '?'}${of} ${parts.join(' ')} (${line.elapsed_s.toFixed(1)} s)`;
    }
    case 'step':
      return undefined;
    default:
      return undefined;
  }
}

/** CI=0 / CI=false mean "not CI", as Ink reads it. */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const set = (k: string): boolean => k in env && env[k] !== '0' && env[k] !== 'false';
  return set('CI') || set('CONTINUOUS_INTEGRATION');
}

/**
 * Runs a training job under the Ink dashboard in a terminal, or with one plain
 * line per epoch on stderr otherwise. Ctrl-C stops training after the current step.
 */
export async function runTrainingWithUi<T>(phase: 'phase1' | 'phase2', title: string, start: Start<T>, metricsPath?: string): Promise<T> {
  await quietTfjs();
  if (process.stdout.isTTY && process.stdin.isTTY && !inCi()) {
    const { runTrainingDashboard } = await import('../tui/dashboard/index.js');
    return runTrainingDashboard({ title, phase, start, ...(metricsPath ? { metricsPath } : {}) });
  }
  if (metricsPath) process.stderr.write(`[${phase}] metrics: ${metricsPath}\n`);
  const interrupt = abortOnSigint();
  try {
    return await start((line) => {
      const text = plainLine(line);
      if (text) process.stderr.write(`${text}\n`);
    }, interrupt.signal);
  } finally {
    interrupt.dispose();
  }
}
