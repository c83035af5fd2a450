/**
 * Gradient checking: autodiff against central finite differences.
 *
 * The forward runs in float32 (it is the code under test), so differences are
 * taken in float64 around the float32 values: the weighted output sum is
 * accumulated in float64, and the denominator is the perturbation actually
 * stored (`fround(x + eps) − fround(x − eps)`), not `2·eps`. With eps = 1e-3 the
 * truncation error is O(eps²·f‴) ≈ 1e-6 and float32 rounding contributes about
 * 1e-7·|f|/eps ≈ 1e-4·|f|, which the default tolerances cover.
 */
import { createRng } from '../util/index.js';
import { noGrad, Tensor } from './tensor.js';

/** Options of {@link checkGrad}. */
export interface CheckGradOptions {
  /** Absolute tolerance (default 1e-3). */
  atol?: number;
  /** Relative tolerance, times |numeric| (default 1e-2). */
  rtol?: number;
  /** Finite-difference step (default 1e-3). */
  eps?: number;
  /** Which inputs to differentiate (default: all); others are held constant (e.g. index tensors). */
  wrt?: readonly number[];
  /** Seed of the random output weights (default 0). */
  seed?: number;
}

/** Result of {@link checkGrad}. */
export interface CheckGradResult {
  /** Every element satisfied |autodiff − numeric| ≤ atol + rtol·|numeric|. */
  ok: boolean;
  /** Largest |autodiff − numeric|. */
  maxAbsErr: number;
  /** Largest |autodiff − numeric| / max(|autodiff|, |numeric|) over elements where that max exceeds atol. */
  maxRelErr: number;
  /** The element closest to (or furthest past) the tolerance, described. */
  worst: string;
}

/**
 * Compares the autodiff gradient of `sum(fn(...inputs) ⊙ w)` (w random in
 * [−1, 1], seeded) with central finite differences, element by element.
 * Inputs are copied; the originals are not touched.
 * @param fn the function under test; must be deterministic.
 * @param inputs its arguments (any shapes).
 * @param opts tolerances, step, `wrt`, `seed`.
 * @returns `{ ok, maxAbsErr, maxRelErr, worst }`.
 * @example expect(checkGrad((x) => x.tanh(), [randn([3], { rng })]).ok).toBe(true)
 */
export function checkGrad(fn: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], opts: CheckGradOptions = {}): CheckGradResult {
  const atol = opts.atol ?? 1e-3;
  const rtol = opts.rtol ?? 1e-2;
  const eps = opts.eps ?? 1e-3;
  const wrt = opts.wrt ?? inputs.map((_, i) => i);
  const xs = inputs.map((t, i) => {
    const c = new Tensor(t.data.slice(), t.shape, wrt.includes(i));
    if (t.name !== undefined) c.name = t.name;
    return c;
  });
  const out = fn(...xs);
  const w = new Float32Array(out.size);
  createRng(opts.seed ?? 0).fillUniform(w, -1, 1);
  if (out.requiresGrad) out.backward(new Tensor(w, out.shape));
  const objective = (): number => {
    const o = noGrad(() => fn(...xs)).data;
    let s = 0;
    for (let i = 0; i < o.length; i++) s += w[i] * o[i];
    return s;
  };
  let ok = true;
  let maxAbsErr = 0;
  let maxRelErr = 0;
  let worstRatio = -1;
  let worst = 'no elements';
  for (const i of wrt) {
    const x = xs[i];
    const X = x.data;
    for (let j = 0; j < x.size; j++) {
      const orig = X[j];
      X[j] = orig + eps;
      const xp = X[j];
      const fp = objective();
      X[j] = orig - eps;
      const xm = X[j];
      const fm = objective();
      X[j] = orig;
      const numeric = (fp - fm) / (xp - xm);
      const analytic = x.grad === null ? 0 : x.grad.data[j];
      const err = Math.abs(analytic - numeric);
      const bound = atol + rtol * Math.abs(numeric);
      const scale = Math.max(Math.abs(analytic), Math.abs(numeric));
      if (!(err <= bound)) ok = false;
      maxAbsErr = Math.max(maxAbsErr, err);
      if (scale > atol) maxRelErr = Math.max(maxRelErr, err / scale);
      const ratio = Number.isNaN(err) ? Infinity : err / bound;
      if (ratio > worstRatio) {
        worstRatio = ratio;
        worst = `input ${i}${x.name === undefined ? '' : ` (${x.name})`} element ${j}: autodiff ${analytic}, numeric ${numeric}`;
      }
    }
  }
  return { ok, maxAbsErr, maxRelErr, worst };
}
