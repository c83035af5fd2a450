/**
 * Whole-sequence kernels of the leaky ReLU RNN (src/mechanisms/low-rank): the
 * recurrence of the forward pass and of hand-written BPTT, one call per
 * sequence instead of a GEMM call and a JS loop per time step. Each repeats its
 * TypeScript reference (src/tensor/kernels/rnn.ts) operation by operation: the
 * same GEMM calls in the same order (so the same float32 sums) and the same
 * float64 arithmetic in the elementwise parts, hence bit-identical results.
 * Buffers are row-major float32: `h` and `g` are [steps, nb, n].
 */
import { gemm } from './gemm';

/**
 * h_0 ← relu(α·h_0); h_t ← relu(α·(h_t + h_{t−1}·W_hᵀ) + (1−α)·h_{t−1}) for t ≥ 1,
 * in place over h (which holds W_in·x_t on entry).
 * @param wHt W_hᵀ [n, n]
 * @param packA, packB, tmp GEMM scratch (see gemm)
 */
export function reluRnnForward(h: usize, wHt: usize, steps: i32, nb: i32, n: i32, alpha: f64, packA: usize, packB: usize, tmp: usize): void {
  const bn = nb * n;
  const rest = 1 - alpha;
  for (let t = 0; t < steps; t++) {
    const cur = h + (<usize>(t * bn) << 2);
    const prev = cur - (<usize>bn << 2);
    if (t > 0) gemm(nb, n, n, prev, wHt, cur, 0, 0, 1, 0, n, packA, packB, tmp);
    for (let i = 0; i < bn; i++) {
      const p = cur + (<usize>i << 2);
      const pre = alpha * <f64>load<f32>(p) + (t > 0 ? rest * <f64>load<f32>(prev + (<usize>i << 2)) : 0);
      store<f32>(p, pre > 0 ? <f32>pre : 0);
    }
  }
}

/**
 * BPTT through the recurrence, in place over g (which holds ∂L/∂h_t on entry):
 * from the last step down, g_t += g_{t+1}·W_h, then
 * g_t ← h_t > 0 ? α·(g_t + (1−α)/α·g_{t+1}) : 0.
 * @param wH W_h [n, n]
 */
export function reluRnnBackward(g: usize, h: usize, wH: usize, steps: i32, nb: i32, n: i32, alpha: f64, packA: usize, packB: usize, tmp: usize): void {
  const bn = nb * n;
  for (let t = steps - 1; t >= 0; t--) {
    const cur = g + (<usize>(t * bn) << 2);
    const next = cur + (<usize>bn << 2);
    const hc = h + (<usize>(t * bn) << 2);
    const last = t == steps - 1;
    const leak = last ? 0 : (1 - alpha) / alpha;
    if (!last) gemm(nb, n, n, next, wH, cur, 0, 0, 1, 0, n, packA, packB, tmp);
    for (let i = 0; i < bn; i++) {
      const p = cur + (<usize>i << 2);
      const gi = <f64>load<f32>(p);
      const v = load<f32>(hc + (<usize>i << 2)) > 0 ? alpha * (gi + (leak != 0 ? leak * <f64>load<f32>(next + (<usize>i << 2)) : 0)) : 0;
      store<f32>(p, <f32>v);
    }
  }
}

/** gH += Σ_{t≥1} g_tᵀ·h_{t−1}, one accumulating GEMM per step in step order. */
export function reluRnnGradWh(g: usize, h: usize, gH: usize, steps: i32, nb: i32, n: i32, packA: usize, packB: usize, tmp: usize): void {
  const bn = nb * n;
  for (let t = 1; t < steps; t++) {
    gemm(n, n, nb, g + (<usize>(t * bn) << 2), h + (<usize>((t - 1) * bn) << 2), gH, 1, 0, 1, 0, n, packA, packB, tmp);
  }
}
