import { describe, expect, it } from 'vitest';
import { singularValues } from '../../nn/index.js';

import { createRng } from '../../util/index.js';
import {
  LOW_RANK_INIT_DEFAULTS,
  effectiveRank,
  effectiveRankFromSpectrum,
  eiBlockConnectivity,
  frobeniusNorm,
  lowRankInit,
  rankTruncations,
} from './index.js';

const truncateRank = (w: ArrayLike<number>, rows: number, cols: number, rank: number, renormalize: 'fro' | 'none' = 'fro'): Float64Array =>
  rankTruncations(w, rows, cols, renormalize)(rank).w;

describe('lowRankInit', () => {
  it('has frozen defaults from the paper', () => {
    expect(Object.isFrozen(LOW_RANK_INIT_DEFAULTS)).toBe(true);
    expect(LOW_RANK_INIT_DEFAULTS.gain).toBe(1.25);
    expect(LOW_RANK_INIT_DEFAULTS.renormalize).toBe('fro');
  });

  it('truncates to the requested rank and keeps the Frobenius norm, sharing W0', () => {
    const n = 40;
    const full = lowRankInit({ n }, createRng(1));
    expect(full.w).toEqual(full.w0);
    for (const rank of [1, 3, 10]) {
      const r = lowRankInit({ n, rank }, createRng(99), full.w0);
      expect(r.w0).toBe(full.w0);
      expect(frobeniusNorm(r.w)).toBeCloseTo(frobeniusNorm(full.w0), 10);
      const s = singularValues(r.w, n, n);
      expect(s[rank - 1]).toBeGreaterThan(1e-6);
      if (rank < n) expect(s[rank]).toBeLessThan(1e-10 * s[0]);
    }
  });

  it('reconstructs a matrix of exact rank r and scales without renormalisation', () => {
    const n = 6;
    const u = [1, -2, 0.5, 3, 1, 0];
    const v = [0, 1, 1, -1, 2, 0.5];
    const w = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) w[i * n + j] = u[i] * v[j] + (i === j ? 0 : 0);
    const t = truncateRank(w, n, n, 1, 'none');
    for (let i = 0; i < w.length; i++) expect(t[i]).toBeCloseTo(w[i], 12);
    // Diagonal: rank-2 truncation keeps the two largest entries; 'fro' rescales them to the full norm.
    const d = new Float64Array(9);
    [3, 4, 1].forEach((x, i) => (d[i * 3 + i] = x));
    const t2 = truncateRank(d, 3, 3, 2, 'none');
    expect([t2[0], t2[4], t2[8]]).toEqual([3, 4, 0].map((x) => expect.closeTo(x, 12)));
    const t3 = truncateRank(d, 3, 3, 2, 'fro');
    expect(frobeniusNorm(t3)).toBeCloseTo(Math.sqrt(26), 12);
    expect(() => truncateRank(d, 3, 3, 0)).toThrow(/rank/);
  });
});

describe('rankTruncations', () => {
  it('gives every rank from one SVD, with the own (rescaled) spectrum of each truncation', () => {
    const n = 30;
    const w0 = lowRankInit({ n }, createRng(4)).w0;
    const atRank = rankTruncations(w0, n, n);
    for (const rank of [1, 5, 29, 30]) {
      const { w, spectrum } = atRank(rank);
      const s = singularValues(w, n, n);
      for (let i = 0; i < n; i++) expect(spectrum[i]).toBeCloseTo(s[i], 9);
      expect(w).toEqual(truncateRank(w0, n, n, rank));
      for (const kind of ['entropy', 'nuclearOverSpectral'] as const) expect(effectiveRankFromSpectrum(spectrum, kind)).toBeCloseTo(effectiveRank(w, n, kind), 8);
    }
    expect(atRank(n).w).toEqual(w0);
    expect(() => atRank(31)).toThrow(/rank/);
  });
});

describe('effectiveRank', () => {
  it('gives n for the identity and 1 for a rank-1 matrix, both definitions', () => {
    const n = 8;
    const id = new Float64Array(n * n);
    for (let i = 0; i < n; i++) id[i * n + i] = 2;
    expect(effectiveRank(id, n, 'entropy')).toBeCloseTo(n, 10);
    expect(effectiveRank(id, n, 'nuclearOverSpectral')).toBeCloseTo(1, 12);
    const one = new Float64Array(n * n).fill(1);
    expect(effectiveRank(one, n, 'entropy')).toBeCloseTo(1, 8);
    expect(effectiveRank(one, n, 'nuclearOverSpectral')).toBeCloseTo(1 / n, 8);
  });

  it('matches hand values on a constructed spectrum', () => {
    // σ = [2, 1, 1]: p = [0.5, 0.25, 0.25], H = 1.5·ln 2 → erank = 2^{1.5}.
    expect(effectiveRankFromSpectrum([2, 1, 1], 'entropy')).toBeCloseTo(2 ** 1.5, 12);
    expect(effectiveRankFromSpectrum([2, 1, 1], 'nuclearOverSpectral')).toBeCloseTo(4 / 6, 12);
  });

  it('is ≈ 80 for a full-rank Gaussian with n = 100 and falls with rank', () => {
    const base = lowRankInit({ n: 100 }, createRng(5));
    expect(base.effectiveRank).toBeGreaterThan(75);
    expect(base.effectiveRank).toBeLessThan(85);
    const r3 = lowRankInit({ n: 100, rank: 3 }, createRng(5), base.w0);
    expect(r3.effectiveRank).toBeGreaterThan(2);
    expect(r3.effectiveRank).toBeLessThanOrEqual(3 + 1e-9);
  });
});

describe('eiBlockConnectivity', () => {
  it("obeys Dale's law, sparsity and the target norm, with a lower effective rank than a Gaussian", () => {
    const n = 80;
    const w = eiBlockConnectivity(
      { n, excFraction: 0.8, prob: [0.2, 0.5, 0.3, 0.5], strength: [1, 2, 1, 2], dale: 'on', frobenius: 10 },
      createRng(2),
    );
    expect(frobeniusNorm(w)).toBeCloseTo(10, 10);
    let nonzero = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const x = w[i * n + j];
        if (x !== 0) nonzero++;
        if (j < 64) expect(x).toBeGreaterThanOrEqual(0);
        else expect(x).toBeLessThanOrEqual(0);
      }
    }
    expect(nonzero / (n * n)).toBeGreaterThan(0.15);
    expect(nonzero / (n * n)).toBeLessThan(0.4);
    const g = lowRankInit({ n }, createRng(2));
    expect(effectiveRank(w, n)).toBeLessThan(g.effectiveRank);
    expect(() => eiBlockConnectivity({ n, excFraction: 1, prob: [0, 0, 0, 0], strength: [0, 0, 0, 0], dale: 'on', frobenius: 0 }, createRng(0))).toThrow();
  });
});

