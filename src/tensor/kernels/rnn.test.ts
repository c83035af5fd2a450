import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/index.js';
import { reluRnnBackwardReference, reluRnnForwardReference, reluRnnGradWhReference, type RnnSeqParams } from './rnn.js';
import { createWasmKernels } from './wasm.js';

const rng = createRng(5);
const rand = (n: number, s = 1): Float32Array => Float32Array.from({ length: n }, () => s * rng.normal());
const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);
const w = createWasmKernels({ shared: false });

describe.skipIf(w === null)('RNN sequence kernels (wasm) vs their TS references over the same GEMM', () => {
  const gemm = w!.gemm;
  // 16·32·32 = 16k MACs: in wasm, one thread; 2·24·24 = 1152: the reference (JS GEMM) runs instead
  const cases: RnnSeqParams[] = [
    { steps: 7, nb: 16, n: 32, alpha: 0.2 },
    { steps: 5, nb: 9, n: 40, alpha: 1 },
    { steps: 1, nb: 16, n: 32, alpha: 0.5 },
    { steps: 4, nb: 2, n: 24, alpha: 0.3 },
  ];
  for (const p of cases) {
    it(`are bit-identical at steps ${p.steps}, batch ${p.nb}, n ${p.n}, α ${p.alpha}`, () => {
      const len = p.steps * p.nb * p.n;
      const h0 = rand(len), wHt = rand(p.n * p.n, 0.2), wH = rand(p.n * p.n, 0.2);
      const hFast = h0.slice(), hRef = h0.slice();
      w!.reluRnnForward!(hFast, wHt, p);
      reluRnnForwardReference(gemm, hRef, wHt, p);
      expect(bits(hFast)).toEqual(bits(hRef));
      expect(hRef.some((v) => v > 0) && hRef.some((v) => v === 0)).toBe(true); // the ReLU does something
      const g0 = rand(len);
      const gFast = g0.slice(), gRef = g0.slice();
      w!.reluRnnBackward!(gFast, hRef, wH, p);
      reluRnnBackwardReference(gemm, gRef, hRef, wH, p);
      expect(bits(gFast)).toEqual(bits(gRef));
      const ghFast = rand(p.n * p.n), ghRef = ghFast.slice();
      w!.reluRnnGradWh!(gRef, hRef, ghFast, p);
      reluRnnGradWhReference(gemm, gRef, hRef, ghRef, p);
      expect(bits(ghFast)).toEqual(bits(ghRef));
    });
  }

  it('the forward recurrence matches a float64 loop', () => {
    const p = { steps: 3, nb: 16, n: 32, alpha: 0.4 };
    const len = p.steps * p.nb * p.n, bn = p.nb * p.n;
    const h0 = rand(len), wHt = rand(p.n * p.n, 0.2);
    const h = h0.slice();
    w!.reluRnnForward!(h, wHt, p);
    const e = Float64Array.from(h0);
    for (let t = 0; t < p.steps; t++) {
      for (let b = 0; b < p.nb; b++) {
        for (let j = 0; j < p.n; j++) {
          const i = t * bn + b * p.n + j;
          let pre = e[i];
          if (t > 0) {
            for (let q = 0; q < p.n; q++) pre += e[i - bn - j + q] * wHt[q * p.n + j];
            pre = p.alpha * pre + (1 - p.alpha) * e[i - bn];
          } else pre *= p.alpha;
          e[i] = Math.max(pre, 0);
        }
      }
    }
    let err = 0;
    for (let i = 0; i < len; i++) err = Math.max(err, Math.abs(h[i] - e[i]));
    expect(err).toBeLessThan(1e-4);
  });
});
