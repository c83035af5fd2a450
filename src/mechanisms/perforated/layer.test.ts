import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Adam, Conv2d, Linear, ReLU, Sequential } from '../../nn/index.js';
import { mse, mul, randn, setCheckFinite, sum, tensor, type Tensor } from '../../tensor/index.js';
import { createRng } from '../../util/index.js';
import { DendriteLayer, perforate } from './index.js';

beforeAll(() => setCheckFinite(true));
afterAll(() => setCheckFinite(false));

const init = (seed: number) => ({ rng: createRng(seed), std: 0.5, cascade: 'normal' as const });

/** A layer with `k` installed sets whose w are non-zero, so dendrites really change the output. */
function layerWithSets(main: Linear | Conv2d, k: number, seed = 1): DendriteLayer {
  const layer = new DendriteLayer(main);
  for (let i = 0; i < k; i++) layer.addSet(init(seed + i));
  for (const s of layer.sets) createRng(seed + 100).fillNormal(s.outWeight.data, 0, 1);
  layer.configure('neuron', 'correlation');
  return layer;
}

describe('DendriteLayer', () => {
  it('leaves outputs bit-identical while a candidate learns (correlation phase), Linear and Conv2d', () => {
    const rng = createRng(0);
    const cases: [DendriteLayer, Tensor][] = [
      [layerWithSets(new Linear(5, 4, { rng }), 2), randn([7, 5], { rng })],
      [layerWithSets(new Conv2d(2, 3, 3, { padding: 1, rng }), 1), randn([2, 2, 5, 5], { rng })],
    ];
    for (const [layer, x] of cases) {
      const before = layer.forward(x).data.slice();
      layer.addCandidate(init(9), 0.99, 0);
      layer.configure('correlation', 'correlation');
      const opt = new Adam(layer.trainable(), { lr: 0.05 });
      for (let step = 0; step < 5; step++) {
        const out = layer.forward(x);
        expect(out.data).toEqual(before);
        opt.zeroGrad();
        sum(mul(out, out)).backward();
        opt.step();
      }
      // The candidate did learn something, yet nothing outside it moved.
      expect(layer.candidate!.weight.grad).not.toBeNull();
      expect(layer.forward(x).data).toEqual(before);
    }
  });

  it('lets no gradient reach installed dendrites or flow through them to the input', () => {
    const rng = createRng(2);
    const layer = layerWithSets(new Linear(4, 3, { rng }), 2);
    const x = randn([6, 4], { rng });
    x.requiresGrad = true;
    const r = randn([6, 3], { rng });
    sum(mul(layer.forward(x), r)).backward();
    for (const [k, s] of layer.sets.entries()) {
      expect(s.weight.grad).toBeNull();
      expect(s.bias!.grad).toBeNull();
      for (const u of s.cascade) expect(u.grad).toBeNull();
      // Only the newest set's output weight trains in the neuron phase.
      expect(s.outWeight.grad === null).toBe(k < layer.sets.length - 1);
    }
    // dL/dx = r · W_main exactly: the dendrites add nothing to the input gradient.
    const w = layer.main.weight.data;
    const expected = new Float32Array(24);
    for (let b = 0; b < 6; b++) for (let i = 0; i < 4; i++) for (let o = 0; o < 3; o++) expected[b * 4 + i] += r.data[b * 3 + o]! * w[o * 4 + i]!;
    expect(Array.from(x.grad!.data)).toEqual(Array.from(expected).map((v) => expect.closeTo(v, 5)));
  });

  it('raises each candidate’s |covariance| with its neuron error on a fixed batch', () => {
    const rng = createRng(3);
    const layer = new DendriteLayer(new Linear(6, 3, { rng }));
    const x = randn([64, 6], { rng });
    const target = tensor(Array.from({ length: 64 * 3 }, (_, i) => Math.sin(3 * x.data[Math.floor(i / 3) * 6 + (i % 3)]!) * x.data[Math.floor(i / 3) * 6 + 5]!), [64, 3]);
    layer.addCandidate({ rng, std: 0.01, cascade: 'zero' }, 0.9, 5);
    layer.configure('correlation', 'correlation');
    const opt = new Adam(layer.trainable(), { lr: 0.02 });
    const exactCov = (): number[] => {
      // |cov| of candidate output and neuron error on the whole batch, computed from scratch.
      const out = layer.forward(x);
      const v = layer.candidate!.forward(x.detach()).data.map((p) => 1 / (1 + Math.exp(-p)));
      const d = out.data.map((o, i) => (2 * (o - target.data[i]!)) / out.size);
      return [0, 1, 2].map((j) => {
        let mv = 0, md = 0, c = 0;
        for (let p = 0; p < 64; p++) {
          mv += v[p * 3 + j]! / 64;
          md += d[p * 3 + j]! / 64;
        }
        for (let p = 0; p < 64; p++) c += (v[p * 3 + j]! - mv) * (d[p * 3 + j]! - md);
        return Math.abs(c / 64);
      });
    };
    const emas: number[] = [];
    let first: number[] = [];
    for (let step = 0; step < 300; step++) {
      if (step === 6) first = exactCov();
      opt.zeroGrad();
      mse(layer.forward(x), target).backward();
      opt.step();
      if (step >= 6 && step % 20 === 0) emas.push(layer.stats!.meanAbsCov());
    }
    const last = exactCov();
    for (let j = 0; j < 3; j++) expect(last[j]).toBeGreaterThan(2 * first[j]!);
    for (let i = 1; i < emas.length; i++) expect(emas[i]).toBeGreaterThanOrEqual(emas[i - 1]!);
  });

  it('counts parameters by the formula: layer + K·(layer + out) + out·K(K−1)/2', () => {
    const rng = createRng(4);
    for (const [make, layerParams, out] of [
      [() => new Linear(7, 5, { rng }), 7 * 5 + 5, 5],
      [() => new Conv2d(2, 4, 3, { rng }), 4 * 2 * 9 + 4, 4],
    ] as const) {
      for (const k of [0, 1, 2, 3]) {
        const model = new Sequential(make(), new ReLU());
        const pb = perforate(model, { rng, layers: ['0'] });
        const layer = pb.layers[0]![1];
        for (let i = 0; i < k; i++) layer.addSet(init(i));
        // A candidate is scaffolding and never counted.
        layer.addCandidate(init(7), 0.99, 0);
        expect(pb.parameterCount()).toBe(layerParams + k * (layerParams + out) + (out * k * (k - 1)) / 2);
      }
    }
  });
});
