import { describe, expect, it } from 'vitest';
import { NeuroError } from '../../util/index.js';
import { binomial, fromLn, fromRatio, hypergeometricTerms, lnBinomialReal, lnGamma, logSumExp } from './exact.js';
import { expectedUnionSize, falseMatch, falseMatchUnion, falseNegative, overlapProbability, overlapSetSize, thresholdSweep } from './theory.js';

/** Our value rounded to the printed digits equals the printed value. */
function expectPrinted(p: { log10: number }, printed: string): void {
  const digits = printed.split('e')[0]!.replace(/^[0.]+/, '').replace('.', '').length;
  expect(Number((10 ** p.log10).toPrecision(digits))).toBe(Number(printed));
}

describe('exact arithmetic', () => {
  it('computes binomials exactly, with Pascal and symmetry identities', () => {
    expect(binomial(5, 2)).toBe(10n);
    expect(binomial(0, 0)).toBe(1n);
    expect(binomial(5, 6)).toBe(0n);
    expect(binomial(5, -1)).toBe(0n);
    expect(binomial(100, 50)).toBe(100891344545564193334812497256n);
    for (const [n, k] of [[30, 7], [200, 33], [1000, 999]] as const) {
      expect(binomial(n, k)).toBe(binomial(n, n - k));
      expect(binomial(n, k)).toBe(binomial(n - 1, k - 1) + binomial(n - 1, k));
    }
    expect(() => binomial(-1, 0)).toThrow(NeuroError);
    expect(() => binomial(3.5, 1)).toThrow('binomial(n, k).n: not a count');
  });

  it('hypergeometric terms sum to C(N, d) exactly (Vandermonde) and are symmetric in K and d', () => {
    for (const [N, K, d] of [[10, 3, 4], [200, 20, 40], [2000, 24, 300], [50, 50, 7], [9, 0, 3]] as const) {
      const { terms, den } = hypergeometricTerms(N, K, d);
      expect(terms.reduce((s, t) => s + t, 0n)).toBe(den);
      const swapped = hypergeometricTerms(N, d, K);
      // P(X = b) is the same with the roles of successes and draws swapped.
      expect(swapped.terms.map((t) => t * den)).toEqual(terms.map((t) => t * swapped.den));
      terms.forEach((t, b) => expect(t).toBe(binomial(K, b) * binomial(N - K, d - b)));
    }
    expect(hypergeometricTerms(4, 2, 2)).toEqual({ terms: [1n, 4n, 1n], den: 6n });
    expect(hypergeometricTerms(10, 3, 4, 2).terms).toEqual([0n, 0n, 3n * 21n, 7n]);
  });

  it('formats exact ratios with correct rounding, including a carry into the exponent', () => {
    expect(fromRatio({ num: 1n, den: 3n }).decimal).toBe('3.333333333e-1');
    expect(fromRatio({ num: 2n, den: 3n }).decimal).toBe('6.666666667e-1');
    expect(fromRatio({ num: 10n ** 12n - 1n, den: 10n ** 12n }).decimal).toBe('1.000000000e0');
    expect(fromRatio({ num: 0n, den: 7n })).toMatchObject({ decimal: '0', log10: -Infinity, value: 0 });
    expect(fromRatio({ num: 7n, den: 7n })).toMatchObject({ decimal: '1', log10: 0, value: 1 });
    const tiny = fromRatio({ num: 3n, den: 10n ** 400n });
    expect(tiny.decimal).toBe('3.000000000e-400');
    expect(tiny.log10).toBeCloseTo(Math.log10(3) - 400, 12);
    expect(tiny.value).toBe(0); // float64 underflows; decimal and log10 do not
    expect(fromLn(Math.log(0.25)).decimal).toBe('2.500000000e-1');
  });

  it('log-gamma matches factorials and the real binomial matches BigInt binomials', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 13);
    expect(lnGamma(11)).toBeCloseTo(Math.log(3628800), 11);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lnBinomialReal(1000, 30) / Math.LN10).toBeCloseTo(fromRatio({ num: binomial(1000, 30), den: 1n }).log10, 8);
    expect(logSumExp([Math.log(1e-300), Math.log(1e-300)])).toBeCloseTo(Math.log(2e-300), 10);
  });
});

