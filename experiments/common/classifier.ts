/**
 * The supervised image-classification loop shared by the foundation experiments
 * (`mlp-mnist`, `cnn-fashion-mnist`): seeded minibatch training with Adam, test
 * accuracy after every epoch, and a checkpoint (model + optimizer + rng + epoch +
 * history) at the end of every epoch so `--resume` continues to the same result.
 */
import { Adam, countCorrect, type Module, type OptimizerStateDict, type StateDict } from '../../src/nn/index.js';
import { crossEntropy, noGrad, tensor, type Tensor } from '../../src/tensor/index.js';
import { batches, take, type ImageDataset } from '../../src/data/index.js';
import { NeuroError, NonFiniteError, Rng, type RngState } from '../../src/util/index.js';
import { mean } from './stats.js';
import type { Config, LineSeries, RunContext, RunResult, UnitSpec } from '../../src/experiment/index.js';

/** What {@link trainClassifier} needs. */
export interface ClassifierSetup {
  readonly id: string;
  /** The model, already initialised from the run's rng; maps `[b, ...inputShape]` to logits `[b, classes]`. */
  readonly model: Module;
  /** Shape of one input, e.g. `[784]` for an MLP or `[1, 28, 28]` for a CNN. */
  readonly inputShape: readonly number[];
  readonly train: ImageDataset;
  readonly test: ImageDataset;
  /** Pixel normalisation: x = (pixel/255 − mean) / std. */
  readonly normalize: { readonly mean: number; readonly std: number };
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
  /** Shuffling stream (saved in checkpoints). */
  readonly rng: Rng;
}

/** Per-epoch history; part of the checkpoint. */
interface History {
  readonly trainLoss: number[];
  readonly trainAccuracy: number[];
  readonly testAccuracy: number[];
  /** Mean training loss over windows of about 1/20 epoch: x in epochs, y the loss. */
  readonly lossEpochs: number[];
  readonly loss: number[];
}

interface Checkpoint {
  readonly epoch: number;
  readonly model: StateDict;
  readonly optimizer: OptimizerStateDict;
  readonly rng: RngState;
  readonly history: History;
}

/** What {@link trainClassifier} measured. */
export interface ClassifierResult {
  readonly testAccuracy: number;
  readonly trainAccuracy: number;
  readonly finalTrainLoss: number;
  readonly history: History;
  readonly curve: LineSeries;
  readonly lossCurve: LineSeries;
}

/**
 * Ranges of the keys every classifier experiment has (`parseConfig` checks them: a bad value is a usage error).
 * Limits: ConfigRange.limit's rule, from the larger of the two experiments' defaults (mlp-mnist: 10 epochs, batch 128).
 */
export const CLASSIFIER_RANGES = {
  epochs: { integer: true, min: 1, limit: 1_000 },
  batchSize: { integer: true, min: 1, limit: 100_000 },
  lr: { min: 0 },
  trainCount: { integer: true, min: 1, limit: 10_000_000 },
  testCount: { integer: true, min: 1, limit: 1_000_000 },
  seeds: { integer: true, min: 1, limit: 1_000 },
  seed: { integer: true },
} as const;

/** The whole split when `count` covers it, else a stratified seeded subsample of `count` examples. */
export function subsample(ds: ImageDataset, count: number, rng: Rng): ImageDataset {
  return count >= ds.count ? ds : take(ds, count, rng);
}

function toInput(x: Float32Array, batch: number, inputShape: readonly number[]): Tensor {
  return tensor(x, [batch, ...inputShape]);
}

/**
 * Accuracy of `model` on `ds` (no gradients, eval mode).
 * @returns the fraction of correctly classified examples.
 */
export function evaluateAccuracy(model: Module, ds: ImageDataset, setup: Pick<ClassifierSetup, 'inputShape' | 'normalize'>, batchSize = 500): number {
  model.eval();
  let correct = 0;
  noGrad(() => {
    for (const b of batches(ds, { batchSize, normalize: setup.normalize, buffers: 'reuse' })) {
      const logits = model.forward(toInput(b.x, b.size, setup.inputShape));
      correct += countCorrect(logits.data, b.y, logits.shape[1]!, b.size);
    }
  });
  model.train();
  return correct / ds.count;
}

/**
 * Trains a classifier with Adam and cross-entropy, resuming from `ctx.checkpoint`
 * when one is given, and returns the measured accuracies and the learning curve.
 * @throws NonFiniteError if the loss becomes NaN or infinite.
 */
