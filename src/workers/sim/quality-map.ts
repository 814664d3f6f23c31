/**
 * The ONE map from a published headline metric to a per-call success
 * probability, applied to every model alike so that no model is favoured by
 * hand. Two steps:
 *  1. normalise the metric to q in [0, 1] (one formula per metric kind, not per model);
 *  2. success = min(cap, floor + (1 - floor) * q).
 * Both steps are monotone, so a better published metric always means a
 * higher success probability within a task.
 */

export type MetricKind = 'percent' | 'fraction' | 'wer' | 'absrel' | 'cider' | 'pesq' | 'si_snri_db' | 'rank' | 'none';

export interface Metric {
  readonly kind: MetricKind;
  readonly value?: number;
}

export interface SuccessMap {
  readonly floor: number;
  readonly cap: number;
}

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/** Normalised quality q in [0, 1]; higher is better for every kind. `none` has no formula (see zoo rules). */
export function normaliseMetric(metric: Metric): number {
  const v = metric.value;
  if (v === undefined) throw new Error(`metric kind "${metric.kind}" needs a value`);
  switch (metric.kind) {
    case 'percent': // MMLU, top-1, box AP, mIoU, VQA accuracy, ANLS
      return clamp01(v / 100);
    case 'fraction': // GenEval, mAP
      return clamp01(v);
    case 'wer': // word error rate in percent, lower is better
      return clamp01(1 - v / 100);
    case 'absrel': // depth absolute relative error, lower is better
      return clamp01(1 - v);
    case 'cider': // unbounded (~0-150 on COCO): saturating transform
      return clamp01(1 - Math.exp(-v / 100));
    case 'pesq': // PESQ MOS-LQO, 1 (bad) to 4.5 (clean)
      return clamp01((v - 1) / 3.5);
    case 'si_snri_db': // separation improvement; 30 dB taken as perfect
      return clamp01(v / 30);
    case 'rank': // only an arena rank is published: #1 -> 0.9, each place lower -0.05
      return clamp01(0.9 - 0.05 * (v - 1));
    case 'none':
      throw new Error('metric kind "none" has no normalisation; the zoo assigns the no-figure quality');
    default: {
      const never: never = metric.kind;
      throw new Error(`unknown metric kind ${String(never)}`);
    }
  }
}

export function successFromQuality(q: number, map: SuccessMap): number {
  return Math.min(map.cap, map.floor + (1 - map.floor) * clamp01(q));
}
