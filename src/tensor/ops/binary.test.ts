import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../util/index.js';
import { add, div, maximum, minimum, mul, pow, sub, tensor, where } from '../index.js';

const close = (got: number[], want: number[]): void => {
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
};

describe('binary ops', () => {
  it('computes hand-checked values with broadcasting', () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(add(a, tensor([10, 20, 30])).toArray()).toEqual([11, 22, 33, 14, 25, 36]);
    expect(a.sub(tensor([[1], [2]])).toArray()).toEqual([0, 1, 2, 2, 3, 4]);
    expect(sub(5, tensor([1, 2])).toArray()).toEqual([4, 3]);
    expect(mul(a, 2).toArray()).toEqual([2, 4, 6, 8, 10, 12]);
    close(div(tensor([1, 2]), tensor([4])).toArray(), [0.25, 0.5]);
    close(pow(tensor([2, 3]), 2).toArray(), [4, 9]);
    close(pow(tensor([2, 3]), tensor([3, 0.5])).toArray(), [8, Math.sqrt(3)]);
    expect(maximum(tensor([1, 5]), tensor([3, 2])).toArray()).toEqual([3, 5]);
    expect(minimum(tensor([1, 5]), 2).toArray()).toEqual([1, 2]);
    expect(where(tensor([1, 0]), tensor([1, 2]), tensor([3, 4])).toArray()).toEqual([1, 4]);
  });

  it('broadcasts shapes like PyTorch', () => {
    expect(add(tensor([[[1, 2, 3]], [[4, 5, 6]]]), tensor([[1], [2], [3], [4]])).shape).toEqual([2, 4, 3]);
    expect(mul(tensor(2), tensor([[1, 2]])).shape).toEqual([1, 2]);
    expect(add(tensor([[1], [2], [3]]), tensor([[1, 2, 3, 4]])).toArray()).toEqual([2, 3, 4, 5, 3, 4, 5, 6, 4, 5, 6, 7]);
    expect(where(tensor([[1], [0]]), tensor([1, 2, 3]), 0).toArray()).toEqual([1, 2, 3, 0, 0, 0]);
  });

  it('reduces gradients over broadcast axes', () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
    const b = tensor([1, 2, 3], { requiresGrad: true });
    const c = tensor([[2], [3]], { requiresGrad: true });
    a.add(b).mul(c).sum().backward();
    expect(b.grad?.toArray()).toEqual([5, 5, 5]);
    expect(c.grad?.toArray()).toEqual([12, 21]);
    expect(a.grad?.toArray()).toEqual([2, 2, 2, 3, 3, 3]);
  });

  it('splits the gradient at ties of maximum and routes where', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([1, 3], { requiresGrad: true });
    maximum(a, b).sum().backward();
    expect(a.grad?.toArray()).toEqual([0.5, 0]);
    expect(b.grad?.toArray()).toEqual([0.5, 1]);
    const x = tensor([1, 2, 3], { requiresGrad: true });
    where(tensor([1, 0, 1]), x, 0).sum().backward();
    expect(x.grad?.toArray()).toEqual([1, 0, 1]);
  });

  it('throws ShapeError on incompatible shapes', () => {
    expect(() => add(tensor([[1, 2, 3]]), tensor([1, 2]))).toThrow(ShapeError);
    expect(() => mul(tensor([1, 2, 3]), tensor([1, 2]))).toThrow(/^mul\(a, b\): shapes cannot be broadcast, expected sizes equal or 1 per trailing axis, received \[3\] x \[2\]$/);
  });
});
