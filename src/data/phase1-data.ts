import type { Phase1Config } from '../config/schema.js';
import type { TaskSample } from '../types.js';
import { augmentSamples, type AugmentationReport } from './augment.js';
import type { Domain } from './domain.js';
import { splitByHash } from './split.js';
import { stepPhrasedSamples, type StepPhrasingReport } from './step-phrasing.js';
import { synthesizeSamples, type SyntheticReport } from './synthetic.js';

/**
 * Phase 1 training data for one domain: the imported samples split by id
 * hash, then (switchable in config training.phase1) augmented copies,
 * step-phrased copies (step-phrasing.ts) and synthetic tool-graph samples
 * added to the TRAINING side only, so
 * validation stays comparable to the published test data.
 */

export interface Phase1DataReport {
  readonly imported: number;
  readonly train: number;
  readonly validation: number;
  /** Held out of training to calibrate decoding. */
  readonly calibration: number;
  /** Null when training.phase1.augmentation is false. */
  readonly augmentation: AugmentationReport | null;
  /** Null when training.phase1.synthetic is false. */
  readonly synthetic: SyntheticReport | null;
  /** Null when training.phase1.step_phrasing is false. */
  readonly stepPhrasing: StepPhrasingReport | null;
  /** Training samples after additions. */
  readonly trainTotal: number;
}

export interface Phase1Data<T extends TaskSample> {
  readonly train: (T | TaskSample)[];
  readonly validation: T[];
  readonly calibration: T[];
  readonly report: Phase1DataReport;
}

/** `synthetic_count` 0 means automatic: a quarter of the real training samples. */
export function syntheticCountFor(config: Pick<Phase1Config, 'synthetic_count'>, trainSize: number): number {
  return config.synthetic_count > 0 ? config.synthetic_count : Math.round(trainSize / 4);
}

export function preparePhase1Data<T extends TaskSample>(
  samples: readonly T[],
  domain: Pick<Domain, 'tools' | 'links'>,
  config: Pick<Phase1Config, 'seed' | 'val_fraction' | 'augmentation' | 'synthetic' | 'synthetic_count'> & Partial<Pick<Phase1Config, 'calibration_fraction' | 'step_phrasing'>>,
): Phase1Data<T> {
  const { train, validation, calibration } = splitByHash(samples, { seed: config.seed, valFraction: config.val_fraction, calibrationFraction: config.calibration_fraction ?? 0 });
  const augmented = config.augmentation ? augmentSamples(train, { seed: config.seed }) : null;
  const synthetic = config.synthetic ? synthesizeSamples(domain, { seed: config.seed, count: syntheticCountFor(config, train.length), lengths: train.map((s) => s.nodes.length), dagShare: shareOfDags(train) }) : null;
  const phrased = config.step_phrasing ? stepPhrasedSamples(train, { seed: config.seed }) : null;
  const all: (T | TaskSample)[] = [...train, ...(augmented?.samples ?? []), ...(phrased?.samples ?? []), ...(synthetic?.samples ?? [])];
  return {
    train: all,
    validation,
    calibration,
    report: {
      imported: samples.length,
      train: train.length,
      validation: validation.length,
      calibration: calibration.length,
      augmentation: augmented?.report ?? null,
      synthetic: synthetic?.report ?? null,
      stepPhrasing: phrased?.report ?? null,
      trainTotal: all.length,
    },
  };
}

/** Forks in synthetic data follow the real data: UltraTool has no DAG samples, so it gets none. */
function shareOfDags(samples: readonly TaskSample[]): number {
  return samples.length ? samples.filter((s) => s.type === 'dag').length / samples.length : 0;
}
