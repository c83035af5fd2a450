/**
 * One condition of man-2022-homeostatic: the paper's 784-80-60-10 ELU learner
 * trained prequentially under a label-swap stream with one learning-rate regulation.
 */
import { ELU, Linear, Sequential } from '../../src/nn/index.js';
import type { ImageDataset } from '../../src/data/index.js';
import type { Rng } from '../../src/util/index.js';
import { homeostaticLr, runPrequential, segmentStats, type Regulation, type SimulateMode, type SwapEvent } from '../../src/mechanisms/homeostatic/index.js';

/**
 * The learners compared: LRC, LRH (both simulate modes), LRR, an ADWIN-driven bump, and
 * `lrcMean`, a constant η at the mean η the homeostatic learner (memoryStep) had on the
 * same stream: it separates what the regulation does from the level of η it reaches.
 */
export type LearnerId = 'lrc' | 'lrhMemory' | 'lrhMinibatch' | 'lrr' | 'adwin' | 'lrcMean';

/** All learners, in plot order. */
export const LEARNERS: readonly LearnerId[] = ['lrc', 'lrhMemory', 'lrhMinibatch', 'lrr', 'adwin', 'lrcMean'];

/** Legend labels. */
export const LEARNER_LABELS: Readonly<Record<LearnerId, string>> = {
  lrc: 'constant (LRC)',
  lrhMemory: 'homeostatic, memoryStep (LRH)',
  lrhMinibatch: 'homeostatic, minibatchGrad',
  lrr: 'random (LRR)',
  adwin: 'ADWIN bump',
  lrcMean: "constant at LRH's mean η",
};

const REGULATION: Readonly<Record<LearnerId, readonly [Regulation, SimulateMode]>> = {
  lrc: ['constant', 'memoryStep'],
  lrhMemory: ['homeostatic', 'memoryStep'],
  lrhMinibatch: ['homeostatic', 'minibatchGrad'],
  lrr: ['random', 'memoryStep'],
  adwin: ['detector', 'memoryStep'],
  lrcMean: ['constant', 'memoryStep'],
};

/** The detector's bump relaxes back to η₀ with a half-life of ≈ 140 samples (λ = 0.005 per sample). */
const DETECTOR_DECAY = 0.005;

/** 784-80-60-10 ELU (α = 1), W ~ N(0, 2/fan_in), b ~ N(0, 1) as in the authors' code. */
export function paperMlp(rng: Rng): Sequential {
  const layers = [new Linear(784, 80, { rng }), new Linear(80, 60, { rng }), new Linear(60, 10, { rng })];
  for (const l of layers) {
    rng.fillNormal(l.weight.data, 0, Math.sqrt(2 / l.inFeatures));
    rng.fillNormal(l.bias!.data, 0, 1);
  }
  return new Sequential(layers[0]!, new ELU(1), layers[1]!, new ELU(1), layers[2]!);
}

/** What one condition needs. */
export interface ConditionSetup {
  readonly learner: LearnerId;
  readonly train: ImageDataset;
  readonly val: ImageDataset;
  readonly events: readonly SwapEvent[];
  readonly epochs: number;
  readonly batchSize: number;
  /** η₀ (for `lrcMean`: the constant η it runs at). */
  readonly lr0: number;
  /** `'off'` (a control): the homeostatic learners run at a constant η₀, the regulation removed. */
  readonly homeostasis?: 'on' | 'off';
  /** Same for every learner of a (dataset, seed): identical init and shuffling. */
  readonly initRng: Rng;
  readonly shuffleRng: Rng;
  readonly regulatorRng: Rng;
  readonly onBatch?: () => void;
}

/** What one condition measured. */
export interface ConditionResult {
  /** Mean prequential (online) accuracy over the whole stream. */
  readonly online: number;
  /** Mean validation accuracy over epochs (under the current mapping). */
  readonly val: number;
  /** Mean η over all minibatches. */
  readonly meanLr: number;
  readonly lr: Float64Array;
  readonly correct: Uint8Array;
  /** Mean recovery time after a swap (samples; censored segments count as their length); NaN without swaps. */
  readonly recovery: number;
}

/** Runs one learner on one stream. */
export function runCondition(s: ConditionSetup): ConditionResult {
  const [regulated, simulate] = REGULATION[s.learner];
  const regulation: Regulation = s.homeostasis === 'off' && regulated === 'homeostatic' ? 'constant' : regulated;
  const regulator = homeostaticLr({ regulation, simulate, lr0: s.lr0, ...(regulation === 'detector' && { decay: DETECTOR_DECAY }) });
  const r = runPrequential({
    model: paperMlp(s.initRng.clone()),
    regulator,
    train: s.train,
    val: s.val,
    epochs: s.epochs,
    batchSize: s.batchSize,
    events: s.events,
    normalize: { mean: 0, std: 1 },
    shuffleRng: s.shuffleRng.clone(),
    regulatorRng: s.regulatorRng.clone(),
    ...(s.onBatch !== undefined && { onBatch: s.onBatch }),
  });
  const segs = segmentStats(r.correct, s.events.map((e) => e.at), { window: 50, tolerance: 0.05 }).slice(1);
  const recovery = segs.length === 0 ? NaN : segs.reduce((a, g) => a + (g.recovery ?? g.end - g.start), 0) / segs.length;
  return {
    online: r.correct.reduce((a, v) => a + v, 0) / r.correct.length,
    val: r.valAccuracy.reduce((a, v) => a + v, 0) / r.valAccuracy.length,
    // Exact for a constant η (a sum of equal terms divided back can be an ulp off).
    meanLr: r.lr.every((v) => v === r.lr[0]) ? r.lr[0]! : r.lr.reduce((a, v) => a + v, 0) / r.lr.length,
    lr: r.lr,
    correct: r.correct,
    recovery,
  };
}
