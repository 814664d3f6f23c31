/** Synthetic metrics.jsonl lines shaped like the trainers' output, for tests and the dev scripts. */
import type { MetricsLine } from '../../types.js';

const T0 = Date.parse('2026-11-24T06:00:00Z');
const at = (s: number): string => new Date(T0 + s * 1000).toISOString();

export function phase1Lines(epochs: number, totalEpochs = epochs, stepsPerEpoch = 4): MetricsLine[] {
  const lines: MetricsLine[] = [{ kind: 'start', phase: 'phase1', t: at(0), elapsed_s: 0, total_epochs: totalEpochs, message: 'phase1 on huggingface: 3200 train / 355 val examples, backend tfjs-node' }];
  let s = 0;
  for (let e = 1; e <= epochs; e++) {
    for (let k = 1; k <= stepsPerEpoch; k++) {
      s += 1.5;
      const step = (e - 1) * stepsPerEpoch + k;
      lines.push({ kind: 'step', phase: 'phase1', t: at(s), elapsed_s: s, epoch: e, total_epochs: totalEpochs, step, total_steps: totalEpochs * stepsPerEpoch, metrics: { train_loss: 3 / (1 + step * 0.3), lr: 1e-4, examples_per_s: 410 + k } });
    }
    lines.push({
      kind: 'epoch',
      phase: 'phase1',
      t: at(s),
      elapsed_s: s,
      epoch: e,
      total_epochs: totalEpochs,
      metrics: { train_loss: 3 / (1 + e), val_loss: 3.2 / (1 + e * 0.9), val_node_f1: 1 - 0.6 / e, val_link_f1: 1 - 0.8 / e, lr: 1e-4 * 0.95 ** e },
    });
    if (e % 2 === 0) lines.push({ kind: 'checkpoint', phase: 'phase1', t: at(s), elapsed_s: s, epoch: e, path: `runs/p1-demo/checkpoints/epoch-${e}` });
  }
  return lines;
}

export function phase2Lines(iterations: number): MetricsLine[] {
  const lines: MetricsLine[] = [{ kind: 'start', phase: 'phase2', t: at(0), elapsed_s: 0, total_steps: iterations, message: 'phase2 PPO, preset balanced' }];
  for (let i = 1; i <= iterations; i++) {
    lines.push({
      kind: 'step',
      phase: 'phase2',
      t: at(i * 2),
      elapsed_s: i * 2,
      step: i,
      total_steps: iterations,
      metrics: { reward: -0.5 + i * 0.05, success: Math.min(1, 0.4 + i * 0.03), cost_usd: 0.002 / (1 + i * 0.1), latency_s: 3 - i * 0.05, kl: 0.01, entropy: 1.2 - i * 0.01, value_loss: 0.5 / i, lr: 3e-4, episodes_per_s: 32 },
    });
  }
  return lines;
}

export const toJsonl = (lines: readonly MetricsLine[]): string => lines.map((l) => `${JSON.stringify(l)}\n`).join('');
