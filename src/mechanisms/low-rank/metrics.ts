/**
 * Richness metrics of Liu et al. (2023), computed on a fixed probe batch before
 * and after training. Richer learning = larger weight change, lower kernel and
 * representation alignment, lower sign similarity.
 */
import { kernels } from '../../tensor/index.js';
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
 * Empirical tangent kernel K = J Jᵀ over the recurrent weights only: row r of J is
 * ∂y_{t,b,k}/∂W_h (row-major n²) for every trial b, every labelled step t (all
 * steps of the cognitive tasks, the last of sequential MNIST) and output k; rows
 * in (b, t, k) order. Since J_r = α Σ_{s≥1} δ_s^r h_{s−1}ᵀ (δ backpropagated from
 * y_{t,b,k}), ⟨J_r, J_q⟩ = α² Σ_{s,s'} (δ_s^r·δ_{s'}^q)(h_{s−1}·h_{s'−1}): Gram
 * matrices of n-vectors (tensor engine GEMMs) replace the n²-long rows of J.
 * @param w weights
 * @param tb probe trials
 * @returns row-major [R, R], R = batch·(labelled steps)·out
 */
export function tangentKernel(w: RnnWeights, tb: TaskBatch): Float64Array {
  const { n, outputSize: k, alpha } = w;
  const { batch: nb, steps: nt } = tb;
  const gemm = kernels().gemm;
  const { h, active } = rnnTrace(w, tb);
  const outSteps = [...Array(nt).keys()].filter((t) => tb.labels[t * nb] >= 0);
  const rows = nb * outSteps.length * k;
  const bk = nb * k;
  // Pieces δ_s^r, in blocks of bk rows (b, k) per (t, s); `row` is r, `hrow` the trace row of h_{s−1}.
  const pieces = bk * outSteps.reduce((a, t) => a + t, 0);
  const d = new Float32Array(pieces * n);
  const row = new Int32Array(pieces);
  const hrow = new Int32Array(pieces);
  const wH = Float32Array.from(w.wH);
  let p = 0;
  outSteps.forEach((t, ti) => {
    if (t === 0) return;
    for (let b = 0; b < nb; b++) for (let c = 0; c < k; c++) for (let i = 0; i < n; i++) d[(p + b * k + c) * n + i] = w.wOut[c * n + i] * active[(t * nb + b) * n + i];
    for (let s = t; s >= 1; s--, p += bk) {
      for (let q = 0; q < bk; q++) {
        row[p + q] = (Math.floor(q / k) * outSteps.length + ti) * k + (q % k);
        hrow[p + q] = (s - 1) * nb + Math.floor(q / k);
      }
      if (s === 1) continue;
      // δ_{s−1} = ((1−α)δ_s + α W_hᵀ δ_s) ⊙ relu′(pre_{s−1})
      const cur = d.subarray(p * n, (p + bk) * n);
      const next = d.subarray((p + bk) * n, (p + 2 * bk) * n);
      gemm({ m: bk, n, k: n, a: cur, b: wH, c: next });
      for (let q = 0; q < bk; q++) {
        const a = ((s - 1) * nb + Math.floor(q / k)) * n;
        for (let i = 0; i < n; i++) next[q * n + i] = ((1 - alpha) * cur[q * n + i] + alpha * next[q * n + i]) * active[a + i];
      }
    }
  });
  const h32 = Float32Array.from(h);
  const hh = new Float32Array(nt * nb * nt * nb);
  gemm({ m: nt * nb, n: nt * nb, k: n, a: h32, b: h32, c: hh, transB: true });
  // Gram of the pieces in blocks (bounded memory), folded into K.
  const kern = new Float64Array(rows * rows);
  const block = 2048;
  const dd = new Float32Array(Math.min(block, pieces) ** 2);
  for (let p0 = 0; p0 < pieces; p0 += block) {
    for (let q0 = p0; q0 < pieces; q0 += block) {
      const [mp, mq] = [Math.min(block, pieces - p0), Math.min(block, pieces - q0)];
      gemm({ m: mp, n: mq, k: n, a: d.subarray(p0 * n, (p0 + mp) * n), b: d.subarray(q0 * n, (q0 + mq) * n), c: dd, transB: true });
      for (let i = 0; i < mp; i++) {
        const [ri, hi] = [row[p0 + i] * rows, hrow[p0 + i] * nt * nb];
        for (let j = 0; j < mq; j++) {
          const v = alpha * alpha * dd[i * mq + j] * hh[hi + hrow[q0 + j]];
          kern[ri + row[q0 + j]] += v;
          if (q0 !== p0) kern[row[q0 + j] * rows + row[p0 + i]] += v;
        }
      }
    }
  }
  return kern;
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
