import { describe, expect, it } from 'vitest';
import { createRng, NeuroError } from '../../util/index.js';
import { ncapSwimmer, NCAP_SWIMMER_DEFAULTS } from './index.js';
import { clampSign, graded } from './circuit.js';

function actions(ncap: ReturnType<typeof ncapSwimmer>, theta: ArrayLike<number>, q: readonly number[], steps: number): Float64Array[] {
  const policy = ncap.policy(theta);
  policy.reset();
  const obs = Float64Array.from(q);
  return Array.from({ length: steps }, () => {
    const a = new Float64Array(ncap.config.nJoints);
    policy.act(obs, a);
    return a;
  });
}

describe('ncapSwimmer', () => {
  it('has 4 shared weights for any body and 2(n−1) + 2 + 4n unshared (30 for 5 joints)', () => {
    for (const n of [2, 5, 8, 13]) {
      expect(ncapSwimmer({ nJoints: n }).nParams).toBe(4);
      expect(ncapSwimmer({ nJoints: n, sharing: 'unshared' }).nParams).toBe(2 * (n - 1) + 2 + 4 * n);
    }
    expect(ncapSwimmer({ sharing: 'unshared' }).nParams).toBe(30);
    expect(ncapSwimmer().paramNames).toEqual(['w_osc', 'w_prop', 'w_ipsi', 'w_contra']);
  });

  it('is a wired system of boxes whose only state is the clock', () => {
    const ncap = ncapSwimmer({ nJoints: 5 });
    expect(ncap.diagram.boxes.map((b) => b.name)).toEqual(['oscillator', 'proprioception', 'B_0', 'B_1', 'B_2', 'B_3', 'B_4', 'muscles_0', 'muscles_1', 'muscles_2', 'muscles_3', 'muscles_4']);
    expect(ncap.machine.nStates).toBe(1);
    expect(ncap.machine.nIn).toBe(5);
    expect(ncap.machine.nOut).toBe(5);
    expect(Object.isFrozen(NCAP_SWIMMER_DEFAULTS)).toBe(true);
  });

  it('initializes ±1 (constant), U(0,1)/U(−1,0) (uniform), random sign or U(−1,1) when unsigned', () => {
    const rng = createRng(3);
    expect(Array.from(ncapSwimmer().initParams(rng))).toEqual([1, 1, 1, -1]);
    const u = ncapSwimmer({ init: 'uniform' }).initParams(rng);
    expect(u[0]! >= 0 && u[1]! >= 0 && u[2]! >= 0 && u[3]! <= 0).toBe(true);
    const free = ncapSwimmer({ sign: 'free', sharing: 'unshared' }).initParams(rng);
    expect(free.every((v) => v === 1 || v === -1)).toBe(true);
    expect(new Set(free).size).toBe(2);
    const freeU = ncapSwimmer({ sign: 'free', init: 'uniform', sharing: 'unshared' }).initParams(rng);
    expect(freeU.some((v) => v < 0) && freeU.some((v) => v > 0) && freeU.every((v) => Math.abs(v) <= 1)).toBe(true);
  });

  it('oscillates the head joint with period T: +1 for T/2 steps, −1 for T/2 (straight body)', () => {
    const ncap = ncapSwimmer({ nJoints: 5, oscillatorPeriodSteps: 60 });
    const a = actions(ncap, [1, 1, 1, -1], [0, 0, 0, 0, 0], 120).map((x) => x[0]);
    expect(a.slice(0, 30).every((v) => v === 1)).toBe(true);
    expect(a.slice(30, 60).every((v) => v === -1)).toBe(true);
    expect(a.slice(60, 120)).toEqual(a.slice(0, 60));
    // a straight body gives the other joints no drive
    expect(actions(ncap, [1, 1, 1, -1], [0, 0, 0, 0, 0], 1)[0]!.slice(1).every((v) => v === 0)).toBe(true);
  });

  it('drives joint i from the bend of joint i−1, saturating at the joint limit', () => {
    const ncap = ncapSwimmer({ nJoints: 5 });
    const limit = (2 * Math.PI) / 6;
    expect(actions(ncap, [1, 1, 1, -1], [limit, 0, 0, 0, 0], 1)[0]![1]).toBe(1);
    expect(actions(ncap, [1, 1, 1, -1], [-3 * limit, 0, 0, 0, 0], 1)[0]![1]).toBe(-1);
    expect(actions(ncap, [1, 1, 1, -1], [limit / 2, 0, 0, 0, 0], 1)[0]![1]).toBeCloseTo(0.5, 12);
    expect(actions(ncap, [1, 0.5, 1, -1], [limit, 0, 0, 0, 0], 1)[0]![1]).toBeCloseTo(0.5, 12);
  });

  it('keeps actions in [−1, 1] for any weights and angles', () => {
    const rng = createRng(1);
    for (const sign of ['constrained', 'free'] as const) {
      const ncap = ncapSwimmer({ nJoints: 7, sign, sharing: 'unshared' });
      for (let trial = 0; trial < 20; trial++) {
        const theta = Array.from({ length: ncap.nParams }, () => rng.uniform(-5, 5));
        const q = Array.from({ length: 7 }, () => rng.uniform(-3, 3));
        for (const a of actions(ncap, theta, q, 61)) expect(a.every((v) => v >= -1 && v <= 1)).toBe(true);
      }
    }
  });

  it('clamps signs at use time (not the stored parameter) unless sign is free', () => {
    expect([graded(-0.5), graded(0.3), graded(2)]).toEqual([0, 0.3, 1]);
    expect([clampSign(-2, 'excitatory'), clampSign(2, 'inhibitory'), clampSign(-2, 'free')]).toEqual([0, 0, -2]);
    const ncap = ncapSwimmer();
    const raw = [-1, 1, 1, 2];
    expect(Array.from(ncap.effectiveParams(raw))).toEqual([0, 1, 1, 0]);
    expect(raw).toEqual([-1, 1, 1, 2]);
    // w_osc clamped to 0: the head never moves; a wrong-signed w_contra acts as 0
    expect(actions(ncap, raw, [0, 0, 0, 0, 0], 60).every((a) => a[0] === 0)).toBe(true);
    expect(actions(ncap, [1, 1, 1, 2], [0, 0, 0, 0, 0], 1)[0]![0]).toBe(1);
    // unsigned: a positive contra weight excites the antagonist too, so both muscles saturate and cancel
    const free = ncapSwimmer({ sign: 'free' });
    expect(actions(free, [1, 1, 1, 2], [0, 0, 0, 0, 0], 1)[0]![0]).toBe(0);
  });

  it('restarts the clock on reset and rejects bad configs and parameter vectors', () => {
    const ncap = ncapSwimmer();
    const p = ncap.policy([1, 1, 1, -1]);
    const a = new Float64Array(5);
    const obs = new Float64Array(23);
    for (let k = 0; k < 45; k++) p.act(obs, a);
    expect(a[0]).toBe(-1);
    p.reset();
    p.act(obs, a);
    expect(a[0]).toBe(1);
    expect(() => ncap.policy([1, 1, 1])).toThrow(/ncapSwimmer.policy\(params\): one value per circuit weight, expected 4, received 3/);
    expect(() => ncapSwimmer({ nJoints: 0 })).toThrow(NeuroError);
    expect(() => ncapSwimmer({ sharing: 'some' as 'shared' })).toThrow(/expected shared \| unshared/);
    expect(() => ncapSwimmer({ oscillatorPeriodSteps: 1 })).toThrow(/oscillatorPeriodSteps/);
  });
});
