import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/index.js';
import { applySwap, driftConcepts, driftProbability, identityMapping, labelSwapSchedule, mappingAt, sinusoidSwapRate, stepSwapRate } from './shift.js';
import { segmentStats } from './segments.js';

describe('label-swap stream', () => {
  it('places S swaps per epoch between two distinct classes, deterministically', () => {
    const opts = { samplesPerEpoch: 1000, epochs: 3, classes: 10, swapsPerEpoch: 10 };
    const ev = labelSwapSchedule({ ...opts, rng: createRng(1) });
    expect(ev).toHaveLength(29); // the last swap falls at the end of the stream
    expect(ev.slice(0, 3).map((e) => e.at)).toEqual([100, 200, 300]);
    for (const e of ev) expect(e.a).not.toBe(e.b);
    expect(labelSwapSchedule({ ...opts, rng: createRng(1) })).toEqual(ev);
    expect(labelSwapSchedule({ ...opts, swapsPerEpoch: 0, rng: createRng(1) })).toEqual([]);
  });

  it('a swap remaps consistently and the mapping stays a permutation', () => {
    const m = identityMapping(4);
    applySwap(m, 1, 3);
    expect([...m]).toEqual([0, 3, 2, 1]);
    applySwap(m, 3, 0);
    expect([...m]).toEqual([3, 0, 2, 1]);
    const ev = labelSwapSchedule({ samplesPerEpoch: 100, epochs: 2, classes: 10, swapsPerEpoch: 50, rng: createRng(2) });
    const last = mappingAt(ev, 10, 1e9);
    expect([...last].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...mappingAt(ev, 10, 0)]).toEqual([...identityMapping(10)]);
  });

  it('second-order schedules: steps and sinusoid', () => {
    const s = stepSwapRate([0, 50], 2);
    expect([0, 1, 2, 3, 4].map(s)).toEqual([0, 0, 50, 50, 0]);
    const ev = labelSwapSchedule({ samplesPerEpoch: 100, epochs: 4, classes: 10, swapsPerEpoch: s, rng: createRng(0) });
    expect(ev.filter((e) => e.at < 200)).toHaveLength(0);
    expect(ev.filter((e) => e.at > 200 && e.at <= 300)).toHaveLength(50); // the S-th swap lands on the next epoch's first sample
    const sin = sinusoidSwapRate(10, 20, 4);
    expect(sin(0)).toBeCloseTo(10);
    expect(sin(1)).toBeCloseTo(30);
    expect(sin(3)).toBe(0);
  });

  it('drift streams: abrupt step and MOA sigmoid', () => {
    expect(driftProbability({ kind: 'abrupt', position: 50, width: 10 }, 49)).toBe(0);
    expect(driftProbability({ kind: 'abrupt', position: 50, width: 10 }, 50)).toBe(1);
    const g = { kind: 'gradual' as const, position: 500, width: 200 };
    expect(driftProbability(g, 500)).toBeCloseTo(0.5);
    expect(driftProbability(g, 600)).toBeCloseTo(1 / (1 + Math.exp(-2)));
    const c = driftConcepts(g, 1000, createRng(0));
    const early = c.subarray(0, 200).reduce((s, v) => s + v, 0);
    const late = c.subarray(800).reduce((s, v) => s + v, 0);
    expect(early).toBeLessThan(10);
    expect(late).toBeGreaterThan(190);
  });
});

describe('segmentStats', () => {
  it('per-segment accuracy and recovery after a shift', () => {
    // 100 right, 20 wrong after the shift at 100, then right again.
    const correct = new Uint8Array(200).fill(1);
    correct.fill(0, 100, 120);
    const s = segmentStats(correct, [100], { window: 10, tolerance: 0.05 });
    expect(s).toHaveLength(2);
    expect(s[0]!.accuracy).toBe(1);
    expect(s[0]!.recovery).toBeNull();
    expect(s[1]!.accuracy).toBeCloseTo(0.8);
    expect(s[1]!.recovery).toBe(30);
    const never = segmentStats(new Uint8Array(200).fill(1).fill(0, 100), [100], { window: 10, tolerance: 0 });
    expect(never[1]!.recovery).toBeNull();
  });
});
