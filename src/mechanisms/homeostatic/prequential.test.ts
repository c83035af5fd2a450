import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/index.js';
import { imageDataset, type ImageDataset } from '../../data/index.js';
import { ELU, Linear, Sequential } from '../../nn/index.js';
import { homeostaticLr, labelSwapSchedule, runPrequential, type Regulation } from './index.js';

/** Two Gaussian-ish blobs per class on a 4 × 4 "image" (intensities 0..255). */
function toy(count: number, seed: number): ImageDataset {
  const rng = createRng(seed);
  const images = new Float32Array(count * 16);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const c = i % 4;
    labels[i] = c;
    for (let p = 0; p < 16; p++) images[i * 16 + p] = Math.min(255, Math.max(0, (p % 4 === c ? 200 : 40) + rng.normal(0, 30)));
  }
  return imageDataset({ images, labels, rows: 4, cols: 4, classes: 4 });
}

function run(regulation: Regulation, simulate: 'memoryStep' | 'minibatchGrad', swaps: number) {
  const train = toy(200, 1);
  const rng = createRng(7);
  const model = new Sequential(new Linear(16, 8, { rng }), new ELU(), new Linear(8, 4, { rng }));
  const events = labelSwapSchedule({ samplesPerEpoch: 200, epochs: 2, classes: 4, swapsPerEpoch: swaps, rng: createRng(3) });
  const regulator = homeostaticLr({ regulation, simulate, lr0: 0.5, effects: [-1, -1, 1, 1] });
  return runPrequential({ model, regulator, train, val: toy(40, 2), epochs: 2, batchSize: 10, events, normalize: { mean: 0, std: 1 }, shuffleRng: createRng(4), regulatorRng: createRng(5) });
}

describe('runPrequential', () => {
  it('is deterministic per seed and records one η per minibatch', () => {
    const a = run('homeostatic', 'memoryStep', 4);
    const b = run('homeostatic', 'memoryStep', 4);
    expect(a.lr).toHaveLength(40);
    expect(a.correct).toHaveLength(400);
    expect([...a.lr]).toEqual([...b.lr]);
    expect([...a.correct]).toEqual([...b.correct]);
    expect(a.valAccuracy).toEqual(b.valAccuracy);
    expect(a.valAccuracy).toHaveLength(2);
  });

  it('learns the unshifted stream; the constant learner keeps η₀', () => {
    const r = run('constant', 'memoryStep', 0);
    expect(new Set(r.lr)).toEqual(new Set([0.5]));
    expect(r.valAccuracy[1]).toBeGreaterThan(0.9);
    expect(r.effects).toBe(0);
  });

  it('both simulate modes run; the homeostat moves η', () => {
    for (const mode of ['memoryStep', 'minibatchGrad'] as const) {
      const r = run('homeostatic', mode, 10);
      expect(r.lr.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    }
    expect(run('homeostatic', 'memoryStep', 10).effects).toBeGreaterThan(0);
  });
});

describe('the memo after a swap', () => {
  it('is scored under the current label mapping, as the authors relabel in place', () => {
    const train = toy(200, 1);
    const rng = createRng(7);
    const model = new Sequential(new Linear(16, 8, { rng }), new ELU(), new Linear(8, 4, { rng }));
    const base = { model, train, val: toy(40, 2), batchSize: 10, normalize: { mean: 0, std: 1 }, shuffleRng: createRng(4), regulatorRng: createRng(5) };
    runPrequential({ ...base, regulator: homeostaticLr({ regulation: 'constant', lr0: 0.5 }), epochs: 3, events: [] });
    // Probe with η = 0 (no step): the memo accuracy of the trained model under the mapping of the moment.
    const real = homeostaticLr({ regulation: 'constant', lr0: 1e-6 });
    const memoAcc = new Map<number, number>();
    const spy = { ...real, step: (u: Parameters<typeof real.step>[0], x: Parameters<typeof real.step>[1], probe: (lr: number) => number, r: Parameters<typeof real.step>[3]) => {
      if (u.seen % 10 === 0 && u.seen >= 20) memoAcc.set(u.seen, probe(0));
      return real.step(u, x, probe, r);
    } };
    const events = [{ at: 100, a: 0, b: 1 }, { at: 100, a: 2, b: 3 }];
    runPrequential({ ...base, regulator: spy, epochs: 1, events });
    expect(memoAcc.get(90)).toBeGreaterThan(0.8);
    // Sample 100 is the first after the swaps; its memo (samples 80–99) is now mislabelled.
    expect(memoAcc.get(100)).toBeLessThan(0.2);
  });
});
