import { describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError } from '../../util/index.js';
import { arange, concat, expand, gather, indexSelect, permute, reshape, slice, squeeze, stack, tensor, transpose, unsqueeze } from '../index.js';

describe('shape ops', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);

  it('reshape infers -1, shares data, and checks sizes', () => {
    const r = reshape(x, [3, -1]);
    expect(r.shape).toEqual([3, 2]);
    expect(r.data).toBe(x.data);
    expect(x.reshape([6]).toArray()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => x.reshape([4, -1])).toThrow(ShapeError);
    expect(() => x.reshape([5])).toThrow(/^reshape\(x, shape\): size differs/);
    expect(() => x.reshape([-1, -1])).toThrow(/cannot infer -1/);
  });

  it('transpose and permute move axes', () => {
    expect(transpose(x).toArray()).toEqual([1, 4, 2, 5, 3, 6]);
    expect(transpose(x).shape).toEqual([3, 2]);
    const y = arange(24).reshape([2, 3, 4]);
    const p = permute(y, [2, 0, 1]);
    expect(p.shape).toEqual([4, 2, 3]);
    // p[k, i, j] = y[i, j, k] = 12i + 4j + k; p[1, 1, 2] = 12 + 8 + 1
    expect(p.data[1 * 6 + 1 * 3 + 2]).toBe(21);
    expect(y.transpose(0, 2).shape).toEqual([4, 3, 2]);
    expect(() => permute(y, [0, 0, 1])).toThrow(/not a permutation/);
  });

  it('expand, squeeze and unsqueeze', () => {
    const c = tensor([[1], [2], [3]]);
    const e = expand(c, [2, 3, 2]);
    expect(e.shape).toEqual([2, 3, 2]);
    expect(e.toArray()).toEqual([1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3]);
    expect(expand(c, [-1, 4]).shape).toEqual([3, 4]);
    expect(() => expand(c, [2, 2])).toThrow(ShapeError);
    expect(squeeze(tensor([[[1], [2]]])).shape).toEqual([2]);
    expect(squeeze(tensor([[[1], [2]]]), 0).shape).toEqual([2, 1]);
    expect(squeeze(x, 0).shape).toEqual([2, 3]); // size is not 1: unchanged, like PyTorch
    expect(unsqueeze(x, 1).shape).toEqual([2, 1, 3]);
    expect(unsqueeze(x, -1).shape).toEqual([2, 3, 1]);
  });

  it('slice, concat and stack', () => {
    expect(slice(x, 1, 1, 3).toArray()).toEqual([2, 3, 5, 6]);
    expect(slice(x, -1, -1).toArray()).toEqual([3, 6]);
    expect(slice(x, 0, 1, 99).toArray()).toEqual([4, 5, 6]);
    expect(() => slice(x, 0, 0.5)).toThrow(ArgumentError);
    const c = concat([x, tensor([[7], [8]])], 1);
    expect(c.shape).toEqual([2, 4]);
    expect(c.toArray()).toEqual([1, 2, 3, 7, 4, 5, 6, 8]);
    expect(concat([x, x]).shape).toEqual([4, 3]);
    expect(() => concat([x, tensor([1, 2])])).toThrow(ShapeError);
    expect(stack([x, x]).shape).toEqual([2, 2, 3]);
    expect(stack([tensor([1, 2]), tensor([3, 4])], 1).toArray()).toEqual([1, 3, 2, 4]);
  });

  it('concat splits the gradient back to its inputs', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3], { requiresGrad: true });
    concat([a, b]).mul(tensor([1, 2, 3])).sum().backward();
    expect(a.grad?.toArray()).toEqual([1, 2]);
    expect(b.grad?.toArray()).toEqual([3]);
  });
});

describe('index ops', () => {
  it('gather follows torch.gather', () => {
    const t = tensor([[1, 2], [3, 4]]);
    expect(gather(t, 1, tensor([[0, 0], [1, 0]])).toArray()).toEqual([1, 1, 4, 3]);
    expect(gather(t, 0, tensor([[1, 0]])).toArray()).toEqual([3, 2]);
    expect(() => gather(t, 1, tensor([[2, 0], [0, 0]]))).toThrow(/index 0 out of range/);
  });

  it('indexSelect picks rows, repeats accumulate in the gradient', () => {
    const t = tensor([[1, 2], [3, 4], [5, 6]], { requiresGrad: true });
    const s = indexSelect(t, 0, [2, 0, 2]);
    expect(s.toArray()).toEqual([5, 6, 1, 2, 5, 6]);
    s.sum().backward();
    expect(t.grad?.toArray()).toEqual([1, 1, 0, 0, 2, 2]);
    expect(indexSelect(t, 1, new Int32Array([1])).toArray()).toEqual([2, 4, 6]);
    expect(() => indexSelect(t, 0, [3])).toThrow(ArgumentError);
  });
});
