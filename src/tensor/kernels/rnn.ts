/**
 * Whole-sequence kernels of a leaky ReLU RNN (the low-rank RNN mechanism's hot
 * loops): TypeScript references over the active GEMM. The WebAssembly backend
 * runs the same steps in one call (assembly/rnn.ts), bit-identical to these
 * where it takes over (see wasm-fused.ts). Buffers are row-major float32, `h`
 * and `g` [steps, nb, n].
 */
import type { GemmParams, RnnSeqParams } from './types.js';

export type { RnnSeqParams };

type Gemm = (p: GemmParams) => void;

/**
 * In place over h (holding W_in·x_t): h_0 ← relu(α·h_0), and for t ≥ 1
 * h_t ← relu(α·(h_t + h_{t−1}·W_hᵀ) + (1−α)·h_{t−1}).
 * @param wHt W_hᵀ [n, n]
 */
export function reluRnnForwardReference(gemm: Gemm, h: Float32Array, wHt: Float32Array, p: RnnSeqParams): void {
  const { steps, nb, n, alpha } = p;
  const bn = nb * n, rows = steps * nb;
  for (let o = 0; o < rows * n; o += bn) {
    if (o > 0) gemm({ m: nb, n, k: n, a: h.subarray(o - bn, o), b: wHt, c: h.subarray(o, o + bn), accumulate: true });
    for (let i = o; i < o + bn; i++) {
      const pre = alpha * h[i] + (o > 0 ? (1 - alpha) * h[i - bn] : 0);
      h[i] = pre > 0 ? pre : 0;
    }
  }
}

/**
 * BPTT in place over g (holding ∂L/∂h_t): from the last step down, g_t += g_{t+1}·W_h,
 * then g_t ← h_t > 0 ? α·(g_t + (1−α)/α·g_{t+1}) : 0.
 * @param wH W_h [n, n]
 */
export function reluRnnBackwardReference(gemm: Gemm, g: Float32Array, h: Float32Array, wH: Float32Array, p: RnnSeqParams): void {
  const { steps, nb, n, alpha } = p;
  const bn = nb * n, rows = steps * nb;
  for (let o = (steps - 1) * bn; o >= 0; o -= bn) {
    const leak = o + bn < rows * n ? (1 - alpha) / alpha : 0;
    if (o + bn < rows * n) gemm({ m: nb, n, k: n, a: g.subarray(o + bn, o + 2 * bn), b: wH, c: g.subarray(o, o + bn), accumulate: true });
    for (let i = o; i < o + bn; i++) g[i] = h[i] > 0 ? alpha * (g[i] + (leak !== 0 ? leak * g[i + bn] : 0)) : 0;
  }
}

/** gH += Σ_{t≥1} g_tᵀ·h_{t−1}, one accumulating GEMM per step, in step order. */
export function reluRnnGradWhReference(gemm: Gemm, g: Float32Array, h: Float32Array, gH: Float32Array, p: RnnSeqParams): void {
  const { steps, nb, n } = p;
  const bn = nb * n, rows = steps * nb;
  for (let o = bn; o < rows * n; o += bn) gemm({ m: n, n, k: nb, a: g.subarray(o, o + bn), b: h.subarray(o - bn, o), c: gH, transA: true, accumulate: true });
}
