/**
 * Rank-controlled and structured initial connectivity, and the two effective-rank
 * measures of Liu et al. (2023). All matrices are row-major float64 [n, n].
 */
import { svd } from '../../nn/index.js';
import { ArgumentError, ConfigError, type Rng } from '../../util/index.js';

/** Frobenius norm ‖w‖_F. */
export function frobeniusNorm(w: ArrayLike<number>): number {
  let acc = 0;
  for (let i = 0; i < w.length; i++) acc += w[i] * w[i];
  return Math.sqrt(acc);
}

/**
 * Gaussian recurrent weights W₀ = g·G/√n, G ~ N(0, 1): spectral radius ≈ g.
 * @param n network size
 * @param gain g (the paper's `W0sig`, 1.25)
 * @param rng the only randomness
 * @returns row-major [n, n]
 * @example const w0 = gaussianConnectivity(100, 1.25, createRng(0));
 */
export function gaussianConnectivity(n: number, gain: number, rng: Rng): Float64Array {
  const w = new Float64Array(n * n);
  return rng.fillNormal(w, 0, gain / Math.sqrt(n)) as Float64Array;
}

/** How a truncated matrix is rescaled: to the original Frobenius norm, or not at all. */
export type Renormalize = 'fro' | 'none';

/** A truncation from {@link rankTruncations}: the matrix and its singular values. */
export interface Truncation {
  /** Row-major [rows, cols]. */
  readonly w: Float64Array;
  /** Its singular values (descending, zeros past the rank), for {@link effectiveRankFromSpectrum}. */
  readonly spectrum: Float64Array;
}

/**
 * Truncated SVDs of one matrix at any rank from a single decomposition,
 * W_r = U[:, :r] diag(S[:r]) Vᵀ[:r, :], optionally rescaled to ‖W‖_F so that rank
 * and scale are not confounded.
 * @param w row-major [rows, cols]
 * @param rows rows
 * @param cols cols
 * @param renormalize `'fro'` (default) or `'none'`
 * @returns `rank ↦ { w, spectrum }`, 1 ≤ rank ≤ min(rows, cols)
 * @example const atRank = rankTruncations(w0, 100, 100); const { w } = atRank(3);
 */
export function rankTruncations(w: ArrayLike<number>, rows: number, cols: number, renormalize: Renormalize = 'fro'): (rank: number) => Truncation {
  const k = Math.min(rows, cols);
  const { u, s, vt } = svd(w, rows, cols);
  const target = frobeniusNorm(w);
  return (rank) => {
    if (!Number.isInteger(rank) || rank < 1 || rank > k) {
      throw new ArgumentError('rankTruncations(w, rows, cols)(rank)', { what: 'rank', expected: `integer in [1, ${k}]`, received: rank });
    }
    // Full rank returns W itself, exactly (not a reconstruction with rounding).
    if (rank === k) return { w: Float64Array.from(w), spectrum: Float64Array.from(s) };
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let q = 0; q < rank; q++) {
        const us = u[i * k + q] * s[q];
        if (us === 0) continue;
        for (let j = 0; j < cols; j++) out[i * cols + j] += us * vt[q * cols + j];
      }
    }
    let kept = 0;
    for (let q = 0; q < rank; q++) kept += s[q] * s[q];
    const scale = renormalize === 'fro' && kept > 0 ? target / Math.sqrt(kept) : 1;
    if (scale !== 1) for (let i = 0; i < out.length; i++) out[i] *= scale;
    return { w: out, spectrum: Float64Array.from(s, (x, q) => (q < rank ? x * scale : 0)) };
  };
}

/** The two effective-rank definitions of the note (the paper's choice is unknown). */
export type EffectiveRankKind = 'entropy' | 'nuclearOverSpectral';

