import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/index.js';
import { referenceKernels as ref } from './registry.js';
import { createWasmKernels } from './wasm.js';
import type { ConvGeometry } from './types.js';

const rng = createRng(23);
const randArr = (n: number): Float32Array => rng.fillNormal(new Float32Array(n)) as Float32Array;
const bits = (a: Float32Array | Int32Array): number[] => Array.from(new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength)));
const w = createWasmKernels({ shared: false })!;
/** Sizes around the JS/wasm crossover (1024) and the SIMD tails. */
const SIZES = [1, 3, 5, 1023, 1024, 1025, 4099];

function worstRel(a: Float32Array, b: Float32Array, tol: number): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (tol * (1 + Math.abs(b[i]))));
  return worst;
}

describe('wasm fused kernels vs the TS reference', () => {
  it('gemm epilogue: bias and bias + ReLU on odd shapes and transposes', () => {
    for (const [m, n, k] of [[3, 5, 7], [17, 9, 33], [65, 130, 31], [128, 10, 256]] as const) {
      for (const activation of ['none', 'relu'] as const) {
        const a = randArr(m * k), b = randArr(k * n), bias = randArr(n);
        const cf = new Float32Array(m * n), cr = new Float32Array(m * n);
        w.gemm({ m, n, k, a, b, c: cf, transB: true, bias, activation });
        ref.gemm({ m, n, k, a, b, c: cr, transB: true, bias, activation });
        expect(worstRel(cf, cr, 1e-5)).toBeLessThan(1);
        if (activation === 'relu') expect(cf.every((v) => v >= 0 && !Object.is(v, -0))).toBe(true);
      }
    }
  });

  it('tanh (float32 SIMD) is within 2 ulp of the float64 reference, with NaN, ±0, ±Infinity and large |x|', () => {
    let worst = 0;
    for (const n of SIZES) {
      const x = randArr(n);
      for (let i = 0; i < n; i++) x[i] *= 1 + (i % 13); // spans both branches (|x| < 0.5, the exp path) and saturation
      const specials = [NaN, -0, 0, Infinity, -Infinity, 19.99, 20, -25, 0.5, -0.49999997];
      for (let i = 0; i < Math.min(n, 60); i += 5) x[i] = specials[(i / 5) % specials.length];
      const [of, or] = [0, 0].map(() => new Float32Array(n));
      w.tanh!(x, of);
      ref.tanh(x, or);
      let ulps = 0;
      for (let i = 0; i < n; i++) {
        if (Number.isNaN(x[i]!)) {
          expect(Number.isNaN(of[i]!)).toBe(true);
          continue;
        }
        expect(Object.is(of[i], -0)).toBe(Object.is(x[i], -0));
        ulps = Math.max(ulps, Math.abs(new Int32Array(of.buffer)[i]! - new Int32Array(or.buffer)[i]!));
        expect(Math.abs(of[i]! - Math.tanh(x[i]!))).toBeLessThanOrEqual(2.5e-7 * Math.abs(Math.tanh(x[i]!)) + 1e-45);
      }
      expect(ulps).toBeLessThanOrEqual(2);
      worst = Math.max(worst, ulps);
    }
    expect(worst).toBeGreaterThan(0); // a float32 formula at the large sizes, not the reference in disguise
  });

  it('relu and its backward are bit-identical, with NaN, ±0 and ±Infinity', () => {
    for (const n of SIZES) {
      const x = randArr(n), g = randArr(n);
      const specials = [NaN, -0, 0, Infinity, -Infinity];
      for (let i = 0; i < Math.min(n, 40); i += 7) x[i] = specials[(i / 7) % specials.length];
      const [of, or, gf, gr] = [0, 0, 0, 0].map(() => new Float32Array(n));
      w.relu!(x, of);
      ref.relu(x, or);
      w.reluBackward!(x, g, gf);
      ref.reluBackward(x, g, gr);
      expect(bits(of)).toEqual(bits(or));
      expect(bits(gf)).toEqual(bits(gr));
      // As PyTorch: a NaN input is NaN out (never hidden as 0); its gradient is 0.
      for (let i = 0; i < n; i++) if (Number.isNaN(x[i]!)) expect([Number.isNaN(of[i]!), gf[i]]).toEqual([true, 0]);
    }
  });

  it('column sums (bias gradient) are bit-identical and accumulate', () => {
    for (const [rows, cols] of [[1, 1], [7, 3], [128, 10], [128, 257], [33, 1001]] as const) {
      const g = randArr(rows * cols), init = randArr(cols);
      const f = init.slice(), r = init.slice();
      w.colSums!(g, rows, cols, f);
      ref.colSums(g, rows, cols, r);
      expect(bits(f)).toEqual(bits(r));
    }
  });

  it('row sums and row maxima (first index; NaN only as first element) match', () => {
    for (const [rows, n] of [[1, 1], [3, 7], [1, 4099], [64, 33], [100, 10], [7, 1024]] as const) {
      const x = randArr(rows * n);
      if (n > 8) {
        x[0] = NaN; // row 0: NaN first wins
        x[n + 3] = NaN; // row 1: a later NaN is ignored
        x[2 * n + 5] = x[2 * n + 9] = 50; // row 2: a tie goes to the first
      }
      const sf = new Float32Array(rows), sr = new Float32Array(rows);
      w.sumRows!(x.map((v) => (Number.isNaN(v) ? 1 : v)), rows, n, sf);
      ref.sumRows(x.map((v) => (Number.isNaN(v) ? 1 : v)), rows, n, sr);
      expect(worstRel(sf, sr, 1e-6)).toBeLessThan(1);
      const mf = new Float32Array(rows), mr = new Float32Array(rows), af = new Int32Array(rows), ar = new Int32Array(rows);
      w.maxRows!(x, rows, n, mf, af);
      ref.maxRows(x, rows, n, mr, ar);
      expect(bits(mf)).toEqual(bits(mr));
      expect(Array.from(af)).toEqual(Array.from(ar));
    }
  });

  it('softmax, log-softmax and softmax cross-entropy match', () => {
    for (const [rows, n] of [[1, 3], [128, 10], [64, 33], [3, 1000], [513, 7]] as const) {
      const x = randArr(rows * n).map((v) => 10 * v);
      for (const log of [false, true]) {
        const f = new Float32Array(rows * n), r = new Float32Array(rows * n);
        w.softmaxRows!(x, f, rows, n, log);
        ref.softmaxRows(x, r, rows, n, log);
        expect(worstRel(f, r, 1e-6)).toBeLessThan(1);
      }
      const labels = Int32Array.from({ length: rows }, () => rng.int(0, n));
      const pf = new Float32Array(rows * n), pr = new Float32Array(rows * n);
      const lf = w.crossEntropy!(x, labels, rows, n, pf), lr = ref.crossEntropy(x, labels, rows, n, pr);
      expect(Math.abs(lf - lr)).toBeLessThan(1e-9 * (1 + Math.abs(lr)));
      expect(worstRel(pf, pr, 1e-6)).toBeLessThan(1);
    }
  });
});

