/**
 * Richness metrics of Liu et al. (2023), computed on a fixed probe batch before
 * and after training. Richer learning = larger weight change, lower kernel and
 * representation alignment, lower sign similarity.
 */
import { matmul, noGrad, Tensor, transpose } from '../../tensor/index.js';
import { ShapeError } from '../../util/index.js';
import type { RnnWeights } from './rnn.js';
import type { TaskBatch } from './tasks.js';

/** Hidden states of a float64 forward pass. */
export interface RnnTrace {
  /** h_t, [steps, batch, n]. */
  readonly h: Float64Array;
  /** 1 where the pre-activation was > 0 (ReLU slope), [steps, batch, n]. */
  readonly active: Uint8Array;
}

/**
 * Float64 forward pass of the ReLU RNN (no tape), for the metrics.
 * @param w weights
 * @param tb trials
 * @returns hidden states and ReLU slopes
 */
export function rnnTrace(w: RnnWeights, tb: TaskBatch): RnnTrace {
  const { n, inputSize: ni, alpha } = w;
  if (tb.inputSize !== ni) throw new ShapeError('rnnTrace(w, tb)', { what: 'inputSize', expected: ni, received: tb.inputSize });
  const h = new Float64Array(tb.steps * tb.batch * n);
  const active = new Uint8Array(h.length);
  for (let t = 0; t < tb.steps; t++) {
    for (let b = 0; b < tb.batch; b++) {
      const o = (t * tb.batch + b) * n;
      const po = ((t - 1) * tb.batch + b) * n;
      const x = (t * tb.batch + b) * ni;
      for (let i = 0; i < n; i++) {
        let drive = 0;
        for (let j = 0; j < ni; j++) drive += w.wIn[i * ni + j] * tb.inputs[x + j];
        if (t > 0) for (let j = 0; j < n; j++) drive += w.wH[i * n + j] * h[po + j];
        const pre = alpha * drive + (t > 0 ? (1 - alpha) * h[po + i] : 0);
        h[o + i] = pre > 0 ? pre : 0;
        active[o + i] = pre > 0 ? 1 : 0;
      }
    }
  }
  return { h, active };
}

/**
 * Jacobian of every output y_{t,b,k} w.r.t. the recurrent weights W_h only.
 * Row order (b, t, k); columns are W_h row-major.
 * @param w weights
 * @param tb probe trials
 * @returns [batch·steps·out, n²] as float32
 */
export function recurrentJacobian(w: RnnWeights, tb: TaskBatch): Float32Array {
  const { n, outputSize: k, alpha } = w;
  const { h, active } = rnnTrace(w, tb);
  const rows = tb.batch * tb.steps * k;
  const jac = new Float32Array(rows * n * n);
  const delta = new Float64Array(n);
  const prev = new Float64Array(n);
  for (let b = 0; b < tb.batch; b++) {
    for (let t = 0; t < tb.steps; t++) {
      for (let c = 0; c < k; c++) {
        const row = ((b * tb.steps + t) * k + c) * n * n;
        const at = (s: number): number => (s * tb.batch + b) * n;
        for (let i = 0; i < n; i++) delta[i] = w.wOut[c * n + i] * active[at(t) + i];
        // ∂y/∂W_h = Σ_s α·δ_s h_{s−1}ᵀ, with δ_{s−1} = ((1−α)δ_s + α W_hᵀ δ_s) ⊙ relu′(pre_{s−1}).
        for (let s = t; s >= 1; s--) {
          const hp = at(s - 1);
          for (let i = 0; i < n; i++) {
            const d = alpha * delta[i];
            if (d === 0) continue;
            for (let j = 0; j < n; j++) jac[row + i * n + j] += d * h[hp + j];
          }
          prev.fill(0);
          for (let i = 0; i < n; i++) {
            const d = delta[i];
            if (d === 0) continue;
            for (let j = 0; j < n; j++) prev[j] += w.wH[i * n + j] * d;
          }
          for (let j = 0; j < n; j++) delta[j] = ((1 - alpha) * delta[j] + alpha * prev[j]) * active[hp + j];
        }
      }
    }
  }
  return jac;
}

