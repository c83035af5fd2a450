/**
 * Homeostatic learning rate: η is a learner's internal state, pushed up or down by
 * the classes it decides to "ingest".
 *
 * Paper: K. Man, A. Damasio, H. Neven, "Need is All You Need: Homeostatic Neural
 * Networks Adapt to Concept Shift" (2022). https://arxiv.org/abs/2205.08645
 *
 * Rule (after the authors' `lrh.py`): at sample i (0-based) when i % `interval` = 0
 * and i > `warmup`, with ĝ the guess and y the true label of sample i,
 *   leave: W₁ = W − η·G,  take: W₂ = W − (η + Δ·s(ĝ))·G,
 *   if acc(W₂, memo) > acc(W₁, memo): η ← η + Δ·s(y)
 * where s is the class→effect map (+1 excitatory, −1 inhibitory), memo the
 * `memorySize` samples before i scored under the *current* label mapping, and G
 * either (1/m)·Σ of the gradients of the minibatch's samples up to i (`minibatchGrad`,
 * the authors' code: with interval = m, i is a minibatch's first sample, so G is one
 * sample's gradient / m and the variant is nearly inert) or the memo's mean gradient
 * (`memoryStep`, the pseudo-code port). η < 0 → `minLr`.
 * η lives in a `src/dynamics` discrete machine: η' = clip(η + Δ·e + λ(η₀ − η)).
 * Baselines: `regulation: 'random'` (LRR: apply s(y) with probability 0.5 at each
 * decision point), `'constant'` (LRC), and `'detector'` (not in the paper: ADWIN on
 * the online errors; η += detectorBump·Δ when it fires, best with `decay` > 0).
 *
 * Deviations: the sample counter (and warm-up) runs over the whole stream, not per
 * epoch; LRR shares the warm-up; optional decay λ (off by default) and an upper clip.
 * The module's non-test code (~800 lines, six files) exceeds the 400-line guideline:
 * it also holds the shift streams, prequential loop, segment stats and ADWIN.
 */
import { makeRegulator, type HomeostaticLr, type HomeostaticLrConfig } from './regulator.js';
import { resolveConfig } from '../../util/index.js';

export {
  makeRegulator,
  type HomeostaticLr,
  type HomeostaticLrConfig,
  type Regulation,
  type SimulateMode,
  type RegulatorState,
  type RegulatorInput,
  type RegulatorStep,
  type LrProbe,
} from './regulator.js';
export {
  labelSwapSchedule,
  identityMapping,
  applySwap,
  mappingAt,
  stepSwapRate,
  sinusoidSwapRate,
  driftProbability,
  driftConcepts,
  type SwapEvent,
  type SwapRate,
  type LabelSwapOptions,
  type DriftKind,
  type DriftSpec,
} from './shift.js';
export { runPrequential, type PrequentialSetup, type PrequentialResult } from './prequential.js';
export { segmentStats, type SegmentStats, type SegmentOptions } from './segments.js';
export { adwin, ADWIN_DEFAULTS, type Adwin, type AdwinOptions } from './adwin.js';

/** The paper's settings (η₀ = 1e-3; see the note's parameter table). */
export const HOMEOSTATIC_LR_DEFAULTS: HomeostaticLrConfig = Object.freeze({
  // The paper's learner; the baselines are the same factory with another regulation.
  regulation: 'homeostatic',
  // The authors' η₀ for MNIST with SGD, minibatch 10.
  lr0: 1e-3,
  // Δ = η₀/10: a decision moves η by a tenth of its start value, so tens of
  // consistent decisions are needed to change it materially.
  delta: 1e-4,
  // Classes ≥ 5 excite, < 5 inhibit: the paper's arbitrary split of the ten digits.
  effects: Object.freeze([-1, -1, -1, -1, -1, 1, 1, 1, 1, 1]),
  // One decision per 10 samples: one per minibatch of 10, at its first sample (the authors' `i % 10 == 0`).
  interval: 10,
  // Decide only at i > 20: the memory is full, so the comparison is scored on nMemo samples.
  warmup: 20,
  // nMemo = 20: recent enough to reflect the current label mapping.
  memorySize: 20,
  // The variant that moves η (the faithful `minibatchGrad` is nearly inert; see the note).
  simulate: 'memoryStep',
  // The authors' floor for η < 0 (a reflecting barrier: see the note's pitfalls).
  minLr: 1e-8,
  // No upper clip in the paper.
  maxLr: Number.POSITIVE_INFINITY,
  // No decay or set point in the paper; off by default.
  decay: 0,
  // LRR flips a fair coin at each decision point.
  randomP: 0.5,
  // A detected drift raises η by η₀ (ten effects): a bump of the size LRH reaches over ~10 decisions.
  detectorBump: 10,
  // river's ADWIN default: few false alarms on a stationary error rate.
  detectorDelta: 0.002,
});

/**
 * Builds a learning-rate regulator (homeostatic, or a random/constant baseline).
 * `delta` defaults to lr0/10 when only `lr0` is given.
 * @param config overrides of {@link HOMEOSTATIC_LR_DEFAULTS}
 * @returns the η machine and its step rule
 * @throws ConfigError on an invalid field
 * @see https://arxiv.org/abs/2205.08645
 * @example
 * const reg = homeostaticLr({ lr0: 0.01 });
 * let u = reg.init(); // { lr: 0.01, seen: 0 }
 * u = reg.step(u, { guess: 7, label: 7 }, (lr) => lr, createRng(0)).u;
 */
export function homeostaticLr(config: Partial<HomeostaticLrConfig> = {}): HomeostaticLr {
  const lr0 = config.lr0 ?? HOMEOSTATIC_LR_DEFAULTS.lr0;
  return makeRegulator(resolveConfig<HomeostaticLrConfig>({ where: 'homeostaticLr(config)', defaults: { ...HOMEOSTATIC_LR_DEFAULTS, delta: lr0 / 10 } }, config));
}
