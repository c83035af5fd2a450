/**
 * One training arm of the perforated-backpropagation experiment: a model
 * trained for at most `epochs` epochs (correlation epochs included, so every arm
 * has the same budget), driven by the perforation tracker, scored on the test
 * split at the best-validation checkpoint. Baselines use the same tracker with
 * `maxDendrites: 0` and a patience longer than the budget, i.e. plain training
 * with best-validation model selection.
 *
 * Every arm uses the training recipe the maintainers recommend (paper note,
 * "Recommended training"): Adam without weight decay plus ReduceLROnPlateau on
 * the validation score with a patience below the switch patience. As in the
 * reference library, the optimizer and its scheduler are rebuilt at the initial
 * lr after every restructure, so each neuron phase starts at full lr and decays
 * to a plateau before the tracker switches.
 */
import { Adam, Conv2d, Flatten, Linear, MaxPool2d, ReLU, ReduceLROnPlateau, Sequential, type Optimizer } from '../../src/nn/index.js';
import { crossEntropy, tensor } from '../../src/tensor/index.js';
import { batches, type ImageDataset } from '../../src/data/index.js';
import { perforate, type OptimizerFactory, type PerforatedPhase } from '../../src/mechanisms/perforated/index.js';
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
  readonly lrPatienceEpochs: number;
  readonly switchPatienceEpochs: number;
  readonly correlationPatienceEpochs: number;
  readonly maxCorrelationEpochs: number;
  readonly warmupBatches: number;
  readonly maxDendrites: number;
  readonly maxDendriteTries: number;
  /**
   * How the dendrite arms' candidates learn: `'correlation'` (the paper's objective) or `'random'`
   * (the control: correlation phases run, but candidates keep their random draw when installed).
   */
  readonly dendriteTraining: 'correlation' | 'random';
}

/** Which network an arm trains: a 784-width-10 MLP, or a two-conv CNN with `width` and `2·width` channels. */
export interface ModelSpec {
  readonly arch: 'mlp' | 'cnn';
  readonly width: number;
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
  /** Training-split accuracy of the same model (≈ test accuracy when the network underfits). */
  readonly train: number;
  /** Dendrite sets in the final (best) model. */
  readonly installed: number;
  /** Parameters of the final (best) model, counted by the library. */
  readonly parameters: number;
  /** Parameters and kept/reverted per finished cycle. */
  readonly cycles: { readonly dendrites: number; readonly parameters: number; readonly accepted: boolean }[];
  /** Largest validation-accuracy change during correlation epochs. */
  readonly drift: number;
  /** Epochs (0-based) after which the optimizer and its scheduler were rebuilt at the initial lr. */
  readonly restarts: number[];
}

/** LR multiplier of the plateau scheduler (halving: gentler than PyTorch's 0.1 for budgets of a few dozen epochs). */
const LR_FACTOR = 0.5;

