/**
 * The closed-form SDR theory of Ahmad & Hawkins (2016), evaluated exactly:
 * overlap sets, false matches of a dendritic segment, false negatives under
 * noise, the two union properties and the NMDA-threshold sweep.
 *
 * @see https://arxiv.org/abs/1601.00720
 */
import { ArgumentError } from '../../util/index.js';
import { binomial, fromLn, fromRatio, hypergeometricTerms, lnBinomialReal, logSumExp, tailRatio, type Probability, type Ratio } from './exact.js';

/** How the union formulas treat a non-integer S_M or A_M. */
export type UnionBinomial = 'gamma' | 'integer';

/** Which union property: one segment storing M patterns, or an input that is the union of M patterns. */
export type UnionMode = 'synapses' | 'inputs';

function count(where: string, name: string, v: number, min = 0): void {
  if (!Number.isSafeInteger(v) || v < min) throw new ArgumentError(`${where}.${name}`, { what: 'not a valid count', expected: `an integer >= ${min}`, received: v });
}

function atMost(where: string, name: string, v: number, bound: string, max: number): void {
  if (v > max) throw new ArgumentError(`${where}.${name}`, { what: `exceeds ${bound}`, expected: `${name} <= ${bound} = ${max}`, received: v });
}

/**
 * |Ω_x(n, a, b)|: the number of vectors with `a` ON bits sharing exactly `b`
 * bits with a fixed x of `wx` ON bits: C(wx, b)·C(n − wx, a − b).
 * @example
 * overlapSetSize(10, 3, 1); // C(3,1)·C(7,2) = 63n
 */
export function overlapSetSize(n: number, a: number, b: number, wx: number = a): bigint {
  const where = 'overlapSetSize(n, a, b, wx)';
  for (const [k, v] of [['n', n], ['a', a], ['b', b], ['wx', wx]] as const) count(where, k, v);
  atMost(where, 'a', a, 'n', n);
  atMost(where, 'wx', wx, 'n', n);
  return binomial(wx, b) * binomial(n - wx, a - b);
}

/**
 * P(overlap = b) between a fixed x (`wx` ON bits, default a) and a uniformly
 * random SDR with `a` of `n` bits ON: |Ω_x(n, a, b)| / C(n, a).
 * @example
 * overlapProbability(10, 3, 1).decimal; // "5.250000000e-1"
 */
export function overlapProbability(n: number, a: number, b: number, wx: number = a): Probability {
  const where = 'overlapProbability(n, a, b, wx)';
  count(where, 'n', n);
  count(where, 'a', a);
  atMost(where, 'a', a, 'n', n);
  return fromRatio({ num: overlapSetSize(n, a, b, wx), den: binomial(n, a) });
}

/** Exact P_FP as a {@link Ratio}; arguments already validated. */
function falseMatchRatio(n: number, a: number, s: number, theta: number): Ratio {
  const { terms, den } = hypergeometricTerms(n, s, a, theta);
  return tailRatio(terms, den, theta);
}

/**
 * False-match probability of a segment with `s` synapses and threshold θ
 * against a random input with `a` of `n` cells active:
 * P_FP = Σ_{b=θ}^{min(s,a)} C(s, b)·C(n − s, a − b) / C(n, a).
 * @param n - input dimension; @param a - active inputs (≤ n);
 * @param s - synapses on the segment (≤ n); @param theta - threshold θ (≤ s).
 * @throws ArgumentError when a count is negative or non-integer, a > n, s > n or θ > s.
 * @see https://arxiv.org/abs/1601.00720
 * @example
 * falseMatch(2000, 40, 20, 10).decimal; // "4.943642...e-13"
 */
export function falseMatch(n: number, a: number, s: number, theta: number): Probability {
  const where = 'falseMatch(n, a, s, theta)';
  for (const [k, v] of [['n', n], ['a', a], ['s', s], ['theta', theta]] as const) count(where, k, v);
  atMost(where, 'a', a, 'n', n);
  atMost(where, 's', s, 'n', n);
  atMost(where, 'theta', theta, 's', s);
  return fromRatio(falseMatchRatio(n, a, s, theta));
}

/**
 * False-negative probability under noise: `v` of a stored pattern's `a` active
 * cells move elsewhere, and fewer than θ of the segment's `s` synapses (sampled
 * from the pattern) stay active:
 * P_FN = Σ_{b=s−θ+1}^{s} C(s, b)·C(a − s, v − b) / C(a, v). `n` does not enter.
 * @throws ArgumentError when a count is negative or non-integer, s > a, v > a or θ > s.
 * @example
 * falseNegative(128, 30, 12, 64).decimal; // "7.169852...e-2"
 */
export function falseNegative(a: number, s: number, theta: number, v: number): Probability {
  const where = 'falseNegative(a, s, theta, v)';
  for (const [k, x] of [['a', a], ['s', s], ['theta', theta], ['v', v]] as const) count(where, k, x);
  atMost(where, 's', s, 'a', a);
  atMost(where, 'v', v, 'a', a);
  atMost(where, 'theta', theta, 's', s);
  const { terms, den } = hypergeometricTerms(a, s, v, s - theta + 1);
  return fromRatio(tailRatio(terms, den, s - theta + 1));
}

/** P_FP with a real-valued segment size or input size, through gamma-function binomials. */
function falseMatchGamma(n: number, a: number, s: number, theta: number): Probability {
  const ls: number[] = [];
  for (let b = theta; b <= Math.min(Math.floor(s), Math.floor(a)); b++) ls.push(lnBinomialReal(s, b) + lnBinomialReal(n - s, a - b));
  return fromLn(logSumExp(ls) - lnBinomialReal(n, a));
}

