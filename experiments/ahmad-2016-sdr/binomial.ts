/**
 * The binomial approximation of the paper's hypergeometric formulas: the
 * control arm of ahmad-2016-sdr (`theory: 'binomial'`). Sampling with
 * replacement instead of without: a segment's overlap with a random input is
 * Binomial(s, a/n) instead of hypergeometric, and the synapses that stay active
 * under noise are Binomial(s, (a − v)/a). Computed in log space (float), so
 * tails down to 1e-300 keep their digits; the paper's exact numbers must then
 * be missed wherever the approximation is not close.
 */
import { falseMatch, falseNegative, probability, type Probability } from '../../src/mechanisms/sdr/index.js';

/** Which closed forms the experiment uses: the paper's exact ones, or the binomial approximation (control). */
export type Theory = 'exact' | 'binomial';

function logChoose(n: number, k: number): number {
  let r = 0;
  for (let i = 1; i <= k; i++) r += Math.log((n - k + i) / i);
  return r;
}

/** log of P(lo ≤ X ≤ hi) for X ~ Binomial(s, p), by log-sum-exp. */
function logBinomialRange(s: number, p: number, lo: number, hi: number): number {
  const terms: number[] = [];
  for (let b = Math.max(0, lo); b <= Math.min(s, hi); b++) {
    const t = logChoose(s, b) + (b > 0 ? b * Math.log(p) : 0) + (s - b > 0 ? (s - b) * Math.log1p(-p) : 0);
    if (Number.isFinite(t)) terms.push(t);
  }
  if (terms.length === 0) return -Infinity;
  const m = Math.max(...terms);
  return m + Math.log(terms.reduce((acc, t) => acc + Math.exp(t - m), 0));
}

function fromLogE(logE: number): Probability {
  const value = Math.exp(logE);
  return probability(value.toPrecision(10), logE / Math.LN10, value);
}

/** P_FP(n, a, s, θ) ≈ P(Binomial(s, a/n) ≥ θ). */
export function falseMatchBinomial(n: number, a: number, s: number, theta: number): Probability {
  return fromLogE(logBinomialRange(s, a / n, theta, s));
}

/** P_FN(a, s, θ, v) ≈ P(Binomial(s, (a − v)/a) < θ). */
export function falseNegativeBinomial(a: number, s: number, theta: number, v: number): Probability {
  return fromLogE(logBinomialRange(s, (a - v) / a, 0, theta - 1));
}

/** The false-match and false-negative formulas of one theory. */
export function formulas(theory: Theory): { falseMatch: typeof falseMatch; falseNegative: typeof falseNegative } {
  return theory === 'exact' ? { falseMatch, falseNegative } : { falseMatch: falseMatchBinomial, falseNegative: falseNegativeBinomial };
}
