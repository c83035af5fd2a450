import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/index.js';
import { addNoise, randomSdr, sdr, sdrOverlap, sdrUnion, subsample } from './sdr.js';
import { falseMatch, falseMatchUnion, falseNegative } from './theory.js';
import { simulateFalseMatch, simulateFalseNegative, simulateUnion, wilsonInterval } from './simulate.js';

describe('SDRs', () => {
  it('builds sorted, validated index sets', () => {
    expect(Array.from(sdr(8, [5, 1]).active)).toEqual([1, 5]);
    expect(() => sdr(8, [8])).toThrow('index out of range');
    expect(() => sdr(8, [1, 1])).toThrow('repeated index');
    expect(() => sdr(8, [-1])).toThrow('index out of range');
  });

  it('draws random SDRs deterministically from the seed', () => {
    const x = randomSdr(2048, 40, createRng(3));
    expect(x.active.length).toBe(40);
    expect(new Set(x.active).size).toBe(40);
    for (let i = 1; i < 40; i++) expect(x.active[i]!).toBeGreaterThan(x.active[i - 1]!);
    expect(randomSdr(2048, 40, createRng(3))).toEqual(x);
    expect(randomSdr(5, 5, createRng(0)).active).toEqual(Uint32Array.from([0, 1, 2, 3, 4]));
    expect(() => randomSdr(10, 11, createRng(0))).toThrow('exceeds n');
  });

  it('computes overlaps by merge, equal to a brute-force count', () => {
    const rng = createRng(1);
    for (let k = 0; k < 20; k++) {
      const x = randomSdr(100, 30, rng);
      const y = randomSdr(100, 20, rng);
      const ys = new Set(y.active);
      expect(sdrOverlap(x, y)).toBe(Array.from(x.active).filter((i) => ys.has(i)).length);
    }
    expect(() => sdrOverlap(sdr(4, [1]), sdr(5, [1]))).toThrow('sizes differ');
  });

  it('noise moves exactly v bits; subsamples and unions behave', () => {
    const rng = createRng(2);
    const x = randomSdr(200, 40, rng);
    for (const v of [0, 1, 10, 40]) {
      const y = addNoise(x, v, rng);
      expect(y.active.length).toBe(40);
      expect(sdrOverlap(x, y)).toBe(40 - v);
    }
    expect(() => addNoise(x, 41, rng)).toThrow('addNoise(x, v).v');
    const s = subsample(x, 12, rng);
    expect(sdrOverlap(x, s)).toBe(12);
    const u = sdrUnion([x, s, sdr(200, [0, 199])]);
    expect(u.active.length).toBe(40 + (x.active.includes(0) ? 0 : 1) + (x.active.includes(199) ? 0 : 1));
  });
});

describe('Monte Carlo', () => {
  it('Wilson intervals contain the estimate and shrink with trials', () => {
    const a = wilsonInterval(50, 1000);
    expect(a.low).toBeLessThan(0.05);
    expect(a.high).toBeGreaterThan(0.05);
    const b = wilsonInterval(500, 10000);
    expect(b.high - b.low).toBeLessThan(a.high - a.low);
    expect(wilsonInterval(0, 100).low).toBe(0);
    expect(() => wilsonInterval(5, 4)).toThrow('wilsonInterval(hits, trials): not a valid count');
  });

  it('agrees with the exact theory at a small size (99 % intervals)', () => {
    const rng = createRng(7);
    for (const [n, a, s, theta] of [[100, 10, 8, 2], [200, 20, 12, 4], [300, 30, 30, 6]] as const) {
      const r = simulateFalseMatch({ n, a, s, theta }, { trials: 40_000 }, rng);
      const p = falseMatch(n, a, s, theta).value;
      expect(r.low).toBeLessThanOrEqual(p);
      expect(r.high).toBeGreaterThanOrEqual(p);
    }
    for (const [a, s, theta, v] of [[40, 20, 10, 20], [128, 30, 12, 64]] as const) {
      const r = simulateFalseNegative({ n: 400, a, s, theta, v }, { trials: 40_000 }, rng);
      const p = falseNegative(a, s, theta, v).value;
      expect(r.low).toBeLessThanOrEqual(p);
      expect(r.high).toBeGreaterThanOrEqual(p);
    }
  });

  it('simulates unions near the expected-size closed form, and replays from the seed', () => {
    const p = { n: 500, a: 20, s: 10, theta: 5, m: 6, mode: 'inputs' as const };
    const r = simulateUnion(p, { trials: 20_000 }, createRng(4));
    const theory = falseMatchUnion(500, 20, 10, 5, 6, 'inputs').value;
    expect(Math.abs(Math.log10(r.rate / theory))).toBeLessThan(0.15);
    expect(simulateUnion(p, { trials: 20_000 }, createRng(4))).toEqual(r);
    const q = simulateUnion({ ...p, m: 3, mode: 'synapses' }, { trials: 20_000 }, createRng(5));
    expect(Math.abs(Math.log10(q.rate / falseMatchUnion(500, 20, 10, 5, 3, 'synapses').value))).toBeLessThan(0.15);
  });

  it('rejects inconsistent sizes', () => {
    expect(() => simulateFalseMatch({ n: 10, a: 5, s: 4, theta: 5 }, { trials: 10 }, createRng(0))).toThrow('inconsistent sizes');
    expect(() => simulateFalseMatch({ n: 10, a: 5, s: 4, theta: 2 }, { trials: 0 }, createRng(0))).toThrow('not a positive count');
  });
});