/**
 * Expected size of a union of M random subsets of size k of n: n·(1 − (1 − k/n)^M).
 * (Real-valued; the union formulas use it as S_M or A_M.)
 */
export function expectedUnionSize(n: number, k: number, m: number): number {
  return n * (1 - (1 - k / n) ** m);
}

/**
 * The union property (Ahmad & Hawkins 2016, §union):
 * - `'synapses'`: one segment stores M patterns with `s` synapses each; it has
 *   S_M = n·(1 − (1 − s/n)^M) synapses and P = P_FP(n, a, S_M, θ).
 * - `'inputs'`: the input is the union of M patterns of `a` active bits; it has
 *   A_M = n·(1 − (1 − a/n)^M) active bits and P = P_FP(n, A_M, s, θ).
 * With `binomial: 'integer'` the size is rounded to the nearest integer and the
 * result is exact; with `'gamma'` (the reference's choice) C(·,·) of real
 * arguments is evaluated through ln Γ, to about 1e-10 relative. The two differ
 * in the 3rd significant figure.
 * @throws ArgumentError for invalid counts, a > n, s > n, θ > s or m < 1.
 * @example
 * falseMatchUnion(10000, 200, 25, 15, 10, 'synapses').decimal; // "1.27...e-4"
 */
export function falseMatchUnion(n: number, a: number, s: number, theta: number, m: number, mode: UnionMode, binomialMode: UnionBinomial = 'gamma'): Probability {
  const where = 'falseMatchUnion(n, a, s, theta, m, mode)';
  for (const [k, v] of [['n', n], ['a', a], ['s', s], ['theta', theta]] as const) count(where, k, v);
  count(where, 'm', m, 1);
  atMost(where, 'a', a, 'n', n);
  atMost(where, 's', s, 'n', n);
  atMost(where, 'theta', theta, 's', s);
  if (mode !== 'synapses' && mode !== 'inputs') throw new ArgumentError(`${where}.mode`, { what: 'unknown mode', expected: "'synapses' | 'inputs'", received: mode });
  const size = expectedUnionSize(n, mode === 'synapses' ? s : a, m);
  if (binomialMode === 'integer' || Number.isInteger(size)) {
    const k = Math.round(size);
    return fromRatio(mode === 'synapses' ? falseMatchRatio(n, a, k, theta) : falseMatchRatio(n, k, s, theta));
  }
  return mode === 'synapses' ? falseMatchGamma(n, a, size, theta) : falseMatchGamma(n, size, s, theta);
}

/** The NMDA-threshold sweep grid of the paper note: 5 n × 6 sparsities × 7 s = 210 combinations. */
export const THRESHOLD_SWEEP_GRID = Object.freeze({
  n: Object.freeze([1000, 5000, 9000, 13000, 17000]),
  /** Fraction of active cells (0.5 % … 3 %); a = round(sparsity·n). */
  sparsity: Object.freeze([0.005, 0.01, 0.015, 0.02, 0.025, 0.03]),
  s: Object.freeze([20, 25, 30, 35, 40, 45, 50]),
});

/** One row of {@link thresholdSweep}: the median (and extremes) of P_FP over the grid at θ. */
export interface ThresholdSweepPoint {
  readonly theta: number;
  readonly median: Probability;
  readonly min: Probability;
  readonly max: Probability;
}

/**
 * The optimal-threshold sweep behind the NMDA prediction: for each θ, P_FP over
 * every (n, a, s) of the grid and its median (mean of the two middle values for
 * an even count, as numpy does). Each combination's hypergeometric terms are
 * computed once and reused for every θ.
 * @param thetas - thresholds (default 3..24).
 * @param grid - the (n, sparsity, s) grid (default {@link THRESHOLD_SWEEP_GRID}).
 * @example
 * thresholdSweep([8])[0]!.median.decimal; // "3.33...e-8"
 */
export function thresholdSweep(
  thetas: readonly number[] = Array.from({ length: 22 }, (_, i) => i + 3),
  grid: { readonly n: readonly number[]; readonly sparsity: readonly number[]; readonly s: readonly number[] } = THRESHOLD_SWEEP_GRID,
): ThresholdSweepPoint[] {
  const perTheta: Ratio[][] = thetas.map(() => []);
  const lowest = Math.min(...thetas);
  for (const n of grid.n) {
    for (const sp of grid.sparsity) {
      const a = Math.round(sp * n);
      for (const s of grid.s) {
        const { terms, den } = hypergeometricTerms(n, s, a, lowest);
        thetas.forEach((theta, i) => perTheta[i]!.push(tailRatio(terms, den, theta)));
      }
    }
  }
  return thetas.map((theta, i) => {
    const rs = perTheta[i]!.sort(compareRatio);
    const mid = rs.length >> 1;
    const lo = rs[rs.length % 2 === 0 ? mid - 1 : mid]!;
    const hi = rs[mid]!;
    const median = fromRatio({ num: lo.num * hi.den + hi.num * lo.den, den: 2n * lo.den * hi.den });
    return { theta, median, min: fromRatio(rs[0]!), max: fromRatio(rs[rs.length - 1]!) };
  });
}

function compareRatio(x: Ratio, y: Ratio): number {
  const d = x.num * y.den - y.num * x.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
