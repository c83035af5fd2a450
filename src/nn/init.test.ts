import { describe, expect, it } from 'vitest';
import { zeros, type Tensor } from '../tensor/index.js';
import { createRng } from '../util/index.js';
import {
  calculateFans,
  calculateGain,
  initLayer,
  kaimingNormal,
  kaimingUniform,
  orthogonal,
  xavierNormal,
  xavierUniform,
} from './init.js';

const stats = (t: Tensor) => {
  const v = Array.from(t.data);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return { mean, std, max: Math.max(...v.map(Math.abs)) };
};

describe('fans and gains', () => {
  it('computes fan-in/out like PyTorch, with the conv receptive field', () => {
    expect(calculateFans([20, 10])).toEqual({ fanIn: 10, fanOut: 20 });
    expect(calculateFans([16, 3, 5, 5])).toEqual({ fanIn: 75, fanOut: 400 });
    expect(() => calculateFans([5])).toThrow(/rank >= 2/);
  });

  it('uses the torch.nn.init.calculate_gain values', () => {
    expect(calculateGain('linear')).toBe(1);
    expect(calculateGain('conv')).toBe(1);
    expect(calculateGain('sigmoid')).toBe(1);
    expect(calculateGain('tanh')).toBe(5 / 3);
    expect(calculateGain('relu')).toBe(Math.SQRT2);
    expect(calculateGain('leakyRelu', 0)).toBe(Math.SQRT2);
    expect(calculateGain('leakyRelu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 12);
    expect(calculateGain('selu')).toBe(0.75);
  });
});

describe('init schemes', () => {
  it('kaimingUniform: bound gain·√(3/fan), fanIn or fanOut', () => {
    const t = kaimingUniform(zeros([64, 32, 3, 3]), { rng: createRng(0), nonlinearity: 'relu' });
    const bound = Math.SQRT2 * Math.sqrt(3 / (32 * 9));
    const s = stats(t);
    expect(s.max).toBeLessThanOrEqual(bound);
    expect(s.max).toBeGreaterThan(0.99 * bound);
    expect(s.std).toBeCloseTo(bound / Math.sqrt(3), 3);
    const out = kaimingUniform(zeros([64, 32, 3, 3]), { rng: createRng(0), mode: 'fanOut', nonlinearity: 'relu' });
    expect(stats(out).max).toBeLessThanOrEqual(Math.SQRT2 * Math.sqrt(3 / (64 * 9)));
  });

  it('kaimingNormal and xavierNormal have the documented std', () => {
    expect(stats(kaimingNormal(zeros([200, 100]), { rng: createRng(1), nonlinearity: 'relu' })).std / Math.sqrt(2 / 100)).toBeCloseTo(1, 1);
    expect(stats(xavierNormal(zeros([200, 100]), { rng: createRng(2), gain: 2 })).std / (2 * Math.sqrt(2 / 300))).toBeCloseTo(1, 1);
  });

  it('xavierUniform: bound gain·√(6/(fanIn+fanOut))', () => {
    const s = stats(xavierUniform(zeros([50, 30]), { rng: createRng(3), gain: calculateGain('tanh') }));
    const bound = (5 / 3) * Math.sqrt(6 / 80);
    expect(s.max).toBeLessThanOrEqual(bound);
    expect(s.max).toBeGreaterThan(0.98 * bound);
  });

  it('is reproducible per seed', () => {
    const a = kaimingNormal(zeros([10, 10]), { rng: createRng(9) });
    const b = kaimingNormal(zeros([10, 10]), { rng: createRng(9) });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });

  for (const shape of [[6, 4], [4, 6], [5, 2, 2, 2], [3, 3]]) {
    it(`orthogonal gives orthonormal rows or columns, shape [${shape.join(', ')}]`, () => {
      const t = orthogonal(zeros(shape), { rng: createRng(4), gain: 1.5 });
      const rows = shape[0]!, cols = t.size / rows;
      // The smaller side is orthonormal: WᵀW = g²I (tall) or WWᵀ = g²I (wide).
      const tall = rows >= cols, k = tall ? cols : rows, len = tall ? rows : cols;
      const at = (i: number, r: number) => (tall ? t.data[r * cols + i]! : t.data[i * cols + r]!);
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          let dot = 0;
          for (let r = 0; r < len; r++) dot += at(i, r) * at(j, r);
          expect(dot).toBeCloseTo(i === j ? 2.25 : 0, 5);
        }
      }
    });
  }

  it('initLayer: default bias U(±1/√fanIn), named schemes zero the bias, custom functions run', () => {
    const w = zeros([8, 4]), b = zeros([8]);
    initLayer(w, b, createRng(0), 'xavierUniform');
    expect(Array.from(b.data).every((v) => v === 0)).toBe(true);
    initLayer(w, b, createRng(0));
    expect(stats(b).max).toBeLessThanOrEqual(0.5);
    expect(stats(b).max).toBeGreaterThan(0);
    initLayer(w, null, createRng(0), (weight) => weight.data.fill(0.25));
    expect(Array.from(w.data).every((v) => v === 0.25)).toBe(true);
  });
});
