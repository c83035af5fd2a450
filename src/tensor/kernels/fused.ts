/**
 * Reference fused kernels (the oracle and fallback of assembly/fused.ts):
 * bias + activation, ReLU and its backward, bias-gradient column sums, row
 * reductions, row softmax / log-softmax and softmax cross-entropy. Rows are
 * contiguous: `[rows, cols]` row-major float32.
 */

import { tanh64 } from '../ops/fast-math.js';

/** Options of the GEMM epilogue: `C ← act(C + bias)` per row. */
export type GemmActivation = 'none' | 'relu';

/** c[r, j] ← act(c[r, j] + bias[j]) in place over the first rows·cols floats. */
export function biasActReference(c: Float32Array, bias: Float32Array | null, rows: number, cols: number, act: GemmActivation): void {
  if (bias !== null) for (let r = 0; r < rows; r++) for (let j = 0, o = r * cols; j < cols; j++) c[o + j] += bias[j];
  // NaN propagates (as PyTorch's relu); −0 gives +0.
  if (act === 'relu') for (let i = 0; i < rows * cols; i++) c[i] = c[i] > 0 || c[i] !== c[i] ? c[i] : 0;
}

/** Same-shape binary ops of `binarySameReference`. */
export type BinaryOpName = 'add' | 'sub' | 'mul' | 'div';

/** out = a ∘ b elementwise (float32 results, like the wasm f32x4 ops: identical roundings). */
export function binarySameReference(op: BinaryOpName, a: Float32Array, b: Float32Array, out: Float32Array): void {
  const n = out.length;
  if (op === 'add') for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
  else if (op === 'sub') for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
  else if (op === 'mul') for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
  else for (let i = 0; i < n; i++) out[i] = a[i] / b[i];
}

/** out[i] = x[i] > 0 ? x[i] : 0, and NaN stays NaN (as PyTorch: a NaN is never hidden as 0). */
export function reluReference(x: Float32Array, out: Float32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = x[i] > 0 || x[i] !== x[i] ? x[i] : 0;
}

/** out[i] = tanh(x[i]) by the float64 `tanh64` (relative error < 1e-10 before the float32 store). */
export function tanhReference(x: Float32Array, out: Float32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = tanh64(x[i]);
}

/** out[i] = x[i] > 0 ? g[i] : 0. */
export function reluBackwardReference(x: Float32Array, g: Float32Array, out: Float32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = x[i] > 0 ? g[i] : 0;
}

/** out[j] += Σ_r g[r, j] (float32 adds in row order). */
export function colSumsReference(g: Float32Array, rows: number, cols: number, out: Float32Array): void {
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) out[j] += g[r * cols + j];
}

/** out[r] = Σ_j x[r, j] in float64, rounded to float32. */
export function sumRowsReference(x: Float32Array, rows: number, n: number, out: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let i = r * n, e = i + n; i < e; i++) s += x[i];
    out[r] = s;
  }
}

/** out[r] = max_j x[r, j], arg[r] its first index (a NaN counts only as the first element). */
export function maxRowsReference(x: Float32Array, rows: number, n: number, out: Float32Array, arg: Int32Array): void {
  for (let r = 0; r < rows; r++) {
    let best = x[r * n], idx = 0;
    for (let j = 1; j < n; j++) {
      if (x[r * n + j] > best) {
        best = x[r * n + j];
        idx = j;
      }
    }
    out[r] = best;
    arg[r] = idx;
  }
}

/** Row-wise log-softmax (`log`) or softmax of x [rows, n] into out, max-shifted in float64. */
export function softmaxRowsReference(x: Float32Array, out: Float32Array, rows: number, n: number, log: boolean): void {
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    let mx = -Infinity;
    for (let j = 0; j < n; j++) mx = Math.max(mx, x[base + j]);
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.exp(x[base + j] - mx);
    const lse = mx + Math.log(s);
    for (let j = 0; j < n; j++) out[base + j] = x[base + j] - lse;
    if (!log) for (let j = 0; j < n; j++) out[base + j] = Math.exp(out[base + j]);
  }
}

/**
 * Softmax cross-entropy: writes softmax(x) into `probs` and returns Σ_r −log p[r, label_r]
 * (from the float32 log-probabilities, summed in float64).
 */
export function crossEntropyReference(x: Float32Array, labels: Int32Array, rows: number, n: number, probs: Float32Array): number {
  softmaxRowsReference(x, probs, rows, n, true);
  let loss = 0;
  for (let r = 0; r < rows; r++) loss -= probs[r * n + labels[r]];
  for (let i = 0; i < rows * n; i++) probs[i] = Math.exp(probs[i]);
  return loss;
}
