import { describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError } from '../../util/index.js';
import { bce, bceWithLogits, crossEntropy, logSoftmax, mse, softmax, tensor } from '../index.js';

const close = (got: number[], want: number[], digits = 6): void => {
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => expect(v).toBeCloseTo(want[i], digits));
};

describe('softmax family', () => {
  it('computes hand-checked values', () => {
    close(softmax(tensor([1, 2, 3])).toArray(), [0.09003057, 0.24472847, 0.66524096]);
    close(logSoftmax(tensor([1, 2, 3])).toArray(), [-2.40760596, -1.40760596, -0.40760596]);
    close(softmax(tensor([[1, 3], [2, 3]]), 0).toArray(), [0.26894142, 0.5, 0.73105858, 0.5]);
  });

  it('is stable for huge logits', () => {
    close(softmax(tensor([1000, 1000, -1000])).toArray(), [0.5, 0.5, 0]);
    close(logSoftmax(tensor([1000, 0])).toArray(), [0, -1000], 3);
    expect(crossEntropy(tensor([[1000, 0]]), [1]).item()).toBeCloseTo(1000, 3);
  });

  it('crossEntropy = mean(lse − logit[label]) with backward (softmax − onehot)/N', () => {
    const x = tensor([[1, 2, 3], [1, 2, 3]], { requiresGrad: true });
    const loss = crossEntropy(x, new Int32Array([2, 0]));
    expect(loss.shape).toEqual([]);
    expect(loss.item()).toBeCloseTo((0.40760596 + 2.40760596) / 2, 6);
    loss.backward();
    const p = [0.09003057, 0.24472847, 0.66524096];
    close(x.grad!.toArray(), [p[0] / 2, p[1] / 2, (p[2] - 1) / 2, (p[0] - 1) / 2, p[1] / 2, p[2] / 2]);
    expect(x.crossEntropy(tensor([2, 0])).item()).toBeCloseTo(loss.item(), 6);
  });

  it('checks labels', () => {
    const x = tensor([[1, 2], [3, 4]]);
    expect(() => crossEntropy(x, [0])).toThrow(ShapeError);
    expect(() => crossEntropy(x, [0, 2])).toThrow(ArgumentError);
    expect(() => crossEntropy(x, [0, 0.5])).toThrow(/index 1 out of range/);
    expect(() => crossEntropy(tensor([1, 2]), [0])).toThrow(/logits must be 2-D, expected \[N, C\], received \[2\]/);
  });
});

describe('losses', () => {
  it('mse, bce and bceWithLogits match hand values', () => {
    expect(mse(tensor([1, 2]), tensor([3, 5])).item()).toBeCloseTo(6.5, 6);
    expect(bce(tensor([0.8, 0.4]), tensor([1, 0])).item()).toBeCloseTo((-Math.log(0.8) - Math.log(0.6)) / 2, 6);
    expect(bceWithLogits(tensor([0]), tensor([1])).item()).toBeCloseTo(Math.LN2, 6);
  });

  it('stay finite at the extremes', () => {
    expect(bceWithLogits(tensor([100, -100]), tensor([0, 1])).item()).toBeCloseTo(100, 4);
    expect(bce(tensor([0, 1]), tensor([1, 0])).item()).toBe(100); // log clamped at −100, as PyTorch
  });

  it('bceWithLogits gradient is (sigmoid(x) − t)/n', () => {
    const x = tensor([0, 2], { requiresGrad: true });
    bceWithLogits(x, tensor([1, 0])).backward();
    close(x.grad!.toArray(), [(0.5 - 1) / 2, 1 / (1 + Math.exp(-2)) / 2]);
  });

  it('require equal shapes', () => {
    expect(() => mse(tensor([1, 2]), tensor([1]))).toThrow(/^mse\(pred, target\): shapes differ, expected \[2\], received \[1\]$/);
    expect(() => bce(tensor([0.5]), tensor([[1]]))).toThrow(ShapeError);
  });
});
