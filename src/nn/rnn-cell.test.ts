import { describe, expect, it } from 'vitest';
import { checkGrad, noGrad, randn, type Tensor } from '../tensor/index.js';
import { createRng, ShapeError } from '../util/index.js';
import { RNNCell, rnnCell } from './rnn-cell.js';

const rng = createRng(3);
const leaf = (shape: number[], s = 1): Tensor => {
  const t = randn(shape, { rng }).mul(s);
  t.requiresGrad = true;
  return t;
};

describe('rnnCell', () => {
  it('equals tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh) written as separate ops', () => {
    // 16×64×64: the GEMMs and the tanh run in the wasm kernels (where available)
    const x = randn([16, 40], { rng }), h = randn([16, 64], { rng });
    const wi = randn([64, 40], { rng }).mul(0.2), wh = randn([64, 64], { rng }).mul(0.2), bi = randn([64], { rng }), bh = randn([64], { rng });
    const fused = rnnCell(x, h, wi, wh, bi, bh);
    const ops = noGrad(() => x.matmul(wi.transpose(0, 1)).add(bi).add(h.matmul(wh.transpose(0, 1))).add(bh).tanh());
    let err = 0;
    for (let i = 0; i < fused.size; i++) err = Math.max(err, Math.abs(fused.data[i] - ops.data[i]));
    expect(err).toBeLessThan(1e-5);
    expect(fused.data.some((v) => Math.abs(v) > 0.9)).toBe(true); // saturating units are covered
  });

  it('has gradients that match finite differences for every input, with and without biases', () => {
    const args = [leaf([3, 4]), leaf([3, 5]), leaf([5, 4], 0.5), leaf([5, 5], 0.5), leaf([5]), leaf([5])];
    const r = checkGrad((x, h, wi, wh, bi, bh) => rnnCell(x, h, wi, wh, bi, bh), args, { atol: 1e-3, rtol: 1e-2 });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const r2 = checkGrad((x, h, wi, wh) => rnnCell(x, h, wi, wh), args.slice(0, 4), { atol: 1e-3, rtol: 1e-2 });
    expect(r2.ok, JSON.stringify(r2)).toBe(true);
  });

  it('names the wrong shape', () => {
    const x = randn([2, 3], { rng }), h = randn([2, 4], { rng });
    expect(() => rnnCell(x, h, randn([4, 2], { rng }), randn([4, 4], { rng }))).toThrow(ShapeError);
    expect(() => rnnCell(x, randn([3, 4], { rng }), randn([4, 3], { rng }), randn([4, 4], { rng }))).toThrow(/h must be \[batch, hidden\]/);
  });

  it('RNNCell learns parameters in PyTorch layout, U(±1/√hidden)', () => {
    const cell = new RNNCell(3, 16, { rng });
    expect(cell.parameters().map((p) => p.shape)).toEqual([[16, 3], [16, 16], [16], [16]]);
    expect(cell.weightHh.data.every((v) => Math.abs(v) <= 0.25)).toBe(true);
    expect(cell.forward(randn([8, 3], { rng }), randn([8, 16], { rng })).shape).toEqual([8, 16]);
    expect(new RNNCell(3, 16, { rng, bias: false }).parameters()).toHaveLength(2);
  });
});
