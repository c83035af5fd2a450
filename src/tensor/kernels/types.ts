/**
 * The kernel interface: the hot loops that a faster backend (WebAssembly SIMD,
 * a later issue) can replace without touching the ops or the tape.
 */

/** Arguments of {@link Kernels.gemm}. */
export interface GemmParams {
  /** Rows of op(A) and C. */
  m: number;
  /** Columns of op(B) and C. */
  n: number;
  /** Inner dimension. */
  k: number;
  /** A stored `[m, k]`, or `[k, m]` when `transA`. May be a subarray view. */
  a: Float32Array;
  /** B stored `[k, n]`, or `[n, k]` when `transB`. May be a subarray view. */
  b: Float32Array;
  /** C stored `[m, n]`; overwritten, or added into when `accumulate`. */
  c: Float32Array;
  /** Use Aᵀ (A stored `[k, m]`). */
  transA?: boolean;
  /** Use Bᵀ (B stored `[n, k]`). */
  transB?: boolean;
  /** C += op(A)·op(B) instead of C = op(A)·op(B). */
  accumulate?: boolean;
  /** Epilogue: `[n]` added to every row of C after the product (a linear layer's bias). */
  bias?: Float32Array | null;
  /** Epilogue activation applied after the bias (default `'none'`). */
  activation?: GemmActivation;
}

import type { AdamParams, SgdParams } from './optim.js';
import type { BinaryOpName, GemmActivation } from './fused.js';

export type { AdamParams, SgdParams, GemmActivation };

/** Arguments of the RNN sequence kernels. */
export interface RnnSeqParams {
  steps: number;
  /** Trials per batch. */
  nb: number;
  /** Hidden units. */
  n: number;
  /** Leak α in (0, 1]. */
  alpha: number;
}

/**
 * One step of n current-based LIF neurons (the spiking simulator's state, all
 * float64 but `spiked`): see `stepCells` in src/spiking/cells.ts,
 * whose loop is the reference. `inE` / `inI` start at this step's inputs.
 */
export interface LifStepParams {
  /** IF_curr_delta (inputs jump v) instead of IF_curr_exp. */
  delta: boolean;
  /** Whether the threshold θ adapts (θ is read and written only then). */
  adaptive: boolean;
  /** Zero each input after reading it (a ring-buffer slot, free for a later step). */
  clearInputs: boolean;
  n: number;
  v: Float64Array;
  gE: Float64Array;
  gI: Float64Array;
  refr: Float64Array;
  theta: Float64Array;
  inE: Float64Array;
  inI: Float64Array;
  spiked: Uint8Array;
  spikeIdx: Int32Array;
  p22: number;
  vInf: number;
  p21E: number;
  p21I: number;
  pE: number;
  pI: number;
  refracSteps: number;
  vThreshMv: number;
  vResetMv: number;
  thetaDecay: number;
  thetaDrop: number;
  thetaInc: number;
}

/** Shape of one conv2d sample: input C×H×W, kernel kh×kw, stride, zero padding, output oh×ow. */
export interface ConvGeometry {
  c: number; h: number; w: number; kh: number; kw: number;
  sh: number; sw: number; ph: number; pw: number; oh: number; ow: number;
}

/** Arguments of {@link conv2dForwardReference}. */
export interface Conv2dParams {
  g: ConvGeometry;
  /** Batch size N. */
  n: number;
  /** Output channels O. */
  o: number;
  /** `[N, C, H, W]`. */
  x: Float32Array;
  /** `[O, C, kh, kw]`. */
  weight: Float32Array;
  /** `[O]` or null. */
  bias: Float32Array | null;
}

/** Forward: writes `out` `[N, O, oh, ow]`. */
export interface Conv2dForwardParams extends Conv2dParams {
  out: Float32Array;
}

/** Backward from `gOut` `[N, O, oh, ow]`: each non-null gradient buffer (zeroed by the caller) receives its gradient. */
export interface Conv2dBackwardParams extends Conv2dParams {
  gOut: Float32Array;
  dx: Float32Array | null;
  dw: Float32Array | null;
  db: Float32Array | null;
}

/** Max pooling over `planes` planes `[H, W]` (no padding): `out` values, `arg` flat input index of each maximum. */
export interface MaxPoolParams {
  x: Float32Array;
  planes: number;
  h: number; w: number; kh: number; kw: number; sh: number; sw: number; oh: number; ow: number;
  out: Float32Array;
  arg: Int32Array;
}

