import { describe, expect, it } from 'vitest';
import { abs, clamp, elu, exp, gelu, leakyRelu, log, neg, relu, sigmoid, softplus, sqrt, tanh, tensor } from '../index.js';

const close = (got: number[], want: number[], digits = 6): void => {
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => expect(v).toBeCloseTo(want[i], digits));
};

describe('NaN semantics (as PyTorch)', () => {
  it('relu, leaky relu, clamp and abs keep NaN; relu of a large input takes the kernel path too', () => {
    for (const n of [3, 4096]) {
      const xs = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? NaN : i % 3 === 1 ? -1 : 2));
      const y = relu(tensor(xs)).toArray();
      xs.forEach((x, i) => (Number.isNaN(x) ? expect(y[i]).toBeNaN() : expect(y[i]).toBe(Math.max(0, x))));
    }
    expect(clamp(tensor([NaN]), 0, 1).toArray()[0]).toBeNaN();
    expect(leakyRelu(tensor([NaN])).toArray()[0]).toBeNaN();
    expect(abs(tensor([NaN])).toArray()[0]).toBeNaN();
  });
});

describe('unary math and activations', () => {
  it('computes hand-checked values', () => {
    close(neg(tensor([1, -2])).toArray(), [-1, 2]);
    close(exp(tensor([0, 1])).toArray(), [1, Math.E]);
    close(log(tensor([1, Math.E])).toArray(), [0, 1]);
    close(sqrt(tensor([4, 2])).toArray(), [2, Math.SQRT2]);
    close(abs(tensor([-3, 2])).toArray(), [3, 2]);
    close(clamp(tensor([-2, 0.5, 3]), 0, 1).toArray(), [0, 0.5, 1]);
    close(relu(tensor([-1, 2])).toArray(), [0, 2]);
    close(leakyRelu(tensor([-1, 2]), 0.1).toArray(), [-0.1, 2]);
    close(leakyRelu(tensor([-1])).toArray(), [-0.01]);
    close(elu(tensor([-1, 2])).toArray(), [Math.exp(-1) - 1, 2]);
    // gelu(±1) = ±Φ(±1): 0.8413447460685429, -0.15865525393145707 (exact erf form)
    close(gelu(tensor([1, -1, 0])).toArray(), [0.8413447460685429, -0.15865525393145707, 0]);
    close(tanh(tensor([0.5])).toArray(), [Math.tanh(0.5)]);
    close(sigmoid(tensor([0, 2])).toArray(), [0.5, 1 / (1 + Math.exp(-2))]);
    close(softplus(tensor([0])).toArray(), [Math.LN2]);
  });

  it('stays finite for extreme inputs', () => {
    expect(sigmoid(tensor([-100, 100])).toArray()).toEqual([Math.fround(1 / (1 + Math.exp(100))), 1]);
    close(softplus(tensor([100, -100])).toArray(), [100, 0]);
    expect(Array.from(tanh(tensor([-50, 50])).data)).toEqual([-1, 1]);
  });

  it('uses PyTorch conventions at kinks', () => {
    const x = tensor([0, 0], { requiresGrad: true });
    relu(x).sum().backward();
    expect(x.grad?.toArray()).toEqual([0, 0]);
    const y = tensor([0, 1, 2], { requiresGrad: true });
    clamp(y, 0, 1).sum().backward(); // gradient passes where min <= x <= max
    expect(y.grad?.toArray()).toEqual([1, 1, 0]);
  });
});
