/**
 * One training arm of the perforated-backpropagation experiment: a model
 * trained for at most `epochs` epochs (correlation epochs included, so every arm
 * has the same budget), driven by the perforation tracker, scored on the test
 * split at the best-validation checkpoint. Baselines use the same tracker with
 * `maxDendrites: 0` and a patience longer than the budget, i.e. plain training
 * with best-validation model selection.
 */
import { Linear, ReLU, Sequential } from '../../src/nn/index.js';
import { crossEntropy, tensor } from '../../src/tensor/index.js';
import { batches, type ImageDataset } from '../../src/data/index.js';
import { perforate, type PerforatedPhase } from '../../src/mechanisms/perforated/index.js';
import { Adam } from '../../src/nn/index.js';
import { NonFiniteError, type Rng } from '../../src/util/index.js';
import type { RunContext } from '../../src/experiment/index.js';
import { evaluateAccuracy } from '../common/classifier.js';

/** What an arm trains on. */
export interface ArmData {
  readonly train: ImageDataset;
  readonly val: ImageDataset;
  readonly test: ImageDataset;
  readonly normalize: { readonly mean: number; readonly std: number };
}

/** Hyperparameters shared by the arms. */
export interface ArmConfig {
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly switchPatienceEpochs: number;
  readonly correlationPatienceEpochs: number;
  readonly maxCorrelationEpochs: number;
  readonly warmupBatches: number;
  readonly maxDendrites: number;
  readonly maxDendriteTries: number;
}

/** What one arm measured. */
export interface ArmResult {
  /** Validation accuracy after each epoch trained. */
  readonly val: number[];
  /** Phase of each epoch. */
  readonly phases: PerforatedPhase[];
  /** Installed dendrite sets during each epoch. */
  readonly dendrites: number[];
  readonly bestVal: number;
  /** Test accuracy of the best-validation model. */
  readonly test: number;
  /** Dendrite sets in the final (best) model. */
  readonly installed: number;
  /** Parameters of the final (best) model, counted by the library. */
  readonly parameters: number;
  /** Parameters and kept/reverted per finished cycle. */
  readonly cycles: { readonly dendrites: number; readonly parameters: number; readonly accepted: boolean }[];
  /** Largest validation-accuracy change during correlation epochs. */
  readonly drift: number;
}

/** A 784-h-10 ReLU MLP. */
export function mlp(hidden: number, rng: Rng): Sequential {
  return new Sequential(new Linear(784, hidden, { rng }), new ReLU(), new Linear(hidden, 10, { rng }));
}

/** @returns parameters of a 784-h-10 MLP */
export const mlpParameters = (hidden: number): number => 784 * hidden + hidden + hidden * 10 + 10;

/**
 * Trains one arm.
 * @param label progress label
 * @param kind `'baseline'` (no dendrites) or a dendrite mode
 */
export function trainArm(
  label: string,
  kind: 'baseline' | 'correlation' | 'gradient',
  hidden: number,
  data: ArmData,
  c: ArmConfig,
  rngs: { readonly init: Rng; readonly shuffle: Rng; readonly dendrites: Rng },
  ctx: RunContext,
): ArmResult {
  const model = mlp(hidden, rngs.init);
  const baseline = kind === 'baseline';
  const pb = perforate(model, {
    rng: rngs.dendrites,
    mode: baseline ? 'correlation' : kind,
    maxDendrites: baseline ? 0 : c.maxDendrites,
    switchPatienceEpochs: baseline ? c.epochs + 1 : c.switchPatienceEpochs,
    correlationPatienceEpochs: c.correlationPatienceEpochs,
    maxCorrelationEpochs: c.maxCorrelationEpochs,
    warmupBatches: c.warmupBatches,
    maxDendriteTries: c.maxDendriteTries,
    optimizer: (params) => new Adam(params, { lr: c.lr }),
  });
  const val: number[] = [], phases: PerforatedPhase[] = [], dendrites: number[] = [];
  const steps = Math.ceil(data.train.count / c.batchSize);
  for (let epoch = 0; epoch < c.epochs && !pb.done; epoch++) {
    ctx.progress.start(steps, `${label} epoch ${epoch + 1}/${c.epochs} (${pb.phase}, ${pb.dendrites} dendrites)`);
    phases.push(pb.phase);
    dendrites.push(pb.dendrites);
    for (const b of batches(data.train, { batchSize: c.batchSize, rng: rngs.shuffle, normalize: data.normalize, buffers: 'reuse' })) {
      ctx.throwIfAborted(label);
      const loss = crossEntropy(model.forward(tensor(b.x, [b.size, 784])), b.y);
      if (!Number.isFinite(loss.item())) throw new NonFiniteError(label, { what: 'training loss is not finite', expected: 'a finite loss', received: loss.item() });
      pb.optimizer.zeroGrad();
      loss.backward();
      pb.optimizer.step();
      ctx.progress.tick();
    }
    ctx.progress.done();
    val.push(evaluateAccuracy(model, data.val, { inputShape: [784], normalize: data.normalize }));
    pb.epochEnd({ validationScore: val.at(-1)! });
  }
  const bestVal = pb.finish();
  const test = evaluateAccuracy(model, data.test, { inputShape: [784], normalize: data.normalize });
  ctx.log(`${label}: best val ${(100 * bestVal).toFixed(2)}%, test ${(100 * test).toFixed(2)}%, ${pb.dendrites} dendrites, ${pb.parameterCount()} parameters`);
  return {
    val,
    phases,
    dendrites,
    bestVal,
    test,
    installed: pb.dendrites,
    parameters: pb.parameterCount(),
    cycles: pb.cycles.map(({ dendrites: d, parameters, accepted }) => ({ dendrites: d, parameters, accepted })),
    drift: pb.correlationScoreDrift,
  };
}