export function trainClassifier(setup: ClassifierSetup, ctx: RunContext): ClassifierResult {
  const { model, epochs, batchSize } = setup;
  const optimizer = new Adam(model.parameters(), { lr: setup.lr });
  let rng = setup.rng;
  let history: History = { trainLoss: [], trainAccuracy: [], testAccuracy: [], lossEpochs: [], loss: [] };
  let start = 0;
  const saved = ctx.checkpoint.load<Checkpoint>();
  if (saved) {
    model.loadStateDict(saved.model);
    optimizer.loadStateDict(saved.optimizer);
    rng = Rng.fromState(saved.rng);
    history = saved.history;
    start = saved.epoch;
    ctx.log(`resumed after epoch ${start}`);
  }
  const steps = Math.ceil(setup.train.count / batchSize);
  const window = Math.max(1, Math.floor(steps / 20));
  for (let epoch = start; epoch < epochs; epoch++) {
    ctx.progress.start(steps, `${setup.id} epoch ${epoch + 1}/${epochs}`);
    let lossSum = 0, correct = 0, step = 0, windowSum = 0;
    for (const b of batches(setup.train, { batchSize, rng, normalize: setup.normalize, buffers: 'reuse' })) {
      ctx.throwIfAborted(`${setup.id} epoch ${epoch + 1}`);
      const logits = model.forward(toInput(b.x, b.size, setup.inputShape));
      const loss = crossEntropy(logits, b.y);
      const lossValue = loss.item();
      if (!Number.isFinite(lossValue)) {
        throw new NonFiniteError(`${setup.id} epoch ${epoch + 1}`, { what: 'training loss is not finite', expected: 'a finite loss', received: lossValue });
      }
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      lossSum += lossValue * b.size;
      correct += countCorrect(logits.data, b.y, logits.shape[1]!, b.size);
      windowSum += lossValue;
      if (++step % window === 0) {
        history.lossEpochs.push(epoch + step / steps);
        history.loss.push(windowSum / window);
        windowSum = 0;
      }
      ctx.progress.tick(1, { loss: lossValue.toFixed(4) });
    }
    ctx.progress.done();
    history.trainLoss.push(lossSum / setup.train.count);
    history.trainAccuracy.push(correct / setup.train.count);
    history.testAccuracy.push(evaluateAccuracy(model, setup.test, setup));
    ctx.log(`epoch ${epoch + 1}: train loss ${history.trainLoss.at(-1)!.toFixed(4)}, test accuracy ${(100 * history.testAccuracy.at(-1)!).toFixed(2)}%`);
    ctx.checkpoint.save<Checkpoint>({ epoch: epoch + 1, model: model.stateDict(), optimizer: optimizer.stateDict(), rng: rng.getState(), history });
  }
  const epochsAxis = history.testAccuracy.map((_, i) => i + 1);
  return {
    testAccuracy: history.testAccuracy.at(-1) ?? NaN,
    trainAccuracy: history.trainAccuracy.at(-1) ?? NaN,
    finalTrainLoss: history.trainLoss.at(-1) ?? NaN,
    history,
    curve: {
      kind: 'line',
      title: 'accuracy per epoch',
      x: epochsAxis,
      ys: { 'train (running)': history.trainAccuracy, test: history.testAccuracy },
      xLabel: 'epoch',
      yLabel: 'accuracy',
    },
    lossCurve: { kind: 'line', title: 'training loss', x: history.lossEpochs, ys: { 'cross-entropy': history.loss }, xLabel: 'epoch', yLabel: 'loss', logY: true },
  };
}

/** One seed of a classifier experiment: its training result (null when untrained), test accuracy and size. */
export interface ClassifierSeedRun {
  readonly r: ClassifierResult | null;
  readonly test: number;
  readonly parameters: number;
}

/**
 * Runs one seed: trains with Adam (checkpointing into `ctx.checkpoint`, the seed's own
 * store), or, for the `untrained` control, scores the model at its initialisation.
 */
export function runClassifierSeed(setup: ClassifierSetup, ctx: RunContext, training: string): ClassifierSeedRun {
  const r = training === 'adam' ? trainClassifier(setup, ctx) : null;
  return { r, test: r?.testAccuracy ?? evaluateAccuracy(setup.model, setup.test, setup), parameters: setup.model.numParameters() };
}

/** The run result over seeds: mean test accuracy with its per-seed samples, the first seed's curves. */
export function classifierSeedsResult(runs: readonly ClassifierSeedRun[]): RunResult {
  if (runs.length === 0) throw new NeuroError('not_found', 'classifier merge', { what: 'no seed finished', expected: 'at least one seed', received: 0 });
  const accuracies = runs.map((s) => s.test);
  const first = runs[0]!.r;
  return {
    metrics: {
      testAccuracy: mean(accuracies),
      ...(first && { trainAccuracy: first.trainAccuracy, finalTrainLoss: first.finalTrainLoss }),
      parameters: runs[0]!.parameters,
    },
    samples: { testAccuracy: accuracies },
    series: first ? { loss: first.lossCurve, accuracy: first.curve } : {},
  };
}

/**
 * The units of a classifier experiment: one per seed (`seed0`, `seed1`, …), each
 * folding its streams from the run's rng by its index, merged by {@link classifierSeedsResult}.
 * @param runSeed trains (or scores) seed `index`.
 */
export function classifierUnits<C extends Config & { readonly seeds: number }>(runSeed: (config: Readonly<C>, index: number, ctx: RunContext) => ClassifierSeedRun): UnitSpec<C, number, ClassifierSeedRun> {
  return {
    plan: (config) => Array.from({ length: config.seeds }, (_, i) => ({ key: `seed${i}`, unit: i })),
    run: (config, index, ctx) => runSeed(config, index, ctx),
    merge: (_config, done) => classifierSeedsResult(done.map((d) => d.result)),
  };
}