describe('wasm conv2d and max-pool kernels vs the TS reference', () => {
  const geo = (c: number, h: number, wd: number, kh: number, kw: number, sh: number, sw: number, ph: number, pw: number): ConvGeometry => ({
    c, h, w: wd, kh, kw, sh, sw, ph, pw, oh: Math.floor((h + 2 * ph - kh) / sh) + 1, ow: Math.floor((wd + 2 * pw - kw) / sw) + 1,
  });
  const cases: [number, number, ConvGeometry][] = [
    [2, 3, geo(1, 5, 5, 3, 3, 1, 1, 1, 1)],
    [3, 5, geo(3, 7, 9, 3, 2, 2, 1, 0, 2)],
    [1, 4, geo(2, 6, 6, 1, 1, 1, 1, 0, 0)],
    [4, 8, geo(8, 14, 14, 3, 3, 1, 1, 1, 1)],
    [2, 2, geo(3, 5, 4, 5, 4, 3, 2, 4, 3)], // padding as large as the kernel
    [90, 2, geo(3, 28, 28, 3, 3, 1, 1, 1, 1)], // 90·27·784 floats of columns: two chunks
  ];

  it('forward and backward (dx, dW, db) on odd geometries, several chunks', () => {
    for (const [n, o, g] of cases) {
      const x = randArr(n * g.c * g.h * g.w), weight = randArr(o * g.c * g.kh * g.kw), bias = randArr(o);
      const L = g.oh * g.ow;
      const outF = new Float32Array(n * o * L), outR = new Float32Array(n * o * L);
      w.conv2dForward!({ g, n, o, x, weight, bias, out: outF });
      ref.conv2dForward({ g, n, o, x, weight, bias, out: outR });
      expect(worstRel(outF, outR, 1e-5)).toBeLessThan(1);
      const gOut = randArr(n * o * L);
      const grads = () => ({ dx: randArr(x.length), dw: randArr(weight.length), db: randArr(o) });
      const f = grads(), r = { dx: f.dx.slice(), dw: f.dw.slice(), db: f.db.slice() }; // both accumulate into the same start
      w.conv2dBackward!({ g, n, o, x, weight, bias, gOut, ...f });
      ref.conv2dBackward({ g, n, o, x, weight, bias, gOut, ...r });
      expect(worstRel(f.dx, r.dx, 1e-5)).toBeLessThan(1);
      // dW sums n·L products per element: float32 rounding grows with that count (as in the gemm tests)
      let worstDw = 0;
      for (let i = 0; i < f.dw.length; i++) worstDw = Math.max(worstDw, Math.abs(f.dw[i] - r.dw[i]) / (2e-6 * n * L + 1e-5));
      expect(worstDw).toBeLessThan(1);
      expect(bits(f.db)).toEqual(bits(r.db));
      const dxOnly = new Float32Array(x.length), dxRef = new Float32Array(x.length);
      w.conv2dBackward!({ g, n, o, x, weight, bias: null, gOut, dx: dxOnly, dw: null, db: null });
      ref.conv2dBackward({ g, n, o, x, weight, bias: null, gOut, dx: dxRef, dw: null, db: null });
      expect(worstRel(dxOnly, dxRef, 1e-5)).toBeLessThan(1);
    }
  });

  it('max pool forward (values, argmax with ties and NaN) and backward are bit-identical', () => {
    for (const [planes, h, wd, kh, kw, sh, sw] of [[2, 4, 4, 2, 2, 2, 2], [64, 28, 28, 2, 2, 2, 2], [5, 13, 11, 3, 2, 2, 3], [3, 30, 30, 3, 3, 1, 1]]) {
      const x = randArr(planes * h * wd).map((v) => Math.round(v * 2) / 2); // many ties
      x[5] = NaN;
      x[h * wd + 1] = NaN;
      x[h * wd + wd + 1] = NaN; // two NaNs in one window: the first wins
      const oh = Math.floor((h - kh) / sh) + 1, ow = Math.floor((wd - kw) / sw) + 1;
      const run = (k: typeof ref) => {
        const out = new Float32Array(planes * oh * ow), arg = new Int32Array(out.length);
        k.maxPool!({ x, planes, h, w: wd, kh, kw, sh, sw, oh, ow, out, arg });
        const g = Float32Array.from(out, (_, i) => (i % 7) - 3), dx = new Float32Array(x.length).fill(0.5);
        k.maxPoolBackward!(g, arg, dx);
        return { out, arg, dx };
      };
      const f = run(w as typeof ref), r = run(ref);
      expect(bits(f.out)).toEqual(bits(r.out));
      expect(Array.from(f.arg)).toEqual(Array.from(r.arg));
      expect(bits(f.dx)).toEqual(bits(r.dx));
    }
  });
});

describe('wasm same-shape binary ops', () => {
  it('are bit-identical to the reference for add, sub, mul, div', () => {
    for (const n of SIZES) {
      const a = randArr(n), b = randArr(n);
      b[0] = 0;
      for (const op of ['add', 'sub', 'mul', 'div'] as const) {
        const f = new Float32Array(n), r = new Float32Array(n);
        w.binarySame!(op, a, b, f);
        ref.binarySame(op, a, b, r);
        expect(bits(f)).toEqual(bits(r));
      }
    }
  });
});
