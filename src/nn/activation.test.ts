import { describe, expect, it } from 'vitest';
import { ones, randn, tensor } from '../tensor/index.js';
import { createRng } from '../util/index.js';
import { ELU, GELU, LeakyReLU, ReLU, Sigmoid, Softplus, Tanh } from './activation.js';
import { Dropout } from './dropout.js';

describe('activation modules', () => {
  it('compute their functions', () => {
    const x = tensor([-2, 0, 1.5]);
    const close = (got: number[], want: number[]) => got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
    close(new ReLU().forward(x).toArray(), [0, 0, 1.5]);
    close(new LeakyReLU(0.1).forward(x).toArray(), [-0.2, 0, 1.5]);
    close(new LeakyReLU().forward(x).toArray(), [-0.02, 0, 1.5]);
    close(new ELU(2).forward(x).toArray(), [2 * (Math.exp(-2) - 1), 0, 1.5]);
    // GELU exact: x·Φ(x); Φ(-2) = 0.0227501319, Φ(1.5) = 0.9331927987.
    close(new GELU().forward(x).toArray(), [-2 * 0.0227501319, 0, 1.5 * 0.9331927987]);
    close(new Tanh().forward(x).toArray(), [Math.tanh(-2), 0, Math.tanh(1.5)]);
    close(new Sigmoid().forward(x).toArray(), [1 / (1 + Math.exp(2)), 0.5, 1 / (1 + Math.exp(-1.5))]);
    close(new Softplus().forward(x).toArray(), [Math.log1p(Math.exp(-2)), Math.LN2, Math.log1p(Math.exp(1.5))]);
  });

  it('have no parameters', () => {
    expect(new LeakyReLU(0.2).parameters()).toEqual([]);
  });
});

describe('Dropout', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const x = ones([1000]);
    const a = new Dropout(0.3, { rng: createRng(1) }).forward(x).toArray();
    const b = new Dropout(0.3, { rng: createRng(1) }).forward(x).toArray();
    const c = new Dropout(0.3, { rng: createRng(2) }).forward(x).toArray();
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('zeros about p of the elements and scales survivors by 1/(1−p) (inverted dropout)', () => {
    const y = new Dropout(0.25, { rng: createRng(3) }).forward(ones([20_000])).toArray();
    const zeros = y.filter((v) => v === 0).length;
    expect(zeros / y.length).toBeCloseTo(0.25, 1);
    expect(y.filter((v) => v !== 0).every((v) => Math.abs(v - 1 / 0.75) < 1e-6)).toBe(true);
  });

  it('is the identity in eval mode and with p = 0; p = 1 zeros everything', () => {
    const x = randn([4, 5], { rng: createRng(4) });
    const d = new Dropout(0.5, { rng: createRng(5) });
    expect(d.eval().forward(x).toArray()).toEqual(x.toArray());
    expect(new Dropout(0, { rng: createRng(5) }).forward(x).toArray()).toEqual(x.toArray());
    expect(new Dropout(1, { rng: createRng(5) }).forward(x).toArray().every((v) => v === 0)).toBe(true);
  });

  it('passes gradients through the kept elements only', () => {
    const x = ones([50]);
    x.requiresGrad = true;
    const y = new Dropout(0.5, { rng: createRng(6) }).forward(x);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual(y.toArray());
  });

  it('rejects p outside [0, 1]', () => {
    expect(() => new Dropout(1.5, { rng: createRng(0) })).toThrow(/Dropout\(p\): probability out of range/);
  });
});
