import { describe, expect, it } from 'vitest';
import { tensor } from '../../tensor/index.js';
import { CosineAnnealingLR, ReduceLROnPlateau, StepLR } from './scheduler.js';
import { SGD } from './sgd.js';

const optimizer = (lr: number) => new SGD([tensor([1])], { lr });
const lrs = (n: number, step: () => void, opt: { lr: number }) => Array.from({ length: n }, () => (step(), opt.lr));

describe('StepLR', () => {
  it('multiplies by gamma every stepSize epochs', () => {
    const opt = optimizer(1);
    const s = new StepLR(opt, { stepSize: 2, gamma: 0.5 });
    expect(lrs(6, () => s.step(), opt)).toEqual([1, 0.5, 0.5, 0.25, 0.25, 0.125]);
  });

  it('round-trips its state', () => {
    const opt = optimizer(1);
    const s = new StepLR(opt, { stepSize: 3 });
    s.step();
    const s2 = new StepLR(opt, { stepSize: 3 });
    s2.loadStateDict(s.stateDict());
    s2.step();
    s2.step();
    expect(opt.lr).toBeCloseTo(0.1, 12);
    expect(() => s2.loadStateDict({ epoch: 1 })).toThrow(/state keys differ/);
    expect(() => new StepLR(opt, { stepSize: 0 })).toThrow(/StepLR\(opts\.stepSize\)/);
  });
});

describe('CosineAnnealingLR', () => {
  it('follows η_min + (lr₀ − η_min)(1 + cos(πt/T))/2, also past T (periodic)', () => {
    const opt = optimizer(0.1);
    const s = new CosineAnnealingLR(opt, { tMax: 5, etaMin: 0.01 });
    const got = lrs(15, () => s.step(), opt);
    got.forEach((lr, i) => expect(lr).toBeCloseTo(0.01 + 0.09 * (1 + Math.cos((Math.PI * (i + 1)) / 5)) / 2, 12));
    expect(got[4]).toBeCloseTo(0.01, 12);
    expect(got[9]).toBeCloseTo(0.1, 12);
  });

  it('resumes from its state', () => {
    const a = optimizer(1), b = optimizer(1);
    const sa = new CosineAnnealingLR(a, { tMax: 10 });
    for (let i = 0; i < 4; i++) sa.step();
    b.lr = a.lr;
    const sb = new CosineAnnealingLR(b, { tMax: 10 });
    sb.loadStateDict(sa.stateDict());
    sa.step();
    sb.step();
    expect(b.lr).toBe(a.lr);
  });
});

describe('ReduceLROnPlateau', () => {
  it('reduces after patience bad epochs, honours cooldown and minLr (PyTorch semantics)', () => {
    const opt = optimizer(1);
    const s = new ReduceLROnPlateau(opt, { factor: 0.5, patience: 1, cooldown: 1, minLr: 0.2 });
    expect(lrs(11, () => s.step(5), opt)).toEqual([1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.2, 0.2, 0.2]);
  });

  it('counts improvement with relative or absolute thresholds, in min or max mode', () => {
    const opt = optimizer(1);
    const s = new ReduceLROnPlateau(opt, { mode: 'max', patience: 0, threshold: 0.1, thresholdMode: 'rel' });
    s.step(1); // best 1
    s.step(1.2); // 1.2 > 1.1: better
    expect(opt.lr).toBe(1);
    s.step(1.3); // 1.3 < 1.32: bad, patience 0 → reduce
    expect(opt.lr).toBeCloseTo(0.1, 12);
    const opt2 = optimizer(1);
    const s2 = new ReduceLROnPlateau(opt2, { patience: 0, threshold: 0.5, thresholdMode: 'abs' });
    s2.step(10);
    s2.step(9.6); // not below 9.5: bad
    expect(opt2.lr).toBeCloseTo(0.1, 12);
    expect(s2.stateDict()).toEqual({ lastEpoch: 2, best: 10, numBadEpochs: 0, cooldownCounter: 0 });
  });

  it('validates options', () => {
    expect(() => new ReduceLROnPlateau(optimizer(1), { factor: 1 })).toThrow(/factor/);
    expect(() => new ReduceLROnPlateau(optimizer(1), { mode: 'up' as 'min' })).toThrow(/unknown mode/);
  });
});
