import { describe, expect, it } from 'vitest';
import { ConfigError, createRng } from '../../util/index.js';
import { evaluate } from '../../dynamics/index.js';
import { homeostaticLr, HOMEOSTATIC_LR_DEFAULTS } from './index.js';
import type { HomeostaticLr, RegulatorState } from './regulator.js';

const never = (): number => {
  throw new Error('probe must not be called');
};

/** Feeds `n` samples with fixed guess/label; returns the final state. */
function feed(reg: HomeostaticLr, n: number, guess: number, label: number, probe: (lr: number) => number, seed = 0): RegulatorState {
  const rng = createRng(seed);
  let u = reg.init();
  for (let i = 0; i < n; i++) u = reg.step(u, { guess, label }, probe, rng).u;
  return u;
}

describe('homeostaticLr', () => {
  it('defaults follow the paper and are frozen', () => {
    expect(Object.isFrozen(HOMEOSTATIC_LR_DEFAULTS)).toBe(true);
    expect(HOMEOSTATIC_LR_DEFAULTS.delta).toBeCloseTo(HOMEOSTATIC_LR_DEFAULTS.lr0 / 10);
    const reg = homeostaticLr({ lr0: 0.5 });
    expect(reg.config.delta).toBeCloseTo(0.05);
    expect(reg.init()).toEqual({ lr: 0.5, seen: 0 });
  });

  it('the η box is a dynamics machine: η + Δ·e, clipped at minLr and maxLr, optional decay', () => {
    const reg = homeostaticLr({ lr0: 1, delta: 0.25, maxLr: 1.5 });
    expect(evaluate(reg.machine, [1], [1], reg.config)[0]).toBeCloseTo(1.25);
    expect(evaluate(reg.machine, [1], [4], reg.config)[0]).toBeCloseTo(1.5);
    expect(evaluate(reg.machine, [0.1], [-1], reg.config)[0]).toBe(reg.config.minLr);
    const decaying = homeostaticLr({ lr0: 1, delta: 0, decay: 0.5 });
    expect(evaluate(decaying.machine, [3], [0], decaying.config)[0]).toBeCloseTo(2);
  });

  it('take beats leave → the true class effect; otherwise nothing', () => {
    const reg = homeostaticLr({ lr0: 1, delta: 0.1 });
    // Accuracy rises with lr: take (η + Δ·s(guess = 7) = η + Δ) wins; true label 7 excites.
    expect(feed(reg, 31, 7, 7, (lr) => lr).lr).toBeCloseTo(1.1); // one decision, at sample index 30 (i > 20, i % 10 = 0)
    expect(feed(reg, 30, 7, 7, (lr) => lr).lr).toBe(1);
    // The true label is inhibitory (2): a misclassification moves η the *wrong* way.
    expect(feed(reg, 31, 7, 2, (lr) => lr).lr).toBeCloseTo(0.9);
    // Guess inhibitory, accuracy rises with lr: taking lowers η, so leave wins → no change.
    expect(feed(reg, 31, 2, 2, (lr) => lr).lr).toBeCloseTo(1);
    // A tie is not an improvement.
    expect(feed(reg, 100, 7, 7, () => 0.5).lr).toBeCloseTo(1);
  });

  it('decides every interval samples after the warm-up', () => {
    const reg = homeostaticLr({ lr0: 1, delta: 0.1, interval: 5, warmup: 12 });
    const rng = createRng(0);
    let u = reg.init();
    const decidedAt: number[] = [];
    for (let i = 0; i < 30; i++) {
      const r = reg.step(u, { guess: 9, label: 9 }, (lr) => lr, rng);
      if (r.decided) decidedAt.push(r.u.seen);
      u = r.u;
    }
    expect(decidedAt).toEqual([16, 21, 26]); // sample indices 15, 20, 25
    expect(u.lr).toBeCloseTo(1.3);
  });

  it('clips η below zero to minLr', () => {
    const reg = homeostaticLr({ lr0: 0.1, delta: 0.1, warmup: 0, interval: 1 });
    const u = feed(reg, 5, 9, 0, (lr) => lr);
    expect(u.lr).toBe(1e-8);
  });

  it('custom effect maps are used', () => {
    const reg = homeostaticLr({ lr0: 1, delta: 0.1, effects: [1, 0, -1] });
    expect(feed(reg, 31, 0, 0, (lr) => lr).lr).toBeCloseTo(1.1);
    expect(feed(reg, 31, 0, 1, (lr) => lr).lr).toBeCloseTo(1);
    expect(() => feed(reg, 31, 0, 5, (lr) => lr)).toThrow();
  });

  it('baselines: constant never moves; random applies the true effect about half the time, deterministically per seed', () => {
    expect(feed(homeostaticLr({ regulation: 'constant', lr0: 1 }), 200, 9, 9, never).lr).toBe(1);
    const lrr = homeostaticLr({ regulation: 'random', lr0: 1, delta: 0.01, warmup: 0 });
    const a = feed(lrr, 10_000, 0, 9, never, 3);
    expect(a.lr).toBeGreaterThan(1 + 0.01 * 400);
    expect(a.lr).toBeLessThan(1 + 0.01 * 600);
    expect(feed(lrr, 10_000, 0, 9, never, 3).lr).toBe(a.lr);
  });

  it('rejects invalid configs', () => {
    expect(() => homeostaticLr({ lr0: -1 })).toThrow(ConfigError);
    expect(() => homeostaticLr({ interval: 0 })).toThrow(ConfigError);
    expect(() => homeostaticLr({ simulate: 'x' as never })).toThrow(ConfigError);
  });
});

describe('detector regulation', () => {
  it('bumps η when ADWIN sees the error rate jump, and decays back with decay > 0', () => {
    const reg = homeostaticLr({ regulation: 'detector', lr0: 1, delta: 0.1, detectorBump: 10, decay: 0.01 });
    const rng = createRng(0);
    let u = reg.init();
    let bumps = 0;
    for (let i = 0; i < 3000; i++) {
      const wrong = rng.bernoulli(i < 1500 ? 0.1 : 0.9);
      const r = reg.step(u, { guess: 1, label: wrong ? 2 : 1 }, never, rng);
      if (r.decided) {
        bumps++;
        expect(i).toBeGreaterThanOrEqual(1500);
      }
      u = r.u;
    }
    expect(bumps).toBeGreaterThan(0);
    expect(u.lr).toBeLessThan(1.1);
  });
});