/** @returns the untrained network of `spec` (every Linear and Conv2d is perforated in the dendrite arms) */
export function buildModel(spec: ModelSpec, rng: Rng): Sequential {
  const w = spec.width;
  if (spec.arch === 'mlp') return new Sequential(new Linear(784, w, { rng }), new ReLU(), new Linear(w, 10, { rng }));
  return new Sequential(
    new Conv2d(1, w, 3, { padding: 1, rng }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(w, 2 * w, 3, { padding: 1, rng }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(2 * w * 49, 10, { rng }),
  );
}

/** @returns parameters of the un-perforated network of `spec`, counted by the library */
export const modelParameters = (spec: ModelSpec, rng: Rng): number => buildModel(spec, rng).numParameters();

const inputShape = (spec: ModelSpec): number[] => (spec.arch === 'mlp' ? [784] : [1, 28, 28]);

/**
 * Trains one arm.
 * @param label progress label
 * @param kind `'baseline'` (no dendrites) or a dendrite mode
 * @param restartAfter baseline only: rebuild the optimizer and scheduler at the initial lr after these
 *   epochs (the restart control: a perforated arm's `restarts`, without its dendrites)
 */
export function trainArm(
  label: string,
  kind: 'baseline' | 'correlation' | 'gradient',
  spec: ModelSpec,
  data: ArmData,
  c: ArmConfig,
  rngs: { readonly init: Rng; readonly shuffle: Rng; readonly dendrites: Rng },
  ctx: RunContext,
  restartAfter: readonly number[] = [],
): ArmResult {
  const model = buildModel(spec, rngs.init);
  const baseline = kind === 'baseline';
  const adam: OptimizerFactory = (params) => new Adam(params, { lr: c.lr });
  const pb = perforate(model, {
    rng: rngs.dendrites,
    mode: baseline ? 'correlation' : kind,
    maxDendrites: baseline ? 0 : c.maxDendrites,
    switchPatienceEpochs: baseline ? c.epochs + 1 : c.switchPatienceEpochs,
    correlationPatienceEpochs: c.correlationPatienceEpochs,
    maxCorrelationEpochs: c.maxCorrelationEpochs,
    warmupBatches: c.warmupBatches,
    maxDendriteTries: c.maxDendriteTries,
    optimizer: adam,
  });
  const plateau = (opt: Optimizer) => new ReduceLROnPlateau(opt, { mode: 'max', factor: LR_FACTOR, patience: c.lrPatienceEpochs });
  let opt = pb.optimizer;
  let scheduler = plateau(opt);
  const restarts: number[] = [];
  const shape = inputShape(spec);
  const val: number[] = [], phases: PerforatedPhase[] = [], dendrites: number[] = [];
  const steps = Math.ceil(data.train.count / c.batchSize);
  for (let epoch = 0; epoch < c.epochs && !pb.done; epoch++) {
    ctx.progress.start(steps, `${label} epoch ${epoch + 1}/${c.epochs} (${pb.phase}, ${pb.dendrites} dendrites)`);
    const phase = pb.phase;
    phases.push(phase);
    dendrites.push(pb.dendrites);
    for (const b of batches(data.train, { batchSize: c.batchSize, rng: rngs.shuffle, normalize: data.normalize, buffers: 'reuse' })) {
      ctx.throwIfAborted(label);
      const loss = crossEntropy(model.forward(tensor(b.x, [b.size, ...shape])), b.y);
      if (!Number.isFinite(loss.item())) throw new NonFiniteError(label, { what: 'training loss is not finite', expected: 'a finite loss', received: loss.item() });
      opt.zeroGrad();
      loss.backward();
      // Random-dendrite control: the correlation objective never updates the candidates.
      if (!(phase === 'correlation' && c.dendriteTraining === 'random')) opt.step();
      ctx.progress.tick();
    }
    ctx.progress.done();
    val.push(evaluateAccuracy(model, data.val, { inputShape: shape, normalize: data.normalize }));
    const { restructured } = pb.epochEnd({ validationScore: val.at(-1)! });
    // A correlation epoch leaves the outputs unchanged: the scheduler only watches neuron phases.
    if (restructured || (baseline && restartAfter.includes(epoch))) {
      opt = restructured ? pb.optimizer : adam(model.parameters());
      scheduler = plateau(opt);
      restarts.push(epoch);
    } else if (phase === 'neuron') scheduler.step(val.at(-1)!);
  }
  const bestVal = pb.finish();
  const test = evaluateAccuracy(model, data.test, { inputShape: shape, normalize: data.normalize });
  const train = evaluateAccuracy(model, data.train, { inputShape: shape, normalize: data.normalize });
  ctx.log(`${label}: best val ${(100 * bestVal).toFixed(2)}%, test ${(100 * test).toFixed(2)}%, train ${(100 * train).toFixed(2)}%, ${pb.dendrites} dendrites, ${pb.parameterCount()} parameters`);
  return {
    val,
    phases,
    dendrites,
    bestVal,
    test,
    train,
    installed: pb.dendrites,
    parameters: pb.parameterCount(),
    cycles: pb.cycles.map(({ dendrites: d, parameters, accepted }) => ({ dendrites: d, parameters, accepted })),
    drift: pb.correlationScoreDrift,
    restarts,
  };
}
