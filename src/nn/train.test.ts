import { describe, expect, it } from 'vitest';
import { crossEntropy, noGrad, tensor, type Tensor } from '../tensor/index.js';
import { createRng } from '../util/index.js';
import { ReLU, Tanh } from './activation.js';
import { Conv2d } from './conv.js';
import { Linear } from './linear.js';
import { MaxPool2d } from './pool.js';
import { Adam } from './optim/adam.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';
import { Flatten, Sequential } from './sequential.js';

/** Two concentric rings (not linearly separable): label 0 inside (r < 1), 1 outside (1.5 < r < 2.5). */
function rings(n: number, seed: number): { x: Tensor; y: Int32Array } {
  const rng = createRng(seed);
  const xs = new Float32Array(2 * n), ys = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2, r = label === 0 ? rng.uniform(0, 1) : rng.uniform(1.5, 2.5), a = rng.uniform(0, 2 * Math.PI);
    xs[2 * i] = r * Math.cos(a);
    xs[2 * i + 1] = r * Math.sin(a);
    ys[i] = label;
  }
  return { x: tensor(xs, [n, 2]), y: ys };
}

function accuracy(logits: Tensor, y: Int32Array): number {
  let hits = 0;
  for (let i = 0; i < y.length; i++) hits += Number((logits.data[2 * i + 1]! > logits.data[2 * i]! ? 1 : 0) === y[i]);
  return hits / y.length;
}

describe('training end to end', () => {
  it('an MLP trained with Adam separates two rings (loss < 0.05, held-out accuracy > 97%)', () => {
    const rng = createRng(0);
    const mlp = new Sequential(new Linear(2, 16, { rng }), new Tanh(), new Linear(16, 16, { rng }), new ReLU(), new Linear(16, 2, { rng }));
    const opt = new Adam(mlp.parameters(), { lr: 0.02 });
    const train = rings(256, 1);
    let loss = Infinity;
    const first = crossEntropy(mlp.forward(train.x), train.y).item();
    for (let step = 0; step < 300; step++) {
      opt.zeroGrad();
      const l = crossEntropy(mlp.forward(train.x), train.y);
      l.backward();
      opt.step();
      loss = l.item();
    }
    expect(first).toBeGreaterThan(0.5);
    expect(loss).toBeLessThan(0.05);
    const test = rings(200, 2);
    expect(accuracy(noGrad(() => mlp.forward(test.x)), test.y)).toBeGreaterThan(0.97);

    // Weights survive a safetensors round trip: same predictions from a fresh model.
    const copy = new Sequential(new Linear(2, 16, { rng }), new Tanh(), new Linear(16, 16, { rng }), new ReLU(), new Linear(16, 2, { rng }));
    copy.loadStateDict(decodeSafetensors(encodeSafetensors(mlp.stateDict())).tensors);
    expect(copy.forward(test.x).toArray()).toEqual(mlp.forward(test.x).toArray());
  });

  it('a small conv net learns to tell horizontal from vertical bars', () => {
    const rng = createRng(3);
    const n = 32, xs = new Float32Array(n * 36), ys = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const vertical = i % 2, k = rng.int(0, 6);
      for (let j = 0; j < 6; j++) xs[i * 36 + (vertical ? j * 6 + k : k * 6 + j)] = 1;
      for (let j = 0; j < 36; j++) xs[i * 36 + j]! += rng.normal(0, 0.1);
      ys[i] = vertical;
    }
    const x = tensor(xs, [n, 1, 6, 6]);
    const net = new Sequential(new Conv2d(1, 4, 3, { padding: 1, rng }), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(36, 2, { rng }));
    const opt = new Adam(net.parameters(), { lr: 0.03 });
    let loss = Infinity;
    for (let step = 0; step < 60; step++) {
      opt.zeroGrad();
      const l = crossEntropy(net.forward(x), ys);
      l.backward();
      opt.step();
      loss = l.item();
    }
    expect(loss).toBeLessThan(0.1);
    expect(accuracy(net.forward(x), ys)).toBe(1);
  });
});
