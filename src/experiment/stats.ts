/**
 * Statistics behind claims: a claim is a statement about seeds, so each one is
 * summarised by n, mean, sample std and a 95% interval of the mean. The interval
 * is Student's t for n ≥ 2 by default, or a seeded percentile bootstrap where the
 * per-seed distribution is skewed. Browser-safe, no dependencies.
 */
import { createRng } from '../util/index.js';

/** How a claim's interval is formed. */
export type IntervalMethod = 't' | 'bootstrap' | 'exact';

/** What an interval was actually computed as (`single seed` when n = 1 and not exact). */
export type IntervalKind = IntervalMethod | 'single seed';

/** Summary of one claim's samples. */
export interface SampleSummary {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1); 0 for n = 1. */
  readonly std: number;
  /** The 95% interval of the mean; [mean, mean] for n = 1. */
  readonly ci: readonly [number, number];
  readonly interval: IntervalKind;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; about 15 digits). */
export function logGamma(x: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = g[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (g[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b), 0 ≤ x ≤ 1. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * The p-quantile of Student's t with `df` degrees of freedom (bisection on the CDF).
 * @example
 * studentTQuantile(0.975, 2); // 4.3027
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function meanOf(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function stdOf(xs: readonly number[], m: number): number {
  if (xs.length < 2) return 0;
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

/** Resamples in the bootstrap interval. */
export const BOOTSTRAP_RESAMPLES = 4000;

/**
 * Percentile bootstrap 95% interval of the mean, from a generator seeded by `seedKey`
 * (so the same samples always give the same interval).
 */
export function bootstrapInterval(xs: readonly number[], seedKey: string, resamples = BOOTSTRAP_RESAMPLES): [number, number] {
  const rng = createRng(`bootstrap:${seedKey}`);
  const n = xs.length;
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += xs[rng.int(0, n)] as number;
    means[b] = s / n;
  }
  means.sort();
  const at = (q: number): number => means[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))] as number;
  return [at(0.025), at(0.975)];
}

/**
 * n, mean, std and the 95% interval of the mean.
 * @param xs per-seed values (finite).
 * @param method `t` (Student, n ≥ 2), `bootstrap` (percentile, seeded by `seedKey`), or
 *   `exact` (a deterministic value: no seed changes it, so n = 1 is the whole population).
 * @example
 * summarizeSamples([1, 2, 3], 't'); // { n: 3, mean: 2, std: 1, ci: [-0.484, 4.484], interval: 't' }
 */
export function summarizeSamples(xs: readonly number[], method: IntervalMethod = 't', seedKey = ''): SampleSummary {
  const n = xs.length;
  const mean = meanOf(xs);
  const std = stdOf(xs, mean);
  if (method === 'exact') return { n, mean, std, ci: n === 1 ? [mean, mean] : [Math.min(...xs), Math.max(...xs)], interval: 'exact' };
  if (n < 2) return { n, mean, std: 0, ci: [mean, mean], interval: 'single seed' };
  if (method === 'bootstrap') return { n, mean, std, ci: bootstrapInterval(xs, seedKey), interval: 'bootstrap' };
  const half = studentTQuantile(0.975, n - 1) * (std / Math.sqrt(n));
  return { n, mean, std, ci: [mean - half, mean + half], interval: 't' };
}
