import { describe, expect, it } from 'vitest';
import { claimTarget, compareClaim, evaluateClaims, intervalClears } from './claims.js';
import type { Claim } from './types.js';

const claims: Claim[] = [
  { metric: 'acc', op: '>=', value: { defaults: 0.975, quick: 0.95 }, description: 'accuracy' },
  { metric: 'loss', op: '<', value: 0.5 },
  { metric: 'rate', op: '==', value: 10, tolerance: 0.5 },
];

describe('claims', () => {
  it('resolves per-scale targets; a missing scale key means no target', () => {
    expect(claimTarget(claims[0]!, 'defaults')).toBe(0.975);
    expect(claimTarget(claims[0]!, 'quick')).toBe(0.95);
    expect(claimTarget(claims[0]!, 'smoke')).toBeUndefined();
    expect(claimTarget(claims[1]!, 'smoke')).toBe(0.5);
  });

  it('compares with every operator', () => {
    expect([compareClaim(1, '>=', 1), compareClaim(1, '>', 1), compareClaim(1, '<=', 1), compareClaim(1, '<', 1)]).toEqual([true, false, true, false]);
    expect(compareClaim(1.0000001, '==', 1)).toBe(false);
    expect(compareClaim(1.0000001, '==', 1, 1e-6)).toBe(true);
    expect(compareClaim(Number.NaN, '<=', 1)).toBe(false);
  });

  it('judges an interval by its lower end for > and >=, its upper end for < and <=, both ends for ==', () => {
    expect(intervalClears([0.1, 0.9], '>', 0)).toBe(true);
    expect(intervalClears([-0.1, 0.9], '>', 0)).toBe(false);
    expect(intervalClears([0, 0.9], '>=', 0)).toBe(true);
    expect(intervalClears([-0.9, -0.1], '<', 0)).toBe(true);
    expect(intervalClears([-0.9, 0.1], '<', 0)).toBe(false);
    expect(intervalClears([9.6, 10.4], '==', 10, 0.5)).toBe(true);
    expect(intervalClears([9.6, 10.6], '==', 10, 0.5)).toBe(false);
  });

  it('evaluates at the run scale, treating missing or non-finite metrics as missed', () => {
    const quick = evaluateClaims({ claims }, { acc: 0.96, loss: Number.NaN }, 'quick');
    expect(quick.map((c) => [c.metric, c.value, c.measured, c.met, c.n, c.interval, c.note])).toEqual([
      ['acc', 0.95, 0.96, true, 1, 'single seed', 'single seed'],
      ['loss', 0.5, null, false, 0, 't', 'not reported'],
      ['rate', 10, null, false, 0, 't', 'not reported'],
    ]);
    expect(quick[0]).toMatchObject({ kind: 'effect', description: 'accuracy', paper: null, ci: [0.96, 0.96], std: 0 });
    expect(evaluateClaims({ claims }, { acc: 1 }, 'smoke').map((c) => c.metric)).toEqual(['loss', 'rate']);
  });

  it('never counts a single seed at defaults, unless the claim is exact', () => {
    const full = evaluateClaims({ claims }, { acc: 0.99, loss: 0.1, rate: 10.4 }, 'defaults');
    expect(full.map((c) => c.met)).toEqual([false, false, false]);
    expect(full[1]!.note).toBe('single seed: not counted at defaults');
    const exact = evaluateClaims({ claims: [{ ...claims[1]!, interval: 'exact' }] }, { loss: 0.1 }, 'defaults');
    expect(exact[0]).toMatchObject({ met: true, interval: 'exact', ci: [0.1, 0.1] });
  });

  it('flips met when the interval crosses the target, although the mean does not move', () => {
    const gap: Claim = { metric: 'gap', op: '>', value: 0 };
    // mean 0.5 in both; spread 0.1 vs 1 (t_{0.975,2} = 4.303: half-widths 0.248 and 2.48).
    const tight = evaluateClaims({ claims: [gap] }, { gap: 0.5 }, 'defaults', { gap: [0.4, 0.5, 0.6] })[0]!;
    const wide = evaluateClaims({ claims: [gap] }, { gap: 0.5 }, 'defaults', { gap: [-0.5, 0.5, 1.5] })[0]!;
    expect(tight.met).toBe(true);
    expect(tight.ci![0]).toBeCloseTo(0.5 - 4.302653 * 0.1 / Math.sqrt(3), 5);
    expect(wide.met).toBe(false);
    expect(wide.note).toBe('mean clears the target, the interval does not');
    expect([tight.measured, wide.measured, tight.n]).toEqual([0.5, 0.5, 3]);
    expect(tight.samples).toEqual([0.4, 0.5, 0.6]);
  });

  it('uses the samples over the metric and marks facts as facts', () => {
    const fact: Claim = { metric: 'params', kind: 'fact', op: '==', value: 4, interval: 'exact' };
    const [r] = evaluateClaims({ claims: [fact] }, { params: 4 }, 'defaults');
    expect(r).toMatchObject({ kind: 'fact', met: true });
    const [s] = evaluateClaims({ claims: [{ metric: 'x', op: '>', value: 0 }] }, {}, 'quick', { x: [1, Number.NaN] });
    expect(s).toMatchObject({ measured: null, met: false });
  });
});
