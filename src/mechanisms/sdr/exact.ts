/**
 * Exact and underflow-free probability arithmetic for the SDR theory: BigInt
 * binomial coefficients, hypergeometric terms as exact integers, and a
 * {@link Probability} record that carries a decimal string and a log10 that stay
 * correct far below the float64 range (1e-300, 1e-5000, ...). Real-valued
 * binomials (for the union formulas with non-integer S_M, A_M) go through a
 * log-gamma in log space, so they never underflow either.
 */
import { ArgumentError } from '../../util/index.js';

/** An exact non-negative rational `num / den` (den > 0). */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

/**
 * A probability reported without underflow.
 * - `decimal`: scientific notation with 10 significant digits (`"8.375780525e-13"`), `"0"` or `"1"`.
 * - `log10`: base-10 logarithm (`-Infinity` for an exact 0).
 * - `value`: the float64 value (underflows to 0 below ~1e-308; use `log10` there).
 * - `exact`: the exact ratio when the formula was evaluated in integers, else null (gamma mode).
 */
export interface Probability {
  readonly decimal: string;
  readonly log10: number;
  readonly value: number;
  readonly exact: Ratio | null;
  /** The nearest double (0 below about 1e-308; use `log10` or `decimal` there). */
  toNumber(): number;
  /** `JSON.stringify` form: decimal and log10 (null for an exact 0), and the exact ratio as decimal strings. */
  toJSON(): { decimal: string; log10: number | null; exact: { num: string; den: string } | null };
}

/**
 * A frozen {@link Probability} with its `toNumber` / `toJSON` (BigInt fields cannot be JSON-encoded as they are),
 * for a probability computed another way (e.g. an approximation to compare with the exact one).
 */
export function probability(decimal: string, log10: number, value: number, exact: Ratio | null = null): Probability {
  return Object.freeze({
    decimal,
    log10,
    value,
    exact,
    toNumber: () => value,
    toJSON: () => ({ decimal, log10: Number.isFinite(log10) ? log10 : null, exact: exact && { num: exact.num.toString(), den: exact.den.toString() } }),
  });
}

/** Significant digits of {@link Probability.decimal}. */
export const DECIMAL_DIGITS = 10;

function checkCount(where: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new ArgumentError(where, { what: 'not a count', expected: 'a non-negative integer', received: v });
}

/**
 * The binomial coefficient C(n, k), exactly; 0 when k < 0 or k > n.
 * @param n - set size, integer ≥ 0.
 * @param k - subset size (any integer).
 * @example
 * binomial(5, 2); // 10n
 */
export function binomial(n: number, k: number): bigint {
  checkCount('binomial(n, k).n', n);
  if (!Number.isSafeInteger(k)) throw new ArgumentError('binomial(n, k).k', { what: 'not an integer', expected: 'an integer', received: k });
  if (k < 0 || k > n) return 0n;
  const m = Math.min(k, n - k);
  let r = 1n;
  // r = C(n, i + 1) after step i; the division is exact at every step.
  for (let i = 0; i < m; i++) r = (r * BigInt(n - i)) / BigInt(i + 1);
  return r;
}

/**
 * Hypergeometric numerators: X ~ HG(population N, successes K, draws d) has
 * P(X = b) = terms[b] / den with terms[b] = C(K, b)·C(N − K, d − b), den = C(N, d).
 * One big product for the first term, then the exact ratio recurrence
 * term(b+1) = term(b)·(K − b)(d − b) / ((b + 1)(N − K − d + b + 1)),
 * so each further term costs a small multiplication and division.
 * @param from - terms below `from` are left 0 (not computed): tails only need b ≥ θ.
 * @returns `terms` for b = 0..min(K, d) and `den`.
 * @example
 * hypergeometricTerms(4, 2, 2); // { terms: [1n, 4n, 1n], den: 6n }
 */
export function hypergeometricTerms(N: number, K: number, d: number, from = 0): { terms: bigint[]; den: bigint } {
  for (const [k, v] of [['N', N], ['K', K], ['d', d]] as const) checkCount(`hypergeometricTerms(N, K, d).${k}`, v);
  if (K > N || d > N) throw new ArgumentError('hypergeometricTerms(N, K, d)', { what: 'successes or draws exceed the population', expected: `K, d <= N = ${N}`, received: { K, d } });
  const bMax = Math.min(K, d);
  const bMin = Math.max(0, d - (N - K), Math.ceil(from));
  const terms: bigint[] = new Array<bigint>(bMax + 1).fill(0n);
  if (bMin <= bMax) {
    let t = binomial(K, bMin) * binomial(N - K, d - bMin);
    for (let b = bMin; ; b++) {
      terms[b] = t;
      if (b === bMax) break;
      t = (t * BigInt(K - b) * BigInt(d - b)) / (BigInt(b + 1) * BigInt(N - K - d + b + 1));
    }
  }
  return { terms, den: binomial(N, d) };
}

