import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/index.js';
import { kernels, referenceKernels, setKernels, wasmKernels, type GemmParams, type Kernels } from '../index.js';
import { createWasmKernels } from './wasm.js';

const rng = createRng(11);
const SIZES = [1, 3, 4, 5, 7, 8, 9, 17, 33];

function randomCase(m: number, n: number, k: number): { a: Float32Array; b: Float32Array; c0: Float32Array } {
  return {
    a: rng.fillNormal(new Float32Array(m * k)) as Float32Array,
    b: rng.fillNormal(new Float32Array(k * n)) as Float32Array,
    c0: rng.fillNormal(new Float32Array(m * n)) as Float32Array,
  };
}

/** Runs `fast` and the reference on the same inputs; returns the worst |diff| / (tolerance). */
function compare(fast: Kernels, m: number, n: number, k: number, transA: boolean, transB: boolean, accumulate: boolean): number {
  const { a, b, c0 } = randomCase(m, n, k);
  const cf = c0.slice(), cr = c0.slice();
  const p = (c: Float32Array): GemmParams => ({ m, n, k, a, b, c, transA, transB, accumulate });
  fast.gemm(p(cf));
  referenceKernels.gemm(p(cr));
  let worst = 0;
  const tol = 2e-6 * k + 1e-5;
  for (let i = 0; i < m * n; i++) worst = Math.max(worst, Math.abs(cf[i] - cr[i]) / tol);
  return worst;
}

const w = wasmKernels();

describe('wasm gemm vs the TS reference', () => {
  it('is the default backend in Node', () => {
    expect(w).not.toBeNull();
    expect(kernels()).toBe(w);
  });

  it('matches on all odd/edge size triples, transpose combinations and accumulate', () => {
    const fast = w as Kernels;
    let worst = 0;
    for (const m of SIZES) for (const n of SIZES) for (const k of SIZES) {
      const ta = rng.bernoulli(0.5), tb = rng.bernoulli(0.5), acc = rng.bernoulli(0.5);
      worst = Math.max(worst, compare(fast, m, n, k, ta, tb, acc));
    }
    expect(worst).toBeLessThan(1);
  });

  it('matches across block edges (k > KC, m > MC, n > NC) for every transpose combination', () => {
    const shapes: [number, number, number][] = [[65, 300, 260], [3, 1030, 9], [5, 9, 600], [130, 17, 513], [128, 256, 784]];
    for (const [m, n, k] of shapes) for (const ta of [false, true]) for (const tb of [false, true]) for (const acc of [false, true]) {
      expect(compare(w as Kernels, m, n, k, ta, tb, acc), `${m}x${n}x${k} ${ta} ${tb} ${acc}`).toBeLessThan(1);
    }
  });

  it('handles k = 0, empty outputs and subarray views', () => {
    const c = new Float32Array([1, 2, 3, 4]);
    w!.gemm({ m: 2, n: 2, k: 0, a: new Float32Array(0), b: new Float32Array(0), c, accumulate: true });
    expect(Array.from(c)).toEqual([1, 2, 3, 4]);
    w!.gemm({ m: 2, n: 2, k: 0, a: new Float32Array(0), b: new Float32Array(0), c });
    expect(Array.from(c)).toEqual([0, 0, 0, 0]);
    const buf = rng.fillNormal(new Float32Array(7 + 5 * 6 + 6 * 4)) as Float32Array;
    const a = buf.subarray(7, 7 + 30), b = buf.subarray(37);
    const cBuf = new Float32Array(3 + 20).fill(1);
    w!.gemm({ m: 5, n: 4, k: 6, a, b, c: cBuf.subarray(3), accumulate: true });
    const ref = new Float32Array(20).fill(1);
    referenceKernels.gemm({ m: 5, n: 4, k: 6, a, b, c: ref, accumulate: true });
    expect(Array.from(cBuf.subarray(0, 3))).toEqual([1, 1, 1]);
    for (let i = 0; i < 20; i++) expect(cBuf[3 + i]).toBeCloseTo(ref[i], 4);
  });

  it('stays correct across memory growth (views are re-created)', () => {
    const fresh = createWasmKernels({ shared: false })!;
    expect(compare(fresh, 9, 17, 33, false, true, true)).toBeLessThan(1);
    const before = fresh.memory.buffer.byteLength;
    expect(compare(fresh, 700, 600, 650, true, false, false)).toBeLessThan(1); // ~5 MB of operands: forces a grow
    expect(fresh.memory.buffer.byteLength).toBeGreaterThan(before);
    expect(compare(fresh, 9, 17, 33, true, true, true)).toBeLessThan(1);
  });

  it('is deterministic run to run and drives matmul through setKernels', () => {
    const { a, b } = randomCase(37, 41, 43);
    const c1 = new Float32Array(37 * 41), c2 = new Float32Array(37 * 41);
    w!.gemm({ m: 37, n: 41, k: 43, a, b, c: c1 });
    w!.gemm({ m: 37, n: 41, k: 43, a, b, c: c2 });
    expect(Buffer.from(c1.buffer).equals(Buffer.from(c2.buffer))).toBe(true);
    setKernels(referenceKernels);
    try {
      expect(kernels().name).toBe('ts-reference');
    } finally {
      setKernels(w!);
    }
  });

  it('runs the micro-kernel bench hook and leaves GEMMs correct', () => {
    const own = createWasmKernels({ shared: false })!;
    expect(own.microKernel(3)).toBe(3 * 2 * 4 * 8 * 256); // 4×8 tile, KC = 256
    expect(compare(own, 9, 17, 33, false, true, true)).toBeLessThan(1);
  });
});
