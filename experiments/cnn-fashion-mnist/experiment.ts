/**
 * cnn-fashion-mnist: a small convolutional network (two 3×3 conv + max-pool
 * blocks and a 128-unit hidden layer) trained with Adam on Fashion-MNIST. Small
 * CNNs of this kind score about 90–92% on the Fashion-MNIST test set (Xiao et al.
 * 2017 benchmark); the claim is ≥ 89%.
 */
import { Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '../../src/nn/index.js';
import { defineExperiment } from '../../src/experiment/index.js';
import type { Rng } from '../../src/util/index.js';
import { subsample, trainClassifier } from '../common/classifier.js';

/** Pixel mean and std of the Fashion-MNIST training split (measured on the 60,000 training images). */
const FASHION_NORMALIZATION = Object.freeze({ mean: 0.286, std: 0.3528 });

export default defineExperiment({
  id: 'cnn-fashion-mnist',
  paper: {
    title: 'Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms',
    authors: 'Xiao, Rasul, Vollgraf',
    year: 2017,
    url: 'https://arxiv.org/abs/1708.07747',
  },
  description: 'A small CNN (conv 16, pool, conv 32, pool, 128, 10) trained with Adam on Fashion-MNIST: the conv path end to end.',
  defaults: { channels1: 16, channels2: 32, hidden: 128, epochs: 5, batchSize: 64, lr: 0.001, trainCount: 60_000, testCount: 10_000, seed: 0 },
  quick: { epochs: 1, trainCount: 12_000, testCount: 5_000 },
  smoke: { channels1: 4, channels2: 8, hidden: 16, epochs: 1, trainCount: 500, testCount: 300 },
  claims: [
    {
      metric: 'testAccuracy',
      op: '>=',
      // Quick: one epoch on a fifth of the data; smoke: 500 images, must beat chance (10%) clearly.
      value: { defaults: 0.89, quick: 0.8, smoke: 0.4 },
      description: 'test accuracy of the small CNN on Fashion-MNIST test images',
    },
  ],
  run(config, ctx) {
    const [dataRng, initRng, shuffleRng] = ctx.rng.split(3) as [Rng, Rng, Rng];
    const train = subsample(ctx.datasets.image('fashion-mnist', 'train'), config.trainCount, dataRng);
    const test = subsample(ctx.datasets.image('fashion-mnist', 'test'), config.testCount, dataRng);
    const { channels1: c1, channels2: c2, hidden } = config;
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
    const r = trainClassifier(
      { id: 'cnn-fashion-mnist', model, inputShape: [1, 28, 28], train, test, normalize: FASHION_NORMALIZATION, epochs: config.epochs, batchSize: config.batchSize, lr: config.lr, rng: shuffleRng },
      ctx,
    );
    return {
      metrics: { testAccuracy: r.testAccuracy, trainAccuracy: r.trainAccuracy, finalTrainLoss: r.finalTrainLoss, parameters: model.numParameters() },
      series: { loss: r.lossCurve, accuracy: r.curve },
    };
  },
});
