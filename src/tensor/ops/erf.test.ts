import { describe, expect, it } from 'vitest';
import { erf } from '../index.js';

describe('erf', () => {
  // reference values: Python's math.erf (correctly rounded to ~1 ulp)
  const ref: [number, number][] = [
    [0.1, 0.1124629160182849],
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [1.5, 0.9661051464753108],
    [2, 0.9953222650189527],
    [2.9, 0.9999589021219005],
    [3, 0.9999779095030014],
    [3.5, 0.9999992569016276],
    [4, 0.9999999845827421],
    [5.5, 0.9999999999999927],
    [-0.7, -0.6778011938374184],
  ];

  it('matches reference values to ~1e-15 on both sides of the series / continued-fraction switch', () => {
    for (const [x, v] of ref) expect(Math.abs(erf(x) - v)).toBeLessThan(1e-15);
  });

  it('is odd, saturates, and passes NaN through', () => {
    expect(erf(0)).toBe(0);
    expect(erf(-2)).toBe(-erf(2));
    expect(erf(30)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(NaN)).toBeNaN();
  });
});
