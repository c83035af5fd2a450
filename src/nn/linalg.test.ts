import { describe, expect, it } from 'vitest';
import { createRng } from '../util/index.js';
import { singularValues, svd, symEig } from './linalg.js';

/** A random orthogonal matrix from the QR (Gram–Schmidt) of a Gaussian one. */
function orthogonal(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const q = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const col = new Float64Array(n).map(() => rng.normal());
    for (let k = 0; k < j; k++) {
      let d = 0;
      for (let i = 0; i < n; i++) d += col[i] * q[i * n + k];
      for (let i = 0; i < n; i++) col[i] -= d * q[i * n + k];
    }
    const norm = Math.hypot(...col);
    for (let i = 0; i < n; i++) q[i * n + j] = col[i] / norm;
  }
  return q;
}

function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) out[i * n + j] += a[i * k + p] * b[p * n + j];
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('svd', () => {
  it('recovers a diagonal spectrum, sorted', () => {
    const a = new Float64Array(16);
    [1, 4, 0.5, 2].forEach((v, i) => (a[i * 4 + i] = v));
    expect(Array.from(singularValues(a, 4, 4))).toEqual([4, 2, 1, 0.5]);
  });

  it('recovers the spectrum of Q1·diag(s)·Q2ᵀ and reconstructs it', () => {
    const n = 12;
    const s = Array.from({ length: n }, (_, i) => 10 / (i + 1));
    const q1 = orthogonal(n, 1);
    const q2t = orthogonal(n, 2);
    const d = new Float64Array(n * n);
    s.forEach((v, i) => (d[i * n + i] = v));
    const a = matmul(matmul(q1, d, n, n, n), q2t, n, n, n);
    const r = svd(a, n, n);
    expect(maxAbsDiff(r.s, s)).toBeLessThan(1e-12);
    const us = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) us[i * n + j] = r.u[i * n + j] * r.s[j];
    expect(maxAbsDiff(matmul(us, r.vt, n, n, n), a)).toBeLessThan(1e-12);
    // Orthonormal right singular vectors.
    const vvt = matmul(r.vt, Float64Array.from({ length: n * n }, (_, k) => r.vt[(k % n) * n + Math.floor(k / n)]), n, n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(vvt[i * n + j]).toBeCloseTo(i === j ? 1 : 0, 12);
  });

  it('handles rectangular and rank-deficient matrices', () => {
    // rank-1 outer product [3×5]: one singular value |u|·|v|.
    const u = [1, 2, 2];
    const v = [1, 0, 0, 0, 0];
    const a = new Float64Array(15);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 5; j++) a[i * 5 + j] = u[i] * v[j];
    const r = svd(a, 3, 5);
    expect(r.k).toBe(3);
    expect(r.s[0]).toBeCloseTo(3, 12);
    expect(r.s[1]).toBeLessThan(1e-12);
    const tall = svd(Float64Array.from({ length: 15 }, (_, k) => a[(k % 3) * 5 + Math.floor(k / 3)]), 5, 3);
    expect(tall.s[0]).toBeCloseTo(3, 12);
  });

  it('matches the Hilbert matrix spectrum (ill-conditioned)', () => {
    const n = 6;
    const h = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) h[i * n + j] = 1 / (i + j + 1);
    const s = singularValues(h, n, n);
    // Known: largest 1.6188998589, smallest 1.0827994846e-7 (cond ≈ 1.495e7).
    expect(s[0]).toBeCloseTo(1.618899858924339, 12);
    expect(s[n - 1] / 1.0827994845e-7).toBeCloseTo(1, 6);
    const e = symEig(h, n).values;
    expect(maxAbsDiff(e, s)).toBeLessThan(1e-13);
  });

  // Speed is measured by `npm run bench`, not asserted here.
  it('gives a 300×300 Gaussian matrix the Marchenko–Pastur edge', () => {
    const rng = createRng(3);
    const n = 300;
    const a = new Float64Array(n * n).map(() => rng.normal() / Math.sqrt(n));
    const s = singularValues(a, n, n);
    // Marchenko–Pastur: the largest singular value of a square N(0,1/n) matrix is ≈ 2.
    expect(s[0]).toBeGreaterThan(1.8);
    expect(s[0]).toBeLessThan(2.2);
  });
});

describe('symEig', () => {
  it('recovers Q·diag(λ)·Qᵀ with signed eigenvalues', () => {
    const n = 10;
    const lam = [5, -3, 2.5, 1, 0.5, 0, -0.25, -1, 7, 3];
    const q = orthogonal(n, 4);
    const d = new Float64Array(n * n);
    lam.forEach((v, i) => (d[i * n + i] = v));
    const qt = Float64Array.from({ length: n * n }, (_, k) => q[(k % n) * n + Math.floor(k / n)]);
    const a = matmul(matmul(q, d, n, n, n), qt, n, n, n);
    const r = symEig(a, n);
    expect(maxAbsDiff(r.values, [...lam].sort((x, y) => y - x))).toBeLessThan(1e-12);
    // A v = λ v for each column.
    for (let j = 0; j < n; j++) {
      const col = Float64Array.from({ length: n }, (_, i) => r.vectors[i * n + j]);
      const av = matmul(a, col, n, n, 1);
      expect(maxAbsDiff(av, col.map((x) => x * r.values[j]))).toBeLessThan(1e-12);
    }
  });

  it('rejects a wrong shape', () => {
    expect(() => symEig([1, 2, 3], 2)).toThrow(/symEig/);
  });
});
