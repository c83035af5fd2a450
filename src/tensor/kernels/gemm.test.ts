import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/index.js';
import { kernels, referenceKernels, setKernels, type Kernels } from '../index.js';

function naive(m: number, n: number, k: number, a: Float32Array, b: Float32Array, transA: boolean, transB: boolean): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += (transA ? a[q * m + i] : a[i * k + q]) * (transB ? b[j * k + q] : b[q * n + j]);
      c[i * n + j] = s;
    }
  return c;
}

describe('reference gemm', () => {
  const rng = createRng(7);
  const sizes: [number, number, number][] = [[1, 1, 1], [7, 5, 9], [13, 17, 6], [4, 300, 260], [9, 3, 1030]];

  it('matches a naive product for all four transpose combinations and odd sizes', () => {
    for (const [m, n, k] of sizes) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const a = rng.fillNormal(new Float32Array(m * k)) as Float32Array;
          const b = rng.fillNormal(new Float32Array(k * n)) as Float32Array;
          const c = new Float32Array(m * n).fill(99); // overwritten without accumulate
          kernels().gemm({ m, n, k, a, b, c, transA, transB });
          const ref = naive(m, n, k, a, b, transA, transB);
          for (let i = 0; i < c.length; i++) expect(Math.abs(c[i] - ref[i])).toBeLessThan(1e-4 * Math.sqrt(k) + 1e-5);
        }
      }
    }
  });

  it('accumulates into C and works on subarray views', () => {
    const [m, n, k] = [5, 6, 7];
    const buf = rng.fillNormal(new Float32Array(10 + m * k + k * n)) as Float32Array;
    const a = buf.subarray(10, 10 + m * k);
    const b = buf.subarray(10 + m * k);
    const cBuf = new Float32Array(3 + m * n).fill(1);
    const c = cBuf.subarray(3);
    referenceKernels.gemm({ m, n, k, a, b, c, accumulate: true });
    const ref = naive(m, n, k, a, b, false, false);
    for (let i = 0; i < m * n; i++) expect(c[i]).toBeCloseTo(1 + ref[i], 4);
    expect(Array.from(cBuf.subarray(0, 3))).toEqual([1, 1, 1]);
  });

  it('can be swapped for another backend and restored', () => {
    let calls = 0;
    const counting: Kernels = { name: 'counting', gemm: (p) => { calls++; referenceKernels.gemm(p); } };
    setKernels(counting);
    try {
      expect(kernels().name).toBe('counting');
      kernels().gemm({ m: 1, n: 1, k: 1, a: new Float32Array([2]), b: new Float32Array([3]), c: new Float32Array(1) });
      expect(calls).toBe(1);
    } finally {
      setKernels(referenceKernels);
    }
    expect(kernels().name).toBe('ts-reference');
  });
});
