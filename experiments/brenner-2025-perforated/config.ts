/**
 * The paper-scale config of brenner-2025-perforated and the datasets it can use
 * (shared by the experiment's spec and its units).
 */
import { MNIST_NORMALIZATION } from '../../src/data/index.js';
import type { ConfigRange, ImageDatasetName } from '../../src/experiment/index.js';

/** Pixel mean and std of the Fashion-MNIST training split (as in cnn-fashion-mnist). */
const FASHION_NORMALIZATION = Object.freeze({ mean: 0.286, std: 0.3528 });

/** Short key of a dataset: the prefix of its metrics (`mnistGap`, `fashionGap`). */
export type DatasetKey = 'mnist' | 'fashion';

/** The datasets, in the order they are run, merged and reported. */
export const DATASETS: readonly { key: DatasetKey; name: ImageDatasetName; normalize: { mean: number; std: number } }[] = [
  { key: 'mnist', name: 'mnist', normalize: MNIST_NORMALIZATION },
  { key: 'fashion', name: 'fashion-mnist', normalize: FASHION_NORMALIZATION },
];

/** The paper-scale config. */
export const DEFAULTS = {
  datasets: 'both',
  // 784-8-10: narrow enough to underfit the full training set (train ≈ validation accuracy), the
  // regime in which added dendrites are extra capacity rather than extra overfitting.
  narrowHidden: 8,
  // 0: per seed, the smallest width > narrowHidden whose parameter count is >= that seed's perforated model's.
  wideHidden: 0,
  // 'off' runs only the CNN arm.
  mlpArm: 'on',
  // Small CNN (conv 1→c→2c, 3×3, two 2×2 pools, linear to 10), Conv2d and Linear layers perforated.
  cnnArm: 'on',
  cnnChannels: 2,
  cnnWideChannels: 0,
  seeds: 3,
  // Seeds run are firstSeed … firstSeed + seeds − 1; seed s gives the same numbers whichever run it is in.
  firstSeed: 0,
  epochs: 50,
  batchSize: 64,
  lr: 0.001,
  // ReduceLROnPlateau patience (epochs), below the switch patience as the maintainers recommend.
  lrPatienceEpochs: 2,
  trainCount: 50_000,
  valCount: 10_000,
  testCount: 10_000,
  switchPatienceEpochs: 5,
  correlationPatienceEpochs: 3,
  // Budget guard: with any-neuron improvement the |cov| patience rarely ends a phase, and the cap at the
  // preceding neuron phase's length would spend a large share of the budget on one correlation phase.
  maxCorrelationEpochs: 4,
  warmupBatches: 100,
  maxDendrites: 3,
  maxDendriteTries: 2,
  gradientArm: 'on',
  // Restart control: does the gap come from the dendrites or from the lr restarts each restructure brings?
  restartArm: 'on',
  // Controls: 'off' trains the perforated arm without dendrites (it is then its own baseline);
  // dendriteTraining 'random' installs candidates at their random draw (correlation phases run, no update).
  dendrites: 'on',
  dendriteTraining: 'correlation',
  seed: 0,
};

/** The experiment's config type. */
export type PerforatedConfig = typeof DEFAULTS;

/**
 * What each number key may take (`parseConfig` checks them). A wide width of 0
 * means "match the perforated model's parameters"; 0 dendrites, 0 warm-up batches
 * and an lr patience of 0 are valid settings of the mechanism and the scheduler.
 * Limits: ConfigRange.limit's rule (a power of ten ≥ 100× the paper default for
 * counts, ≥ 10× for widths).
 */
export const RANGES: { readonly [K in keyof PerforatedConfig]?: ConfigRange } = {
  narrowHidden: { integer: true, min: 1, limit: 100 },
  wideHidden: { integer: true, min: 0, limit: 1_000 },
  cnnChannels: { integer: true, min: 1, limit: 100 },
  cnnWideChannels: { integer: true, min: 0, limit: 1_000 },
  seeds: { integer: true, min: 1, limit: 1_000 },
  firstSeed: { integer: true, min: 0 },
  epochs: { integer: true, min: 1, limit: 10_000 },
  batchSize: { integer: true, min: 1, limit: 10_000 },
  lr: { min: 0 },
  lrPatienceEpochs: { integer: true, min: 0, limit: 1_000 },
  trainCount: { integer: true, min: 1, limit: 10_000_000 },
  valCount: { integer: true, min: 1, limit: 1_000_000 },
  testCount: { integer: true, min: 1, limit: 1_000_000 },
  switchPatienceEpochs: { integer: true, min: 1, limit: 1_000 },
  correlationPatienceEpochs: { integer: true, min: 1, limit: 1_000 },
  maxCorrelationEpochs: { integer: true, min: 1, limit: 1_000 },
  warmupBatches: { integer: true, min: 0, limit: 10_000 },
  maxDendrites: { integer: true, min: 0, limit: 100 },
  maxDendriteTries: { integer: true, min: 1, limit: 1_000 },
  seed: { integer: true },
};