/** Σ terms[from..] as an exact {@link Ratio} over `den` (0 when `from` is past the end). */
export function tailRatio(terms: readonly bigint[], den: bigint, from: number): Ratio {
  let num = 0n;
  for (let b = Math.max(0, from); b < terms.length; b++) num += terms[b]!;
  return { num, den };
}

function floorScaled(r: Ratio, k: number): bigint {
  return k >= 0 ? (r.num * 10n ** BigInt(k)) / r.den : r.num / (r.den * 10n ** BigInt(-k));
}

/** r ≈ mant·10^(exp − digits + 1) with `digits` digits in `mant` (truncated); r > 0. */
function leadingDigits(r: Ratio, digits: number): { mant: bigint; exp: number } {
  let exp = r.num.toString().length - r.den.toString().length; // 10^exp ≤ r < 10^(exp+1), or one less
  let mant = floorScaled(r, digits - 1 - exp);
  if (mant < 10n ** BigInt(digits - 1)) {
    exp -= 1;
    mant = floorScaled(r, digits - 1 - exp);
  }
  return { mant, exp };
}

/**
 * An exact ratio as a {@link Probability}: decimal correctly rounded (half up)
 * to {@link DECIMAL_DIGITS} digits; log10 from 17 leading digits.
 * @example
 * fromRatio({ num: 1n, den: 3n }).decimal; // "3.333333333e-1"
 */
export function fromRatio(r: Ratio): Probability {
  if (r.den <= 0n || r.num < 0n) throw new ArgumentError('fromRatio(r)', { what: 'not a non-negative ratio', expected: 'num >= 0, den > 0', received: `${r.num}/${r.den}` });
  if (r.num === 0n) return probability('0', -Infinity, 0, r);
  if (r.num === r.den) return probability('1', 0, 1, r);
  const wide = leadingDigits(r, 17);
  const log10 = Math.log10(Number(wide.mant)) + wide.exp - 16;
  const value = Number(wide.mant) * 10 ** (wide.exp - 16);
  const d = DECIMAL_DIGITS;
  let { mant, exp } = leadingDigits(r, d);
  // Round half up: compare the remainder with one half of the last digit.
  const twice = floorScaled({ num: 2n * r.num, den: r.den }, d - 1 - exp);
  if (twice - 2n * mant >= 1n) mant += 1n;
  if (mant === 10n ** BigInt(d)) {
    mant /= 10n;
    exp += 1;
  }
  const s = mant.toString();
  return probability(`${s[0]}.${s.slice(1)}e${exp}`, log10, Number.isFinite(value) ? value : 10 ** log10, r);
}

/**
 * A probability given by its natural log (gamma-mode results) as a {@link Probability}.
 * Accuracy is that of the log (about 1e-10 relative for the union formulas).
 */
export function fromLn(ln: number): Probability {
  if (ln === -Infinity) return probability('0', -Infinity, 0, null);
  const log10 = Math.min(0, ln / Math.LN10);
  let exp = Math.floor(log10);
  let mantissa = 10 ** (log10 - exp);
  if (mantissa >= 9.9999999995) {
    mantissa = 1;
    exp += 1;
  }
  const decimal = log10 === 0 ? '1' : `${mantissa.toFixed(DECIMAL_DIGITS - 1)}e${exp}`;
  return probability(decimal, log10, 10 ** log10, null);
}

/** ln Γ(x) for x > 0: Stirling's series after shifting x above 15 (|error| < 1e-14 relative). */
export function lnGamma(x: number): number {
  if (!(x > 0)) throw new ArgumentError('lnGamma(x)', { what: 'outside the domain', expected: 'x > 0', received: x });
  let shift = 0;
  while (x < 15) {
    shift += Math.log(x);
    x += 1;
  }
  const x2 = x * x;
  const series = 1 / (12 * x) - 1 / (360 * x * x2) + 1 / (1260 * x * x2 * x2) - 1 / (1680 * x * x2 * x2 * x2);
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/**
 * ln C(n, k) for real n, k through the gamma function; -Infinity when k < 0 or
 * k > n (the convention used for the union formulas with non-integer sizes).
 */
export function lnBinomialReal(n: number, k: number): number {
  if (k < 0 || k > n) return -Infinity;
  return lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1);
}

/** ln Σ exp(ls) without overflow or underflow (log-sum-exp). */
export function logSumExp(ls: readonly number[]): number {
  const m = Math.max(...ls);
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (const l of ls) s += Math.exp(l - m);
  return m + Math.log(s);
}
