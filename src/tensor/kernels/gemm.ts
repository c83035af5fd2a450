/**
 * Plain-TypeScript GEMM. Strategy: every transpose combination is reduced to one
 * micro-kernel that reads A through strides (so Aᵀ costs nothing) and B as
 * contiguous `[k, n]` rows; Bᵀ is packed once into a reusable scratch buffer
 * (k·n copies against 2·m·n·k flops). The micro-kernel updates 4 rows of C with
 * 4 steps of k per pass over a contiguous j range (i-k-j order), so each load of
 * B feeds 4 multiply-adds and each C load/store carries 4 k-steps. Loops are
 * blocked over k and j so the B panel stays in cache.
 */
import type { GemmParams } from './types.js';
import { biasActReference } from './fused.js';

const KC = 256;
const NC = 1024;

let scratch = new Float32Array(0);

function packTransposed(b: Float32Array, n: number, k: number): Float32Array {
  if (scratch.length < n * k) scratch = new Float32Array(n * k);
  const s = scratch;
  // b is [n, k]; s becomes [k, n]. Blocked so both sides stay cache friendly.
  const T = 32;
  for (let j0 = 0; j0 < n; j0 += T) {
    const j1 = Math.min(n, j0 + T);
    for (let k0 = 0; k0 < k; k0 += T) {
      const k1 = Math.min(k, k0 + T);
      for (let j = j0; j < j1; j++) {
        const row = j * k;
        for (let kk = k0; kk < k1; kk++) s[kk * n + j] = b[row + kk];
      }
    }
  }
  return s;
}

/** Four rows of C (from row i) += A[i..i+3, k0..k1) · B[k0..k1, j0..j1). */
function block4(a: Float32Array, sai: number, sak: number, b: Float32Array, c: Float32Array, n: number, i: number, k0: number, k1: number, j0: number, j1: number): void {
  const c0 = i * n;
  const c1 = c0 + n;
  const c2 = c1 + n;
  const c3 = c2 + n;
  const r0 = i * sai;
  const r1 = r0 + sai;
  const r2 = r1 + sai;
  const r3 = r2 + sai;
  let kk = k0;
  for (; kk + 4 <= k1; kk += 4) {
    const q0 = kk * sak;
    const q1 = q0 + sak;
    const q2 = q1 + sak;
    const q3 = q2 + sak;
    const a00 = a[r0 + q0], a01 = a[r0 + q1], a02 = a[r0 + q2], a03 = a[r0 + q3];
    const a10 = a[r1 + q0], a11 = a[r1 + q1], a12 = a[r1 + q2], a13 = a[r1 + q3];
    const a20 = a[r2 + q0], a21 = a[r2 + q1], a22 = a[r2 + q2], a23 = a[r2 + q3];
    const a30 = a[r3 + q0], a31 = a[r3 + q1], a32 = a[r3 + q2], a33 = a[r3 + q3];
    const b0 = kk * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    for (let j = j0; j < j1; j++) {
      const x0 = b[b0 + j], x1 = b[b1 + j], x2 = b[b2 + j], x3 = b[b3 + j];
      c[c0 + j] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
      c[c1 + j] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
      c[c2 + j] += a20 * x0 + a21 * x1 + a22 * x2 + a23 * x3;
      c[c3 + j] += a30 * x0 + a31 * x1 + a32 * x2 + a33 * x3;
    }
  }
  for (; kk < k1; kk++) {
    const q = kk * sak;
    const a0 = a[r0 + q], a1 = a[r1 + q], a2 = a[r2 + q], a3 = a[r3 + q];
    const bo = kk * n;
    for (let j = j0; j < j1; j++) {
      const x = b[bo + j];
      c[c0 + j] += a0 * x;
      c[c1 + j] += a1 * x;
      c[c2 + j] += a2 * x;
      c[c3 + j] += a3 * x;
    }
  }
}

/** One row of C (row i) += A[i, k0..k1) · B[k0..k1, j0..j1). */
function block1(a: Float32Array, sai: number, sak: number, b: Float32Array, c: Float32Array, n: number, i: number, k0: number, k1: number, j0: number, j1: number): void {
  const c0 = i * n;
  const r0 = i * sai;
  let kk = k0;
  for (; kk + 4 <= k1; kk += 4) {
    const a0 = a[r0 + kk * sak], a1 = a[r0 + (kk + 1) * sak], a2 = a[r0 + (kk + 2) * sak], a3 = a[r0 + (kk + 3) * sak];
    const b0 = kk * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    for (let j = j0; j < j1; j++) c[c0 + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
  }
  for (; kk < k1; kk++) {
    const a0 = a[r0 + kk * sak];
    const bo = kk * n;
    for (let j = j0; j < j1; j++) c[c0 + j] += a0 * b[bo + j];
  }
}

/**
 * Reference GEMM: C[m×n] = op(A)·op(B) (+ C when accumulate), row-major float32.
 * @param p see {@link GemmParams}.
 */
export function gemmReference(p: GemmParams): void {
  product(p);
  if ((p.bias ?? null) !== null || (p.activation ?? 'none') !== 'none') biasActReference(p.c, p.bias ?? null, p.m, p.n, p.activation ?? 'none');
}

function product(p: GemmParams): void {
  const { m, n, k, a, c } = p;
  if (p.accumulate !== true) c.fill(0, 0, m * n);
  if (m === 0 || n === 0 || k === 0) return;
  const b = p.transB === true ? packTransposed(p.b, n, k) : p.b;
  // A(i, kk) = a[i * sai + kk * sak]
  const sai = p.transA === true ? 1 : k;
  const sak = p.transA === true ? m : 1;
  for (let k0 = 0; k0 < k; k0 += KC) {
    const k1 = Math.min(k, k0 + KC);
    for (let j0 = 0; j0 < n; j0 += NC) {
      const j1 = Math.min(n, j0 + NC);
      let i = 0;
      for (; i + 4 <= m; i += 4) block4(a, sai, sak, b, c, n, i, k0, k1, j0, j1);
      for (; i < m; i++) block1(a, sai, sak, b, c, n, i, k0, k1, j0, j1);
    }
  }
}
