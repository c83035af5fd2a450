/**
 * cnn-fashion-mnist: a small convolutional network (two 3×3 conv + max-pool
 * blocks and a 128-unit hidden layer) trained with Adam on Fashion-MNIST. Small
 * CNNs of this kind score about 90–92% on the Fashion-MNIST test set (Xiao et al.
 * 2017 benchmark); the claim is ≥ 89%. The `untrained` control scores the same
 * network at its random initialisation, so the claim has to come from training.
 */
import { Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '../../src/nn/index.js';
import { defineExperiment } from '../../src/experiment/index.js';
import type { Rng } from '../../src/util/index.js';
import { CLASSIFIER_RANGES, classifierUnits, runClassifierSeed, subsample } from '../common/classifier.js';

/** Pixel mean and std of the Fashion-MNIST training split (measured on the 60,000 training images). */
const FASHION_NORMALIZATION = Object.freeze({ mean: 0.286, std: 0.3528 });

const DEFAULTS = { channels1: 16, channels2: 32, hidden: 128, epochs: 5, batchSize: 64, lr: 0.001, trainCount: 60_000, testCount: 10_000, seeds: 3, training: 'adam', seed: 0 };

export default defineExperiment({
  id: 'cnn-fashion-mnist',
  paper: {
    title: 'Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms',
    authors: 'Xiao, Rasul, Vollgraf',
    year: 2017,
    url: 'https://arxiv.org/abs/1708.07747',
  },
  description: 'A small CNN (conv 16, pool, conv 32, pool, 128, 10) trained with Adam on Fashion-MNIST: the conv path end to end.',
  // seeds: independent seeds (init, shuffling, subsample), each folded from the run's rng by index.
  // training 'none' scores the network at its initialisation (the untrained control).
  defaults: DEFAULTS,
  // Quick: three seeds; smoke: one seed (a single-seed result, allowed there; never met at defaults).
  quick: { epochs: 1, trainCount: 12_000, testCount: 5_000, seeds: 3 },
  smoke: { channels1: 4, channels2: 8, hidden: 16, epochs: 2, trainCount: 1_000, testCount: 300, seeds: 1 },
  choices: { training: ['adam', 'none'] },
  // Limits: ConfigRange.limit's rule (a power of ten ≥ 100× the paper default for counts, ≥ 10× for widths).
  ranges: { ...CLASSIFIER_RANGES, channels1: { integer: true, min: 1, limit: 1_000 }, channels2: { integer: true, min: 1, limit: 1_000 }, hidden: { integer: true, min: 1, limit: 10_000 } },
  controls: {
    untrained: { description: 'the same network scored at its random initialisation (no training step)', overrides: { training: 'none' } },
  },
  claims: [
    {
      metric: 'testAccuracy',
      kind: 'effect',
      op: '>=',
      // Quick: one epoch on a fifth of the data. No smoke target: one seed of 1,000 images for
      // 2 epochs gives 0.46 at seed 0 but 0.32 at seed 1, too noisy to judge; checked at quick in CI.
      value: { defaults: 0.89, quick: 0.8 },
      // The paper's benchmark table covers scikit-learn classifiers only; CNN figures are in its repository's README, not the paper.
      paper: 'not published',
      controls: ['untrained'],
      description: 'test accuracy of the small CNN on Fashion-MNIST test images (mean over seeds)',
    },
  ],
  // One unit per seed: `neuromorph sweep cnn-fashion-mnist --workers N` trains the seeds in parallel.
  units: classifierUnits<typeof DEFAULTS>((config, i, ctx) => {
    const { channels1: c1, channels2: c2, hidden } = config;
    const [dataRng, initRng, shuffleRng] = ctx.rng.fold(i).split(3) as [Rng, Rng, Rng];
    const train = subsample(ctx.datasets.image('fashion-mnist', 'train'), config.trainCount, dataRng);
    const test = subsample(ctx.datasets.image('fashion-mnist', 'test'), config.testCount, dataRng);
    const model = new Sequential(
      new Conv2d(1, c1, 3, { padding: 1, rng: initRng }),
      new ReLU(),
      new MaxPool2d(2),
      new Conv2d(c1, c2, 3, { padding: 1, rng: initRng }),
      new ReLU(),
      new MaxPool2d(2),
      new Flatten(),
      new Linear(c2 * 7 * 7, hidden, { rng: initRng }),
      new ReLU(),
      new Linear(hidden, 10, { rng: initRng }),
    );
    const setup = { id: `cnn-fashion-mnist seed ${i}`, model, inputShape: [1, 28, 28], train, test, normalize: FASHION_NORMALIZATION, epochs: config.epochs, batchSize: config.batchSize, lr: config.lr, rng: shuffleRng };
    return runClassifierSeed(setup, ctx, config.training);
  }),
});
