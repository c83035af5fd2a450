/**
 * mlp-mnist: the foundation's first experiment. A 784-256-10 ReLU MLP trained with
 * Adam on the real MNIST training set and scored on the 10,000 test images.
 * A multilayer perceptron of this size reaches about 98% (LeCun et al. 1998 list
 * 2-layer MLPs at 95.3–98.4% test accuracy); the claim is ≥ 97.5%.
 */
import { Linear, ReLU, Sequential } from '../../src/nn/index.js';
import { MNIST_NORMALIZATION } from '../../src/data/index.js';
import { defineExperiment } from '../../src/experiment/index.js';
import type { Rng } from '../../src/util/index.js';
import { subsample, trainClassifier } from '../common/classifier.js';

export default defineExperiment({
  id: 'mlp-mnist',
  paper: {
    title: 'Gradient-based learning applied to document recognition',
    authors: 'LeCun, Bottou, Bengio, Haffner',
    year: 1998,
    url: 'https://doi.org/10.1109/5.726791',
  },
  description: 'A 784-256-10 ReLU MLP trained with Adam on MNIST: the tensor engine, nn and data layers end to end.',
  defaults: { hidden: 256, epochs: 10, batchSize: 128, lr: 0.001, trainCount: 60_000, testCount: 10_000, seed: 0 },
  quick: { epochs: 2 },
  smoke: { hidden: 32, epochs: 2, batchSize: 32, trainCount: 1_000, testCount: 500 },
  claims: [
    {
      metric: 'testAccuracy',
      op: '>=',
      // Quick: two epochs already pass 96%; the smoke run (1,000 images) only has to learn something.
      value: { defaults: 0.975, quick: 0.96, smoke: 0.6 },
      description: 'test accuracy of the 784-256-10 MLP on the 10,000 MNIST test images',
    },
  ],
  run(config, ctx) {
    const [dataRng, initRng, shuffleRng] = ctx.rng.split(3) as [Rng, Rng, Rng];
    const train = subsample(ctx.datasets.image('mnist', 'train'), config.trainCount, dataRng);
    const test = subsample(ctx.datasets.image('mnist', 'test'), config.testCount, dataRng);
    const model = new Sequential(new Linear(784, config.hidden, { rng: initRng }), new ReLU(), new Linear(config.hidden, 10, { rng: initRng }));
    const r = trainClassifier(
      { id: 'mlp-mnist', model, inputShape: [784], train, test, normalize: MNIST_NORMALIZATION, epochs: config.epochs, batchSize: config.batchSize, lr: config.lr, rng: shuffleRng },
      ctx,
    );
    return {
      metrics: { testAccuracy: r.testAccuracy, trainAccuracy: r.trainAccuracy, finalTrainLoss: r.finalTrainLoss, parameters: model.numParameters() },
      series: { loss: r.lossCurve, accuracy: r.curve },
    };
  },
});