/**
 * Empirical tangent kernel K = J Jᵀ over recurrent weights (J from
 * {@link recurrentJacobian}); the product runs on the tensor engine's GEMM.
 * @param w weights
 * @param tb probe trials
 * @returns row-major [R, R], R = batch·steps·out
 */
export function tangentKernel(w: RnnWeights, tb: TaskBatch): Float64Array {
  const rows = tb.batch * tb.steps * w.outputSize;
  const j = new Tensor(recurrentJacobian(w, tb), [rows, w.n * w.n]);
  return Float64Array.from(noGrad(() => matmul(j, transpose(j))).data);
}

/**
 * Cosine similarity ⟨A, B⟩_F / (‖A‖_F ‖B‖_F) of two same-size arrays; this is the
 * kernel alignment when A, B are tangent kernels.
 * @param a first matrix (any layout)
 * @param b second, same length
 * @returns in [−1, 1] (0 if either is zero)
 */
export function alignment(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new ShapeError('alignment(a, b)', { what: 'equal sizes', expected: a.length, received: b.length });
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/**
 * Kernel alignment KA between the tangent kernels before and after training.
 * @param before weights at t = 0
 * @param after trained weights
 * @param probe the fixed probe batch
 * @returns KA in [−1, 1]; 1 = the kernel did not change direction (lazy)
 */
export function kernelAlignment(before: RnnWeights, after: RnnWeights, probe: TaskBatch): number {
  return alignment(tangentKernel(before, probe), tangentKernel(after, probe));
}

/** Gram matrix HHᵀ [batch, batch] of the hidden states at step t. */
function hiddenGram(h: Float64Array, tb: TaskBatch, n: number, t: number): Float64Array {
  const g = new Float64Array(tb.batch * tb.batch);
  const o = t * tb.batch * n;
  for (let a = 0; a < tb.batch; a++) {
    for (let b = a; b < tb.batch; b++) {
      let acc = 0;
      for (let i = 0; i < n; i++) acc += h[o + a * n + i] * h[o + b * n + i];
      g[a * tb.batch + b] = acc;
      g[b * tb.batch + a] = acc;
    }
  }
  return g;
}

/**
 * Representation alignment RA: cosine of the hidden-state Gram matrices at the
 * last decision step, before vs after training.
 * @param before weights at t = 0
 * @param after trained weights
 * @param probe the fixed probe batch
 * @returns RA; 1 = unchanged representation geometry (lazy)
 */
export function representationAlignment(before: RnnWeights, after: RnnWeights, probe: TaskBatch): number {
  const t = probe.decision[1] - 1;
  return alignment(hiddenGram(rnnTrace(before, probe).h, probe, before.n, t), hiddenGram(rnnTrace(after, probe).h, probe, after.n, t));
}

/**
 * Sign similarity: fraction of hidden units (over trials and decision-period
 * steps) whose ReLU state — active or silent — is the same before and after.
 * @param before weights at t = 0
 * @param after trained weights
 * @param probe the fixed probe batch
 * @returns in [0, 1]
 */
export function signSimilarity(before: RnnWeights, after: RnnWeights, probe: TaskBatch): number {
  const a = rnnTrace(before, probe).active;
  const b = rnnTrace(after, probe).active;
  const per = probe.batch * before.n;
  let same = 0;
  for (let i = probe.decision[0] * per; i < probe.decision[1] * per; i++) same += a[i] === b[i] ? 1 : 0;
  return same / ((probe.decision[1] - probe.decision[0]) * per);
}

/**
 * ‖W(T) − W(0)‖_F.
 * @param before [n, n]
 * @param after [n, n]
 * @returns the Frobenius norm of the change
 */
export function weightChangeNorm(before: ArrayLike<number>, after: ArrayLike<number>): number {
  if (before.length !== after.length) throw new ShapeError('weightChangeNorm(before, after)', { what: 'equal sizes', expected: before.length, received: after.length });
  let acc = 0;
  for (let i = 0; i < before.length; i++) acc += (after[i] - before[i]) ** 2;
  return Math.sqrt(acc);
}
