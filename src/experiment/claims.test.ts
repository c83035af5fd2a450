import { describe, expect, it } from 'vitest';
import { claimTarget, compareClaim, evaluateClaims } from './claims.js';
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

  it('evaluates at the run scale, treating missing or non-finite metrics as missed', () => {
    const quick = evaluateClaims({ claims }, { acc: 0.96, loss: Number.NaN }, 'quick');
    expect(quick).toEqual([
      { metric: 'acc', op: '>=', value: 0.95, measured: 0.96, met: true, description: 'accuracy' },
      { metric: 'loss', op: '<', value: 0.5, measured: null, met: false },
      { metric: 'rate', op: '==', value: 10, measured: null, met: false },
    ]);
    const full = evaluateClaims({ claims }, { acc: 0.96, loss: 0.1, rate: 10.4 }, 'defaults');
    expect(full.map((c) => c.met)).toEqual([false, true, true]);
    expect(evaluateClaims({ claims }, { acc: 1 }, 'smoke').map((c) => c.metric)).toEqual(['loss', 'rate']);
  });
});
