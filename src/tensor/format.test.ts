import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tensor, zeros } from './index.js';
import { formatValues } from './format.js';

describe('tensor printing', () => {
  it('prints values PyTorch-style with a common width, flags and name', () => {
    expect(formatValues(Float32Array.from([1, 2.5, -3, 4]), [2, 2])).toBe('[[ 1.0000,  2.5000],\n [-3.0000,  4.0000]]');
    expect(formatValues([1, 2, 3], [3])).toBe('[1., 2., 3.]');
    expect(formatValues([NaN, Infinity, 1.5], [3])).toBe('[   nan,    inf, 1.5000]');
    expect(formatValues([1e-6, 2e-6], [2])).toBe('[1.0000e-6, 2.0000e-6]');
    expect(formatValues([7], [])).toBe('7.');
    const t = tensor([0.5, 1], [2]);
    t.requiresGrad = true;
    expect(t.format()).toBe('tensor([0.5000, 1.0000], shape=[2], requiresGrad=true)');
    expect(inspect(t)).toBe(t.format());
    expect(String(t)).toBe('Tensor([2])');
  });

  it('summarises large tensors with ... on every long axis', () => {
    const s = zeros([50, 50]).format();
    expect(s).toContain('...');
    expect(s.split('\n').length).toBe(7); // 3 rows, the ... row, 3 rows
    expect(s.endsWith('shape=[50, 50])')).toBe(true);
    expect(formatValues(Float64Array.from({ length: 2000 }, (_, i) => i), [2000])).toBe('[   0.,    1.,    2., ..., 1997., 1998., 1999.]');
  });
});
