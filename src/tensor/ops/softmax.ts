/**
 * Softmax family, each one fused op (max-shifted, so no overflow): softmax,
 * logSoftmax, and crossEntropy whose backward is `(softmax − onehot)/N`.
 */
import { ShapeError } from '../../util/index.js';
import { makeOp, Tensor } from '../tensor.js';
import { normAxis, splitAt } from '../shape.js';
import { toIndices, type Indices } from './index-ops.js';
import { kernel } from '../kernels/registry.js';

/** Writes log-softmax of every [outer, n, inner] line of X into out (float32); contiguous lines go to the kernel. */
function logSoftmaxLines(X: Float32Array, out: Float32Array, outer: number, n: number, inner: number): void {
  if (inner === 1) return kernel('softmaxRows')(X, out, outer, n, true);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      let mx = -Infinity;
      for (let r = 0; r < n; r++) mx = Math.max(mx, X[base + r * inner]);
      let s = 0;
      for (let r = 0; r < n; r++) s += Math.exp(X[base + r * inner] - mx);
      const lse = mx + Math.log(s);
      for (let r = 0; r < n; r++) out[base + r * inner] = X[base + r * inner] - lse;
    }
  }
}

/**
 * Softmax along an axis.
 * @param x logits.
 * @param axis normalised axis (default -1).
 * @returns probabilities summing to 1 along `axis`.
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  const ax = normAxis(axis, x.ndim, 'softmax(x, axis)');
  const [outer, n, inner] = splitAt(x.shape, ax, ax + 1);
  const y = new Float32Array(x.size);
  if (inner === 1) kernel('softmaxRows')(x.data, y, outer, n, false);
  else {
    logSoftmaxLines(x.data, y, outer, n, inner);
    for (let i = 0; i < y.length; i++) y[i] = Math.exp(y[i]);
  }
  return makeOp('softmax', y, x.shape, [x], (g) => {
    // dx = y ⊙ (g − Σ g·y)
    const gx = new Float32Array(x.size);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        const base = o * n * inner + j;
        let dot = 0;
        for (let r = 0; r < n; r++) dot += g[base + r * inner] * y[base + r * inner];
        for (let r = 0; r < n; r++) gx[base + r * inner] = y[base + r * inner] * (g[base + r * inner] - dot);
      }
    }
    return [gx];
  });
}

/**
 * Log-softmax along an axis (log-sum-exp stabilised).
 * @param x logits.
 * @param axis normalised axis (default -1).
 * @returns `x − logsumexp(x)` along `axis`.
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const ax = normAxis(axis, x.ndim, 'logSoftmax(x, axis)');
  const [outer, n, inner] = splitAt(x.shape, ax, ax + 1);
  const y = new Float32Array(x.size);
  logSoftmaxLines(x.data, y, outer, n, inner);
  return makeOp('logSoftmax', y, x.shape, [x], (g) => {
    // dx = g − softmax · Σ g
    const gx = new Float32Array(x.size);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        const base = o * n * inner + j;
        let s = 0;
        for (let r = 0; r < n; r++) s += g[base + r * inner];
        for (let r = 0; r < n; r++) gx[base + r * inner] = g[base + r * inner] - Math.exp(y[base + r * inner]) * s;
      }
    }
    return [gx];
  });
}

/**
 * Mean cross-entropy of logits against class indices, fused and stable.
 * @param logits `[N, C]` unnormalised scores.
 * @param labels `[N]` class indices in `[0, C)`.
 * @returns scalar `mean_i(logsumexp(logits_i) − logits_i[label_i])`.
 */
export function crossEntropy(logits: Tensor, labels: Indices): Tensor {
  const where = 'crossEntropy(logits, labels)';
  if (logits.ndim !== 2) throw new ShapeError(where, { what: 'logits must be 2-D', expected: '[N, C]', received: logits.shape });
  const [N, C] = logits.shape;
  const len = labels instanceof Tensor ? labels.size : labels.length;
  if (len !== N) throw new ShapeError(where, { what: 'one label per row', expected: [N], received: [len] });
  const y = toIndices(labels, C, where);
  const probs = new Float32Array(logits.size);
  const loss = kernel('crossEntropy')(logits.data, y, N, C, probs);
  const out = new Float32Array([N === 0 ? 0 : loss / N]);
  return makeOp('crossEntropy', out, [], [logits], (g) => {
    const scale = g[0] / N;
    const gx = new Float32Array(logits.size);
    for (let i = 0; i < gx.length; i++) gx[i] = probs[i] * scale;
    for (let i = 0; i < N; i++) gx[i * C + y[i]] -= scale;
    return [gx];
  });
}
