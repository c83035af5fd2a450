/** Elementwise unary math: neg, exp, log, sqrt, abs, clamp, and the shared `unary` helper. */
import { makeOp, type Tensor } from '../tensor.js';

/**
 * @internal Builds an elementwise op from its value and derivative.
 * @param f value, computed in float64 then stored as float32.
 * @param df derivative given the input `x` and the stored output `y`.
 */
export function unary(op: string, x: Tensor, f: (v: number) => number, df: (x: number, y: number) => number): Tensor {
  const X = x.data;
  const n = x.size;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = f(X[i]);
  return makeOp(op, out, x.shape, [x], (g) => {
    const gx = new Float32Array(n);
    for (let i = 0; i < n; i++) gx[i] = g[i] * df(X[i], out[i]);
    return [gx];
  });
}

/** @param x any tensor. @returns `-x`. */
export function neg(x: Tensor): Tensor {
  return unary('neg', x, (v) => -v, () => -1);
}

/** @param x any tensor. @returns `e^x` per element. */
export function exp(x: Tensor): Tensor {
  return unary('exp', x, Math.exp, (v) => Math.exp(v));
}

/** @param x positive values. @returns natural log per element. */
export function log(x: Tensor): Tensor {
  return unary('log', x, Math.log, (v) => 1 / v);
}

/** @param x non-negative values. @returns square root per element. */
export function sqrt(x: Tensor): Tensor {
  return unary('sqrt', x, Math.sqrt, (v) => 0.5 / Math.sqrt(v));
}

/** @param x any tensor. @returns |x| per element (gradient 0 at 0). */
export function abs(x: Tensor): Tensor {
  return unary('abs', x, Math.abs, (v) => (v > 0 ? 1 : v < 0 ? -1 : 0));
}

/**
 * Clamps into `[min, max]` (either bound optional). Gradient passes where
 * `min <= x <= max`, as in PyTorch.
 * @param x any tensor.
 * @param min lower bound (default −∞).
 * @param max upper bound (default +∞).
 * @returns the clamped values.
 */
export function clamp(x: Tensor, min = -Infinity, max = Infinity): Tensor {
  return unary('clamp', x, (v) => (v < min ? min : v > max ? max : v), (v) => (v >= min && v <= max ? 1 : 0));
}