/**
 * Effective rank of a square matrix from its singular values σ:
 * - `'entropy'` (Roy & Vetterli 2007): exp(−Σ pᵢ log pᵢ), pᵢ = σᵢ/Σσ; in [1, n].
 * - `'nuclearOverSpectral'`: Σσᵢ/(σ₁·n); in [1/n, 1]. Deviation: the note writes
 *   it with eigenvalue moduli |λ|; singular values are used here because the
 *   eigenvalues of a non-normal W are complex and their moduli need not bound the norm.
 * @param w row-major [n, n]
 * @param n size
 * @param kind which definition
 * @returns the effective rank (0 for the zero matrix)
 * @example effectiveRank(identity, n, 'entropy'); // n
 */
export function effectiveRank(w: ArrayLike<number>, n: number, kind: EffectiveRankKind = 'entropy'): number {
  const s = svd(w, n, n).s;
  return effectiveRankFromSpectrum(s, kind);
}

/**
 * {@link effectiveRank} from precomputed singular values (any order).
 * @param s singular values ≥ 0
 * @param kind which definition
 * @returns the effective rank
 */
export function effectiveRankFromSpectrum(s: ArrayLike<number>, kind: EffectiveRankKind = 'entropy'): number {
  let total = 0;
  let top = 0;
  for (let i = 0; i < s.length; i++) {
    total += s[i];
    top = Math.max(top, s[i]);
  }
  if (total === 0) return 0;
  if (kind === 'nuclearOverSpectral') return total / (top * s.length);
  let h = 0;
  for (let i = 0; i < s.length; i++) {
    const p = s[i] / total;
    if (p > 0) h -= p * Math.log(p);
  }
  return Math.exp(h);
}

/** Config of {@link eiBlockConnectivity}: a two-population (E, I) block model. */
export interface EiBlockConfig {
  /** Network size. */
  readonly n: number;
  /** Fraction of excitatory cells (cortex: ≈ 0.8). */
  readonly excFraction: number;
  /** Connection probabilities [pEE, pEI, pIE, pII] (row = target, column = source). */
  readonly prob: readonly [number, number, number, number];
  /** Mean |strength| per block [EE, EI, IE, II], before scaling. */
  readonly strength: readonly [number, number, number, number];
  /** Dale's law: `'on'` fixes the sign by source type (E ≥ 0, I ≤ 0); `'off'` draws signs at random. */
  readonly dale: 'on' | 'off';
  /** Target Frobenius norm (match the random init's); 0 keeps the raw scale. */
  readonly frobenius: number;
}

/**
 * Structured E/I initial connectivity: each synapse exists with its block's
 * probability and has |w| = strength·(1 + 0.2·ξ), ξ ~ N(0,1) clipped at −1, with a
 * sign from the source cell type (Dale) and finally scaled to a target Frobenius
 * norm. Not the paper's experimental matrix (its construction is unknown): a
 * generic cell-type builder. Its mean connectivity gives the spectrum an outlier
 * eigenvalue and so a lower effective rank than an i.i.d. Gaussian of equal norm.
 * @param cfg block model
 * @param rng the only randomness
 * @returns row-major [n, n]
 */
export function eiBlockConnectivity(cfg: EiBlockConfig, rng: Rng): Float64Array {
  const { n, excFraction } = cfg;
  if (!(excFraction > 0 && excFraction < 1)) {
    throw new ConfigError('eiBlockConnectivity(cfg).excFraction', { what: 'fraction of E cells', expected: 'in (0, 1)', received: excFraction });
  }
  const nExc = Math.round(n * excFraction);
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const block = (i < nExc ? 0 : 2) + (j < nExc ? 0 : 1);
      if (!rng.bernoulli(cfg.prob[block])) continue;
      const mag = cfg.strength[block] * Math.max(0, 1 + 0.2 * rng.normal());
      const sign = cfg.dale === 'on' ? (j < nExc ? 1 : -1) : rng.bernoulli(0.5) ? 1 : -1;
      w[i * n + j] = sign * mag;
    }
  }
  if (cfg.frobenius > 0) {
    const now = frobeniusNorm(w);
    if (now > 0) for (let i = 0; i < w.length; i++) w[i] *= cfg.frobenius / now;
  }
  return w;
}
