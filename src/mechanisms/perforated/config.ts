/**
 * Configuration of {@link perforate}: the switch rules of the cycle tracker, the
 * correlation-phase statistics and how new dendrites are initialised.
 */
import { Adam, type Optimizer } from '../../nn/index.js';
import type { Tensor } from '../../tensor/index.js';
import { ConfigError } from '../../util/index.js';

/** How dendrites learn: the paper's correlation phases, or the open-source build's joint gradient descent. */
export type DendriteMode = 'correlation' | 'gradient';

/** Builds the optimizer over the currently trainable tensors (called again after every restructure). */
export type OptimizerFactory = (params: readonly Tensor[]) => Optimizer;

/** Configuration of {@link perforate} (every field has a default in {@link PERFORATED_DEFAULTS}). */
export interface PerforatedConfig {
  /** `'correlation'` (paper: p/n cycles, cascade-correlation objective) or `'gradient'` (open-source GD dendrites, no p phase). */
  readonly mode: DendriteMode;
  /** `'all'` wraps every Linear/Conv2d; otherwise the dotted module names to wrap (e.g. `['0', '2']`). */
  readonly layers: 'all' | readonly string[];
  /** Whether a higher validation score is better (accuracy) or a lower one (loss). */
  readonly scoreDirection: 'max' | 'min';
  /** Neuron-phase epochs without a new best validation score before the tracker switches (n_epochs_to_switch). */
  readonly switchPatienceEpochs: number;
  /** Relative improvement a score needs to count as a new best, indexed by installed dendrite count (last entry repeats). */
  readonly improvementThresholds: readonly number[];
  /** Absolute improvement a score needs as well. */
  readonly rawImprovementThreshold: number;
  /** Most dendrite sets per neuron; the tracker is done when this many are installed and the cycle is over. */
  readonly maxDendrites: number;
  /** Attempts per dendrite cycle: after this many cycles in a row without a new best, training is complete. */
  readonly maxDendriteTries: number;
  /** Correlation-phase epochs without a per-neuron |covariance| improvement before the candidates are installed. */
  readonly correlationPatienceEpochs: number;
  /** `'neuron-phase'`: a correlation phase lasts at most as many epochs as the neuron phase before it (capAtN). */
  readonly correlationCap: 'neuron-phase' | 'none';
  /** Hard cap on correlation-phase epochs (a training budget guard). */
  readonly maxCorrelationEpochs: number;
  /** Relative |covariance| gain that counts as an improvement of one neuron's candidate. */
  readonly correlationImprovement: number;
  /** Absolute |covariance| gain needed as well. */
  readonly correlationRawImprovement: number;
  /** Decay of the running averages of candidate output, neuron error and covariance. */
  readonly emaDecay: number;
  /** Batches of a correlation phase that only initialise the averages (no candidate update, no improvement). */
  readonly warmupBatches: number;
  /** Standard deviation of new dendrite weights (the layer's weights re-drawn as N(0, 1)·std). */
  readonly dendriteInitStd: number;
  /** Initial cascade weights into a new set: `'zero'` (open-source build) or `'normal'` N(0, √(2/out)) (proprietary PB). */
  readonly cascadeInit: 'zero' | 'normal';
  /** The optimizer rebuilt for the user over the trainable tensors after each restructure. */
  readonly optimizer: OptimizerFactory;
}

