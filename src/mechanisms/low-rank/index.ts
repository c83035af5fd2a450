/**
 * Rank-controlled initial connectivity for rich vs lazy learning in RNNs.
 *
 * Liu, Y. H. et al. (2023). "How connectivity structure shapes rich and lazy
 * learning in neural circuits." ICLR 2024. https://arxiv.org/abs/2310.08513
 *
 * Rule: draw W₀ = g·G/√n (G ~ N(0, 1)), keep its top r singular triplets,
 *   W_r = U[:, :r] diag(S[:r]) Vᵀ[:r, :],
 * and rescale W_r to ‖W₀‖_F, so that rank and scale are not confounded. Lower
 * effective rank of W_h(0) → richer learning (larger ‖ΔW‖, lower kernel alignment),
 * unless the low-rank structure is aligned with the task.
 *
 * Also here: the ReLU RNN with BPTT (`ReluRnn`, `trainRnn`), neurogym-style task
 * generators (2AF, DMS, CXT, sequential MNIST), the E/I block builder and the
 * richness metrics.
 *
 * Deviations: the biologically derived connectivity of the paper (from
 * experimental data) is replaced by a generic E/I block model
 * (`eiBlockConnectivity`); `'nuclearOverSpectral'` effective rank uses singular
 * values, not eigenvalue moduli.
 */
import { ArgumentError, resolveConfig, type Rng } from '../../util/index.js';
import { effectiveRankFromSpectrum, gaussianConnectivity, rankTruncations, type Renormalize } from './init.js';

/** Config of {@link lowRankInit}. */
export interface LowRankInitConfig {
  /** Network size n. */
  readonly n: number;
  /** Gain g of W₀ = g·G/√n. */
  readonly gain: number;
  /** Target rank r (1 ≤ r ≤ n; r = n keeps W₀). */
  readonly rank: number;
  /** Rescale after truncation: `'fro'` to ‖W₀‖_F, `'none'` to keep the truncated scale. */
  readonly renormalize: Renormalize;
}

/** Defaults of {@link lowRankInit}, from the paper's code. */
export const LOW_RANK_INIT_DEFAULTS: Readonly<LowRankInitConfig> = Object.freeze({
  // The paper's default network size (Figs. 1–2); CPU runs use 64–100.
  n: 300,
  // The code's `W0sig`: spectral radius ≈ 1.25, just past the edge of chaos (a reviewer quotes 1.5 for Fig. 1).
  gain: 1.25,
  // Full rank is the baseline (the lazy end); sweeps vary it.
  rank: 300,
  // Without renormalisation, lower rank would also mean smaller weights and so a different scale regime.
  renormalize: 'fro',
});

/** Result of {@link lowRankInit}. */
export interface LowRankInit {
  /** The full-rank draw W₀, row-major [n, n] (share it across ranks). */
  readonly w0: Float64Array;
  /** The rank-r initial recurrent weights, row-major [n, n]. */
  readonly w: Float64Array;
  readonly config: Readonly<LowRankInitConfig>;
  /** Roy–Vetterli effective rank of `w`. */
  readonly effectiveRank: number;
}

/**
 * Rank-controlled initial recurrent weights.
 * @param config overrides of {@link LOW_RANK_INIT_DEFAULTS} (`rank` defaults to `n`)
 * @param rng draws W₀ (unused when `w0` is given)
 * @param w0 an existing full-rank draw [n, n], to share one W₀ across ranks
 * @returns `{ w0, w, config, effectiveRank }`
 * @see https://arxiv.org/abs/2310.08513
 * @example
 * const base = lowRankInit({ n: 100, rank: 100 }, rng);
 * const r3 = lowRankInit({ n: 100, rank: 3 }, rng, base.w0); // same W₀, rank 3, same ‖·‖_F
 */
export function lowRankInit(config: Partial<LowRankInitConfig>, rng: Rng, w0?: Float64Array): LowRankInit {
  const n = config.n ?? LOW_RANK_INIT_DEFAULTS.n;
  const cfg: LowRankInitConfig = resolveConfig<LowRankInitConfig>({ where: 'lowRankInit(config)', defaults: { ...LOW_RANK_INIT_DEFAULTS, rank: n, n } }, config);
  if (!Number.isInteger(n) || n < 1) throw new ArgumentError('lowRankInit(config).n', { what: 'network size', expected: 'positive integer', received: n });
  if (w0 && w0.length !== n * n) throw new ArgumentError('lowRankInit(config, rng, w0)', { what: 'w0 size', expected: n * n, received: w0.length });
  const base = w0 ?? gaussianConnectivity(n, cfg.gain, rng);
  const { w, spectrum } = rankTruncations(base, n, n, cfg.renormalize)(Math.min(cfg.rank, n));
  return { w0: base, w, config: cfg, effectiveRank: effectiveRankFromSpectrum(spectrum, 'entropy') };
}

export {
  frobeniusNorm,
  gaussianConnectivity,
  rankTruncations,
  effectiveRank,
  effectiveRankFromSpectrum,
  eiBlockConnectivity,
  type Renormalize,
  type Truncation,
  type EffectiveRankKind,
  type EiBlockConfig,
} from './init.js';
export { ReluRnn, trainRnn, decisionAccuracy, type RnnWeights, type ReluRnnOptions, type TrainRnnOptions } from './rnn.js';
export {
  perceptualDecisionTask,
  delayMatchSampleTask,
  contextDecisionTask,
  cognitiveTask,
  sequentialMnistTask,
  type Task,
  type TaskBatch,
  type TaskName,
} from './tasks.js';
export {
  rnnTrace,
  tangentKernel,
  alignment,
  kernelAlignment,
  representationAlignment,
  signSimilarity,
  weightChangeNorm,
  type RnnTrace,
} from './metrics.js';
