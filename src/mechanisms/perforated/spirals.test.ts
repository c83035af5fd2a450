/**
 * Sanity check of the cascade-correlation core on Lang & Witbrock's two spirals
 * (the benchmark of Fahlman & Lebiere 1990): a perforated logistic regression —
 * one output neuron, no hidden layer — grows dendrites (sigmoid units with
 * cascade weights, i.e. cascade-correlation hidden units) and separates points
 * no linear model can. To stay a fast unit test it uses 1.5 turns (98 points)
 * instead of the benchmark's 3 turns (194 points); on the full benchmark the
 * same loop reaches about 92 % training accuracy with ~37 dendrites after 150
 * epochs of 50 steps (seed 0, measured by hand; CC with a candidate pool and
 * quickprop needs 12–19 units). One candidate per neuron and frozen older w
 * (the paper's neuron phase) make growth slower than CC's.
 */
import { describe, expect, it } from 'vitest';
import { Adam, Linear, Sequential } from '../../nn/index.js';
import { bceWithLogits, noGrad, tensor } from '../../tensor/index.js';
import { createRng } from '../../util/index.js';
import { perforate } from './index.js';

/** `perSpiral` points per spiral: radius 1 → ~0.5, π/16 apart (97 points = the classic three turns). */
function twoSpirals(perSpiral: number): { x: number[]; y: number[] } {
  const x: number[] = [], y: number[] = [];
  for (let i = 0; i < perSpiral; i++) {
    const angle = (i * Math.PI) / 16, r = (104 - i) / 104;
    x.push(r * Math.sin(angle), r * Math.cos(angle), -r * Math.sin(angle), -r * Math.cos(angle));
    y.push(1, 0);
  }
  return { x, y };
}

describe('two spirals (cascade-correlation core)', () => {
  it('grows dendrites on one linear neuron until it separates interleaved spirals', () => {
    const { x, y } = twoSpirals(49);
    const n = y.length, xs = tensor(x, [n, 2]), ys = tensor(y, [n, 1]);
    const rng = createRng(0);
    const model = new Sequential(new Linear(2, 1, { rng }));
    const pb = perforate(model, {
      rng,
      scoreDirection: 'min', // the training loss, as cascade-correlation watches the error
      switchPatienceEpochs: 1,
      correlationPatienceEpochs: 6,
      correlationCap: 'none',
      maxCorrelationEpochs: 6,
      warmupBatches: 3,
      dendriteInitStd: 4, // inputs are in [-1, 1]: large weights give curved, sharp features from the start
      cascadeInit: 'normal',
      maxDendriteTries: 4,
      optimizer: (params) => new Adam(params, { lr: 0.1 }),
    });
    const loss = (): number => noGrad(() => bceWithLogits(model.forward(xs), ys).item());
    const accuracy = (): number => noGrad(() => model.forward(xs).data.reduce((c, v, i) => c + ((v > 0 ? 1 : 0) === y[i] ? 1 : 0), 0) / n);
    let linearAccuracy = NaN;
    for (let epoch = 0; epoch < 80 && !pb.done; epoch++) {
      for (let s = 0; s < 50; s++) {
        pb.optimizer.zeroGrad();
        bceWithLogits(model.forward(xs), ys).backward();
        pb.optimizer.step();
      }
      if (pb.dendrites === 0 && pb.phase === 'neuron') linearAccuracy = accuracy();
      pb.epochEnd({ validationScore: loss() });
    }
    pb.finish();
    expect(linearAccuracy).toBeLessThan(0.7);
    expect(pb.dendrites).toBeGreaterThanOrEqual(3);
    expect(accuracy()).toBeGreaterThan(Math.max(0.75, linearAccuracy + 0.1));
    // Every kept cycle lowered the best loss; the correlation epochs never moved it.
    const kept = pb.cycles.filter((c) => c.accepted).map((c) => c.bestScore);
    for (let i = 1; i < kept.length; i++) expect(kept[i]).toBeLessThan(kept[i - 1]!);
    expect(pb.correlationScoreDrift).toBe(0);
    // Parameters per cycle follow the formula: 3 + Σ_k (3 + 1 + k).
    for (const c of pb.cycles) expect(c.parameters).toBe(3 + c.dendrites * 4 + (c.dendrites * (c.dendrites - 1)) / 2);
  });
});
