import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/index.js';
import { adamReference, sgdReference, type AdamParams, type SgdParams } from './optim.js';
import { createWasmKernels } from './wasm.js';

const rng = createRng(11);
const randArr = (n: number, s = 1): Float32Array => Float32Array.from({ length: n }, () => s * rng.normal());
const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer.slice(0));

describe('wasm optimizer kernels are bit-identical to the TS reference', () => {
  const w = createWasmKernels({ shared: false });
  it('loads', () => expect(w?.sgdStep).toBeTypeOf('function'));
  const sizes = [1, 7, 2047, 2048, 2049, 4099, 30001];

  it('SGD: plain, momentum, dampening, Nesterov, weight decay over 3 steps', () => {
    const configs = [
      { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 },
      { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0.01 },
      { momentum: 0.9, dampening: 0.1, nesterov: false, weightDecay: 1e-3 },
      { momentum: 0.9, dampening: 0, nesterov: true, weightDecay: 0.05 },
    ];
    for (const n of sizes) {
      for (const c of configs) {
        const theta0 = randArr(n), buf0 = new Float32Array(n);
        const ref = { theta: theta0.slice(), buf: buf0.slice() }, fast = { theta: theta0.slice(), buf: buf0.slice() };
        for (let step = 1; step <= 3; step++) {
          const grad = randArr(n, 0.1);
          const base: Omit<SgdParams, 'theta' | 'buf'> = { grad, lr: 0.03, first: step === 1, ...c };
          sgdReference({ ...base, theta: ref.theta, buf: c.momentum > 0 ? ref.buf : null });
          w!.sgdStep!({ ...base, theta: fast.theta, buf: c.momentum > 0 ? fast.buf : null });
        }
        expect(bits(fast.theta)).toEqual(bits(ref.theta));
        expect(bits(fast.buf)).toEqual(bits(ref.buf));
      }
    }
  });

  it('Adam and AdamW over 4 steps', () => {
    for (const n of sizes) {
      for (const decoupled of [false, true]) {
        const theta0 = randArr(n);
        const ref = { theta: theta0.slice(), m: new Float32Array(n), v: new Float32Array(n) };
        const fast = { theta: theta0.slice(), m: new Float32Array(n), v: new Float32Array(n) };
        for (let step = 1; step <= 4; step++) {
          const grad = randArr(n, 0.1);
          const base: Omit<AdamParams, 'theta' | 'm' | 'v'> = { grad, lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.02, decoupled, step };
          adamReference({ ...base, ...ref });
          w!.adamStep!({ ...base, ...fast });
        }
        expect(bits(fast.theta)).toEqual(bits(ref.theta));
        expect(bits(fast.m)).toEqual(bits(ref.m));
        expect(bits(fast.v)).toEqual(bits(ref.v));
      }
    }
  });
});
