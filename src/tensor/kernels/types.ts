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
}

import type { AdamParams, SgdParams } from './optim.js';

export type { AdamParams, SgdParams };

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
}
