/**
 * The paper-scale config of man-2022-homeostatic and its parsed lists (datasets,
 * learners), shared by the experiment's spec and its units.
 */
import type { ConfigRange } from '../../src/experiment/index.js';
import { ConfigError } from '../../src/util/index.js';
import { LEARNERS, type LearnerId } from './learners.js';

export const ID = 'man-2022-homeostatic';

export type DatasetName = 'mnist' | 'fashion-mnist';
/** Prefix of a dataset's metrics and series. */
export const SHORT: Readonly<Record<DatasetName, string>> = { mnist: 'mnist', 'fashion-mnist': 'fashion' };

/** The paper-scale config. */
export const DEFAULTS = {
  datasets: 'mnist,fashion-mnist',
  // LRC, LRH (memoryStep) and the constant at LRH's mean η are needed by the claims; the others are reported.
  learners: 'lrc,lrhMemory,lrhMinibatch,lrr,adwin,lrcMean',
  // 'off' (the control): the homeostatic learners run at a constant η₀.
  homeostasis: 'on',
  swaps: [0, 2, 10, 50] as readonly number[],
  // Samples per epoch: S = 50 then swaps every 200 samples (the paper: every 1,200).
  trainCount: 10_000,
  valCount: 2_000,
  epochs: 5,
  batchSize: 10,
  // η₀ = 1e-3 (the paper) barely trains in a few epochs of a subsample; 0.02 does (Δ = η₀/10 follows).
  lr0: 0.02,
  seeds: 3,
  secondOrderTrainCount: 2_000,
  secondOrderEpochs: 12,
  secondOrderSeeds: 3,
  seed: 0,
};

/** The experiment's config type. */
export type HomeostaticConfig = typeof DEFAULTS;

/**
 * What each number key may take (`parseConfig` checks them); S = 0 swaps is the no-shift baseline.
 * Limits: ConfigRange.limit's rule (a power of ten ≥ 100× the paper default for
 * counts, ≥ 10× for widths).
 */
export const RANGES: { readonly [K in keyof HomeostaticConfig]?: ConfigRange } = {
  swaps: { integer: true, min: 0, limit: 10_000 },
  trainCount: { integer: true, min: 1, limit: 1_000_000 },
  valCount: { integer: true, min: 1, limit: 1_000_000 },
  epochs: { integer: true, min: 1, limit: 1_000 },
  batchSize: { integer: true, min: 1, limit: 1_000 },
  lr0: { min: 0 },
  seeds: { integer: true, min: 1, limit: 1_000 },
  secondOrderTrainCount: { integer: true, min: 1, limit: 1_000_000 },
  secondOrderEpochs: { integer: true, min: 1, limit: 10_000 },
  secondOrderSeeds: { integer: true, min: 1, limit: 1_000 },
  seed: { integer: true },
};

function parseList<T extends string>(key: string, raw: string, allowed: readonly T[], required: readonly T[]): T[] {
  const items = raw.split(',').map((s) => s.trim());
  const bad = items.find((s) => !allowed.includes(s as T));
  const missing = required.find((r) => !items.includes(r));
  if (bad !== undefined || missing !== undefined || items.length === 0) {
    throw new ConfigError(`${ID}(config).${key}`, { what: 'invalid list', expected: `a comma list of ${allowed.join(', ')} including ${required.join(', ') || 'one'}`, received: raw });
  }
  return items as T[];
}

/** The datasets of a config, in run order. @throws ConfigError on an unknown name */
export const datasetList = (config: Readonly<HomeostaticConfig>): DatasetName[] => parseList<DatasetName>('datasets', config.datasets, ['mnist', 'fashion-mnist'], []);

/** The learners of a config, in report order. @throws ConfigError when one the claims need is absent */
export const learnerList = (config: Readonly<HomeostaticConfig>): LearnerId[] => parseList<LearnerId>('learners', config.learners, LEARNERS, ['lrc', 'lrhMemory', 'lrcMean']);