describe('SDR theory', () => {
  it('reproduces reference numbers of the paper note', () => {
    expectPrinted(falseMatch(10000, 300, 24, 12), '8.3758e-13');
    expectPrinted(falseMatch(10000, 64, 24, 12), '4.0416e-21');
    expectPrinted(falseMatch(2000, 40, 20, 10), '4.9436e-13');
    expectPrinted(falseMatch(2000, 40, 20, 15), '2.4719e-23');
    expectPrinted(falseMatch(200000, 2000, 10, 10), '9.78e-21');
    expectPrinted(falseMatch(200000, 2000, 20, 10), '1.65e-15');
    expectPrinted(falseMatch(400, 8, 4, 2), '2.06e-3');
    expectPrinted(falseNegative(128, 30, 12, 64), '0.0716985');
    expectPrinted(falseNegative(128, 30, 8, 32), '2.23e-12');
    expectPrinted(falseMatchUnion(10000, 200, 25, 15, 10, 'synapses', 'integer'), '1.27e-4');
    expectPrinted(falseMatchUnion(4000, 30, 20, 10, 2, 'inputs', 'gamma'), '4.18e-14');
    const sweep = thresholdSweep([7, 8, 24]);
    expectPrinted(sweep[0]!.median, '6.57e-7');
    expectPrinted(sweep[1]!.median, '3.33e-8');
    expectPrinted(sweep[2]!.median, '2.07e-39');
  });

  it('reports probabilities far below the float64 range', () => {
    // 1 / C(10^6, 500): about 1e-1868.
    const p = falseMatch(1_000_000, 500, 500, 500);
    expect(p.value).toBe(0);
    expect(p.log10).toBeCloseTo(-lnBinomialReal(1_000_000, 500) / Math.LN10, 6);
    expect(p.decimal).toMatch(/^\d\.\d{9}e-186\d$/);
    expect(p.exact!.num).toBe(1n);
  });

  it('overlap probabilities sum to exactly 1 and |Ω| counts the vectors', () => {
    const [n, a] = [60, 9];
    let num = 0n;
    for (let b = 0; b <= a; b++) num += overlapSetSize(n, a, b);
    expect(num).toBe(binomial(n, a));
    expect(overlapSetSize(10, 3, 1)).toBe(63n);
    expect(overlapSetSize(10, 3, 1, 5)).toBe(binomial(5, 1) * binomial(5, 2));
    expect(overlapProbability(10, 3, 1).decimal).toBe('5.250000000e-1');
  });

  it('keeps probabilities in [0, 1], monotone in θ, n and the noise', () => {
    for (const [n, a, s] of [[300, 20, 12], [2000, 40, 24], [1000, 500, 20]] as const) {
      let prev = 2;
      for (let theta = 0; theta <= s; theta++) {
        const p = falseMatch(n, a, s, theta).value;
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(prev);
        prev = p;
      }
      expect(falseMatch(n, a, s, 0).decimal).toBe('1');
    }
    let prevN = 2;
    for (const n of [100, 200, 400, 800, 1600, 3200]) {
      const p = falseMatch(n, 40, 20, 8).value;
      expect(p).toBeLessThan(prevN);
      prevN = p;
    }
    let prevV = -1;
    for (let v = 0; v <= 128; v += 8) {
      const p = falseNegative(128, 30, 12, v).value;
      expect(p).toBeGreaterThanOrEqual(prevV);
      expect(p).toBeLessThanOrEqual(1);
      prevV = p;
    }
    expect(falseNegative(128, 30, 12, 0).decimal).toBe('0');
    expect(falseNegative(128, 30, 12, 128).decimal).toBe('1');
    expect(falseMatch(100, 5, 10, 8).decimal).toBe('0'); // θ > a: no overlap can reach it
  });

  it('union formulas: M = 1 is plain P_FP, error grows with M, integer and gamma modes are close', () => {
    expect(falseMatchUnion(1000, 200, 25, 15, 1, 'synapses').decimal).toBe(falseMatch(1000, 200, 25, 15).decimal);
    expect(expectedUnionSize(1000, 25, 1)).toBeCloseTo(25, 10);
    let prev = 0;
    for (let m = 1; m <= 10; m++) {
      const g = falseMatchUnion(8000, 30, 20, 10, m, 'inputs', 'gamma');
      const i = falseMatchUnion(8000, 30, 20, 10, m, 'inputs', 'integer');
      expect(g.value).toBeGreaterThan(prev);
      expect(Math.abs(g.log10 - i.log10)).toBeLessThan(0.05);
      prev = g.value;
    }
  });

  it('rejects invalid arguments with clear errors', () => {
    expect(() => falseMatch(100, 5, 10, 11)).toThrow('falseMatch(n, a, s, theta).theta: exceeds s, expected theta <= s = 10, received 11');
    expect(() => falseMatch(100, 101, 10, 1)).toThrow('falseMatch(n, a, s, theta).a: exceeds n');
    expect(() => falseMatch(100, -1, 10, 1)).toThrow('not a valid count');
    expect(() => falseMatch(100, 1.5, 10, 1)).toThrow('not a valid count');
    expect(() => falseNegative(20, 30, 12, 3)).toThrow('falseNegative(a, s, theta, v).s: exceeds a');
    expect(() => falseMatchUnion(100, 5, 10, 2, 0, 'inputs')).toThrow('.m: not a valid count');
  });
});

describe('Probability results', () => {
  it('turn into a number and into JSON (the exact BigInt ratio as decimal strings)', () => {
    const p = falseMatch(2048, 40, 20, 10);
    expect(p.toNumber()).toBe(p.value);
    const j = JSON.parse(JSON.stringify(p)) as { decimal: string; log10: number; exact: { num: string; den: string } };
    expect(j.decimal).toBe(p.decimal);
    expect(j.log10).toBe(p.log10);
    expect(BigInt(j.exact.num) * p.exact!.den).toBe(BigInt(j.exact.den) * p.exact!.num);
    expect(JSON.parse(JSON.stringify(falseMatch(100, 5, 10, 3)))).toMatchObject({ log10: expect.any(Number) });
    const zero = JSON.parse(JSON.stringify(falseMatch(100, 5, 10, 6))) as { decimal: string; log10: number | null };
    expect(zero).toMatchObject({ decimal: '0', log10: null });
  });
});