/** Defaults of {@link perforate}: the reference library's values where the paper note gives them. */
export const PERFORATED_DEFAULTS: Readonly<PerforatedConfig> = Object.freeze({
  // The paper's method; 'gradient' reproduces the open-source build for comparison.
  mode: 'correlation',
  // The reference converts every Linear/Conv by default (modules_to_convert).
  layers: 'all',
  // Most users track validation accuracy.
  scoreDirection: 'max',
  // n_epochs_to_switch = 10 in the reference library.
  switchPatienceEpochs: 10,
  // improvement_threshold [1e-3, 1e-4]: stricter before the first dendrites, looser afterwards.
  improvementThresholds: Object.freeze([1e-3, 1e-4]),
  // The reference's raw threshold, so float noise never counts as progress.
  rawImprovementThreshold: 1e-5,
  // max_dendrites = 100: in practice the tries limit stops growth long before.
  maxDendrites: 100,
  // max_dendrite_tries = 2 (new defaults; the old PB config used 5).
  maxDendriteTries: 2,
  // pEpochsToSwitch = 10 in the old PB config.
  correlationPatienceEpochs: 10,
  // capAtN: the correlation phase never costs more epochs than the neuron phase it follows.
  correlationCap: 'neuron-phase',
  // No extra cap by default: patience and capAtN end the phase.
  maxCorrelationEpochs: Number.MAX_SAFE_INTEGER,
  // "Improved" = relative gain > 1 % (old PB defaults).
  correlationImprovement: 0.01,
  // ... and raw gain > 1e-5 (old PB defaults).
  correlationRawImprovement: 1e-5,
  // EMA 0.99/0.01 as in the reference.
  emaDecay: 0.99,
  // initialCorrelationBatches ≈ 100: the first averages are too noisy to steer or judge candidates.
  warmupBatches: 100,
  // Dendrite weights re-drawn as N(0,1)·0.01, small so a new candidate starts near sigmoid(0).
  dendriteInitStd: 0.01,
  // The open-source build's choice; 'normal' is the proprietary variant.
  cascadeInit: 'zero',
  // Adam without weight decay, as the maintainers recommend (weight decay hurts dendrites).
  optimizer: (params: readonly Tensor[]) => new Adam(params, { lr: 1e-3 }),
});

const POSITIVE_INTS = ['switchPatienceEpochs', 'maxDendriteTries', 'correlationPatienceEpochs', 'maxCorrelationEpochs'] as const;
const NON_NEGATIVE = ['rawImprovementThreshold', 'correlationImprovement', 'correlationRawImprovement', 'dendriteInitStd'] as const;

/**
 * Merges user options over the defaults and validates them.
 * @param opts partial configuration
 * @returns the full, frozen configuration
 * @throws ConfigError naming the bad field
 */
export function resolveConfig(opts: Partial<PerforatedConfig>): Readonly<PerforatedConfig> {
  const c: PerforatedConfig = { ...PERFORATED_DEFAULTS, ...opts };
  const where = 'perforate(config)';
  const bad = (k: string, expected: string, received: unknown): never => {
    throw new ConfigError(`${where}.${k}`, { what: 'invalid value', expected, received });
  };
  const known = Object.keys(PERFORATED_DEFAULTS);
  for (const k of Object.keys(opts)) if (!known.includes(k)) throw new ConfigError(`${where}.${k}`, { what: 'unknown key', expected: `rng or one of ${known.join(', ')}`, received: k }, 'unknown_key');
  if (c.mode !== 'correlation' && c.mode !== 'gradient') bad('mode', "'correlation' | 'gradient'", c.mode);
  if (c.scoreDirection !== 'max' && c.scoreDirection !== 'min') bad('scoreDirection', "'max' | 'min'", c.scoreDirection);
  if (c.correlationCap !== 'neuron-phase' && c.correlationCap !== 'none') bad('correlationCap', "'neuron-phase' | 'none'", c.correlationCap);
  if (c.cascadeInit !== 'zero' && c.cascadeInit !== 'normal') bad('cascadeInit', "'zero' | 'normal'", c.cascadeInit);
  if (c.layers !== 'all' && !(Array.isArray(c.layers) && c.layers.every((s) => typeof s === 'string'))) bad('layers', "'all' or module names", c.layers);
  for (const k of POSITIVE_INTS) if (!Number.isSafeInteger(c[k]) || c[k] < 1) bad(k, 'an integer >= 1', c[k]);
  if (!Number.isSafeInteger(c.maxDendrites) || c.maxDendrites < 0) bad('maxDendrites', 'an integer >= 0', c.maxDendrites);
  if (!Number.isSafeInteger(c.warmupBatches) || c.warmupBatches < 0) bad('warmupBatches', 'an integer >= 0', c.warmupBatches);
  for (const k of NON_NEGATIVE) if (!(c[k] >= 0 && Number.isFinite(c[k]))) bad(k, 'a finite number >= 0', c[k]);
  if (!(c.emaDecay >= 0 && c.emaDecay < 1)) bad('emaDecay', 'a number in [0, 1)', c.emaDecay);
  const t = c.improvementThresholds;
  if (!Array.isArray(t) || t.length === 0 || !t.every((v) => v >= 0 && Number.isFinite(v))) bad('improvementThresholds', 'a non-empty list of numbers >= 0', t);
  if (typeof c.optimizer !== 'function') bad('optimizer', 'a function (params) => Optimizer', typeof c.optimizer);
  return Object.freeze(c);
}