/** Swappable compute kernels (row-major float32). */
export interface Kernels {
  /** Backend name, e.g. `ts-reference` (optional, for logs and benchmarks). */
  readonly name?: string;
  /**
   * C[m×n] = op(A)[m×k] · op(B)[k×n] (+ C when `accumulate`).
   * @param p sizes, buffers and transpose flags; buffers must not overlap C.
   */
  gemm(p: GemmParams): void;
  /**
   * SGD update in place; optional (absent: the TS reference runs). Must be
   * bit-identical to `sgdReference` (checkpoint/resume relies on it).
   */
  sgdStep?(p: SgdParams): void;
  /** Adam/AdamW update in place; optional, bit-identical to `adamReference`. */
  adamStep?(p: AdamParams): void;
  // The kernels below are optional: where one is absent the TS reference of the
  // same name (fused.ts, conv.ts) runs. Row-major float32, `out` sized exactly.
  /** out = a ∘ b over same-shape operands. */
  binarySame?(op: BinaryOpName, a: Float32Array, b: Float32Array, out: Float32Array): void;
  /** out = max(x, 0) elementwise (`x > 0 ? x : 0`). */
  relu?(x: Float32Array, out: Float32Array): void;
  /** out = tanh(x) elementwise (float64 inside, relative error < 1e-10). */
  tanh?(x: Float32Array, out: Float32Array): void;
  /** out = x > 0 ? g : 0 (ReLU backward). */
  reluBackward?(x: Float32Array, g: Float32Array, out: Float32Array): void;
  /** out[j] += Σ_r g[r, j] over g `[rows, cols]` (bias gradient). */
  colSums?(g: Float32Array, rows: number, cols: number, out: Float32Array): void;
  /** out[r] = Σ_j x[r, j] over x `[rows, n]`, float64 accumulation. */
  sumRows?(x: Float32Array, rows: number, n: number, out: Float32Array): void;
  /** out[r] = max_j x[r, j], arg[r] = first index of it. */
  maxRows?(x: Float32Array, rows: number, n: number, out: Float32Array, arg: Int32Array): void;
  /** Row-wise softmax, or log-softmax when `log`, of x `[rows, n]`. */
  softmaxRows?(x: Float32Array, out: Float32Array, rows: number, n: number, log: boolean): void;
  /** Softmax into `probs`; @returns Σ_r −log softmax(x)[r, labels[r]]. */
  crossEntropy?(x: Float32Array, labels: Int32Array, rows: number, n: number, probs: Float32Array): number;
  /** conv2d forward (im2col + GEMM + bias). */
  conv2dForward?(p: Conv2dForwardParams): void;
  /** conv2d backward (dW, dx via col2im, db). */
  conv2dBackward?(p: Conv2dBackwardParams): void;
  /** Max pooling forward with argmax. */
  maxPool?(p: MaxPoolParams): void;
  /** Max pooling backward: dx[arg[i]] += g[i]. */
  maxPoolBackward?(g: Float32Array, arg: Int32Array, dx: Float32Array): void;
  /** Leaky ReLU RNN forward recurrence over a sequence, in place over h (see rnn.ts). */
  reluRnnForward?(h: Float32Array, wHt: Float32Array, p: RnnSeqParams): void;
  /** Its BPTT recurrence, in place over g. */
  reluRnnBackward?(g: Float32Array, h: Float32Array, wH: Float32Array, p: RnnSeqParams): void;
  /** gH += Σ_{t≥1} g_tᵀ·h_{t−1}. */
  reluRnnGradWh?(g: Float32Array, h: Float32Array, gH: Float32Array, p: RnnSeqParams): void;
  /**
   * One LIF step in place (see {@link LifStepParams}); @returns the spike count,
   * or -1 when this backend cannot run it in place (arrays not resident, or too
   * few neurons to pay the call): the caller then runs its reference loop.
   */
  lifStep?(p: LifStepParams): number;
}

/** The optional kernels, each with a TS reference. */
export type FusedKernelName = 'binarySame' | 'relu' | 'tanh' | 'reluBackward' | 'colSums' | 'sumRows' | 'maxRows' | 'softmaxRows' | 'crossEntropy'
  | 'conv2dForward' | 'conv2dBackward' | 'maxPool' | 'maxPoolBackward' | 'reluRnnForward' | 'reluRnnBackward' | 'reluRnnGradWh';
