import { describe, expect, it } from 'vitest';
import { createRng } from '../util/index.js';
import { bootstrapInterval, incompleteBeta, logGamma, studentTCdf, studentTQuantile, summarizeSamples } from './stats.js';

describe('claim statistics', () => {
  it('logGamma and the incomplete beta match closed forms', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    // I_x(1, 1) = x; I_x(2, 1) = x²; I_x(a, b) + I_{1−x}(b, a) = 1.
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.3, 2, 1)).toBeCloseTo(0.09, 12);
    expect(incompleteBeta(0.7, 2.5, 4) + incompleteBeta(0.3, 4, 2.5)).toBeCloseTo(1, 12);
  });

  it('Student t quantiles equal the textbook table', () => {
    // Two-sided 95% critical values, df = 1, 2, 4, 9, 29, and 1000 (≈ the normal 1.96).
    const table: [number, number][] = [[1, 12.7062], [2, 4.3027], [4, 2.7764], [9, 2.2622], [29, 2.0452], [1000, 1.9623]];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
    // df = 1 is the Cauchy distribution: CDF = 1/2 + atan(t)/π.
    expect(studentTCdf(2, 1)).toBeCloseTo(0.5 + Math.atan(2) / Math.PI, 10);
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.7764, 3);
  });

  it('the t interval of [1, 2, 3] is 2 ± 4.303/√3', () => {
    const s = summarizeSamples([1, 2, 3]);
    expect(s).toMatchObject({ n: 3, mean: 2, std: 1, interval: 't' });
    expect(s.ci[0]).toBeCloseTo(2 - 4.302653 / Math.sqrt(3), 5);
    expect(s.ci[1]).toBeCloseTo(2 + 4.302653 / Math.sqrt(3), 5);
    expect(summarizeSamples([5])).toEqual({ n: 1, mean: 5, std: 0, ci: [5, 5], interval: 'single seed' });
    expect(summarizeSamples([5], 'exact').interval).toBe('exact');
  });

  it('a seeded bootstrap of a known distribution gives the normal-theory interval, the same every time', () => {
    const rng = createRng(7);
    const xs = Array.from({ length: 400 }, () => rng.normal(3, 2));
    const [lo, hi] = bootstrapInterval(xs, 'm');
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
    const half = (1.96 * sd) / Math.sqrt(xs.length);
    expect(Math.abs(lo - (m - half))).toBeLessThan(0.25 * half);
    expect(Math.abs(hi - (m + half))).toBeLessThan(0.25 * half);
    expect(bootstrapInterval(xs, 'm')).toEqual([lo, hi]);
    // Skewed samples: the bootstrap interval is asymmetric about the mean, the t interval is not.
    const skew = [0, 0, 0, 0, 0, 0, 0, 0, 1, 10];
    const b = summarizeSamples(skew, 'bootstrap', 'k');
    expect(b.interval).toBe('bootstrap');
    expect(b.ci[1] - b.mean).toBeGreaterThan(b.mean - b.ci[0]);
  });
});
