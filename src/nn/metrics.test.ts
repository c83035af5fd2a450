import { describe, expect, it } from 'vitest';
import { tensor } from '../tensor/index.js';
import { ShapeError } from '../util/index.js';
import { accuracy, argmax, argmaxRows, countCorrect } from './metrics.js';

describe('argmax and accuracy', () => {
  it('takes the first maximum on ties and never picks NaN over a number', () => {
    const t = tensor([1, 3, 3, 0, /**/ 2, 2, 2, 2, /**/ NaN, 5, 1, 0, /**/ -1, -2, -0.5, -3], [4, 4]);
    expect(Array.from(argmax(t))).toEqual([1, 0, 0, 2]);
  });

  it('counts rows of a window and scores accuracy against labels', () => {
    const v = Float64Array.from([0, 1, /**/ 1, 0, /**/ 0, 1, /**/ 0.5, 0.4]);
    const labels = [1, 1, 1, 0];
    expect(countCorrect(v, labels, 2, 4)).toBe(3);
    expect(countCorrect(v, labels, 2, 2, 2)).toBe(2);
    expect(Array.from(argmaxRows(v, 2, 2, undefined, 1))).toEqual([0, 1]);
    expect(accuracy(tensor(Array.from(v), [4, 2]), labels)).toBe(0.75);
  });

  it('refuses a wrong shape or label count', () => {
    expect(() => accuracy(tensor([1, 2, 3], [3]), [0, 0, 0])).toThrow(ShapeError);
    expect(() => accuracy(tensor([1, 2, 3, 4], [2, 2]), [0])).toThrow(/one label per row/);
  });
});
