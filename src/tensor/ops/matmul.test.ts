import { describe, expect, it } from 'vitest';
import { createRng, ShapeError } from '../../util/index.js';
import { matmul, randn, tensor } from '../index.js';

describe('matmul', () => {
  it('multiplies 2-D matrices and gives dA = dC·Bᵀ, dB = Aᵀ·dC', () => {
    const a = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const b = tensor([[5, 6], [7, 8]], { requiresGrad: true });
    const c = matmul(a, b);
    expect(c.toArray()).toEqual([19, 22, 43, 50]);
    c.sum().backward();
    expect(a.grad?.toArray()).toEqual([11, 15, 11, 15]);
    expect(b.grad?.toArray()).toEqual([4, 4, 6, 6]);
  });

  it('handles 1-D operands like torch', () => {
    expect(matmul(tensor([1, 2, 3]), tensor([4, 5, 6])).shape).toEqual([]);
    expect(matmul(tensor([1, 2, 3]), tensor([4, 5, 6])).item()).toBe(32);
    expect(matmul(tensor([1, 2]), tensor([[1, 2, 3], [4, 5, 6]])).toArray()).toEqual([9, 12, 15]);
    expect(matmul(tensor([[1, 2, 3], [4, 5, 6]]), tensor([1, 0, -1])).toArray()).toEqual([-2, -2]);
    const rng = createRng(0);
    expect(matmul(randn([4], { rng }), randn([2, 4, 3], { rng })).shape).toEqual([2, 3]);
    expect(matmul(randn([2, 3, 4], { rng }), randn([4], { rng })).shape).toEqual([2, 3]);
  });

  it('broadcasts batch axes and agrees with per-batch products', () => {
    const rng = createRng(1);
    const a = randn([2, 1, 3, 4], { rng });
    const b = randn([3, 4, 5], { rng });
    const c = a.matmul(b);
    expect(c.shape).toEqual([2, 3, 3, 5]);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        const ref = matmul(a.slice(0, i, i + 1).reshape([3, 4]), b.slice(0, j, j + 1).reshape([4, 5]));
        const got = c.slice(0, i, i + 1).slice(1, j, j + 1).reshape([3, 5]);
        got.data.forEach((v, k) => expect(v).toBeCloseTo(ref.data[k], 5));
      }
    }
    expect(matmul(randn([2, 3, 4], { rng }), randn([4, 5], { rng })).shape).toEqual([2, 3, 5]);
  });

  it('reports inner-dimension mismatches as ShapeError', () => {
    expect(() => matmul(tensor([[1, 2, 3], [4, 5, 6]]), tensor(new Float32Array(20), [4, 5]))).toThrow(ShapeError);
    expect(() => matmul(tensor([[1, 2, 3], [4, 5, 6]]), tensor(new Float32Array(20), [4, 5]))).toThrow(
      'matmul(a, b): inner dimensions differ, expected [*, 3] x [3, *], received [2, 3] x [4, 5]',
    );
    expect(() => matmul(tensor([1, 2]), tensor([1, 2, 3]))).toThrow('matmul(a, b): inner dimensions differ, expected [2] x [2], received [2] x [3]');
    expect(() => matmul(tensor(1), tensor([1]))).toThrow(/scalar operand/);
    expect(() => matmul(tensor(new Float32Array(24), [2, 3, 4]), tensor(new Float32Array(60), [3, 4, 5]))).toThrow(/shapes cannot be broadcast/);
  });
});
