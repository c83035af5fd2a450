import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../util/index.js';
import { arange, max, mean, min, sum, tensor } from '../index.js';

describe('reductions', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);

  it('reduce over all, one, negative and several axes', () => {
    expect(sum(x).toArray()).toEqual([21]);
    expect(sum(x).shape).toEqual([]);
    expect(x.sum(0).toArray()).toEqual([5, 7, 9]);
    expect(x.sum(1, true).shape).toEqual([2, 1]);
    expect(x.sum(1, true).toArray()).toEqual([6, 15]);
    expect(mean(x, -1).toArray()).toEqual([2, 5]);
    expect(x.mean().item()).toBe(3.5);
    expect(max(x, 0).toArray()).toEqual([4, 5, 6]);
    expect(min(x, 1).toArray()).toEqual([1, 4]);
    expect(x.max().item()).toBe(6);
    const y = arange(24).reshape([2, 3, 4]);
    // Σ_i Σ_k (12i + 4j + k) = 60 + 32j
    expect(sum(y, [0, 2]).toArray()).toEqual([60, 92, 124]);
    expect(sum(y, [0, 2], true).shape).toEqual([1, 3, 1]);
    expect(sum(y, [-1, 0]).toArray()).toEqual([60, 92, 124]);
    expect(max(y, [0, 2]).toArray()).toEqual([15, 19, 23]);
  });

  it('route gradients: sum/mean spread, max/min pick the arg', () => {
    const a = tensor([[1, 3, 2], [0, -1, 5]], { requiresGrad: true });
    a.max(1).sum().backward();
    expect(a.grad?.toArray()).toEqual([0, 1, 0, 0, 0, 1]);
    a.zeroGrad();
    a.min(0).sum().backward();
    expect(a.grad?.toArray()).toEqual([0, 0, 1, 1, 1, 0]);
    a.zeroGrad();
    a.mean(0).sum().backward();
    expect(a.grad?.toArray()).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
  });

  it('rejects out-of-range axes', () => {
    expect(() => x.sum(2)).toThrow(ArgumentError);
    expect(() => x.sum(-3)).toThrow(/sum\(x, axis\): axis out of range, expected an integer in \[-2, 1\], received -3/);
  });
});
