/** Activation functions, each one elementwise op with a float64 derivative. */
import { makeOp, type Tensor } from '../tensor.js';
import { kernel } from '../kernels/registry.js';
import { erf } from './erf.js';
import { unary } from './unary.js';

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;

/** Logistic function in float64, stable for large |x|. */
export function sigmoid64(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/** log(1 + e^v) without overflow. */
export function softplus64(v: number): number {
  return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
}

/** @param x any tensor. @returns `max(x, 0)` (gradient 0 at 0). */
export function relu(x: Tensor): Tensor {
  // a kernel (not `unary`): the hot activation of every MLP/CNN; branch-free SIMD in wasm
  const X = x.data, n = x.size;
  const out = new Float32Array(n);
  kernel('relu')(X, out);
  return makeOp('relu', out, x.shape, [x], (g) => {
    const gx = new Float32Array(n);
    kernel('reluBackward')(X, g, gx);
    return [gx];
  });
}

/**
 * @param x any tensor.
 * @param slope slope for x < 0 (default 0.01).
 * @returns `x` for x > 0, `slope·x` otherwise.
 */
export function leakyRelu(x: Tensor, slope = 0.01): Tensor {
  return unary('leakyRelu', x, (v) => (v > 0 ? v : slope * v), (v) => (v > 0 ? 1 : slope));
}

/**
 * @param x any tensor.
 * @param alpha saturation value for x → −∞ (default 1).
 * @returns `x` for x > 0, `alpha·(e^x − 1)` otherwise.
 */
export function elu(x: Tensor, alpha = 1): Tensor {
  return unary('elu', x, (v) => (v > 0 ? v : alpha * Math.expm1(v)), (v) => (v > 0 ? 1 : alpha * Math.exp(v)));
}

/**
 * GELU, exact erf form `x·Φ(x) = x/2·(1 + erf(x/√2))` (not the tanh approximation).
 * @param x any tensor.
 * @returns gelu(x); derivative Φ(x) + x·φ(x).
 */
export function gelu(x: Tensor): Tensor {
  return unary(
    'gelu',
    x,
    (v) => 0.5 * v * (1 + erf(v * SQRT1_2)),
    (v) => 0.5 * (1 + erf(v * SQRT1_2)) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v),
  );
}

/** @param x any tensor. @returns tanh per element; derivative 1 − y² from the stored output y. */
export function tanh(x: Tensor): Tensor {
  const n = x.size;
  const out = new Float32Array(n);
  kernel('tanh')(x.data, out);
  return makeOp('tanh', out, x.shape, [x], (g) => {
    const gx = new Float32Array(n);
    for (let i = 0; i < n; i++) gx[i] = g[i] * (1 - out[i] * out[i]);
    return [gx];
  });
}

/** @param x any tensor. @returns the logistic `1/(1 + e^−x)`, stable for large |x|. */
export function sigmoid(x: Tensor): Tensor {
  return unary('sigmoid', x, sigmoid64, (v) => {
    const s = sigmoid64(v);
    return s * (1 - s);
  });
}

/** @param x any tensor. @returns `log(1 + e^x)`, stable for large |x|; derivative sigmoid(x). */
export function softplus(x: Tensor): Tensor {
  return unary('softplus', x, softplus64, sigmoid64);
}
