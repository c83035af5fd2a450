import { describe, expect, it } from 'vitest';
import { Linear, ReLU, Sequential, Tanh, SGD } from '../../nn/index.js';
import { checkGrad, crossEntropy, randn, noGrad, type Tensor } from '../../tensor/index.js';
import { createRng } from '../../util/index.js';
import { activeFraction, firingAttribution, firingCounter, neuronFiringRates, tauGate, TAU_GATE_DEFAULTS, sharpnessAt, resolveTauGateConfig } from './index.js';

function mlp(seed = 0, act: () => ReLU | Tanh = () => new ReLU()): Sequential {
  const rng = createRng(seed);
  return new Sequential(new Linear(6, 5, { rng }), act(), new Linear(5, 4, { rng }), act(), new Linear(4, 3, { rng }));
}

const x = (seed = 1, b = 7): Tensor => randn([b, 6], { rng: createRng(seed) });

describe('tauGate', () => {
  it('has frozen defaults and counts 2 trainable parameters per hidden neuron', () => {
    expect(Object.isFrozen(TAU_GATE_DEFAULTS)).toBe(true);
    const g = tauGate(mlp());
    expect(g.gatedIndices).toEqual([0, 2]);
    expect(g.numParameters('trainable')).toBe(2 * (5 + 4));
    expect(g.base.numParameters('trainable')).toBe(0);
  });

  it('rejects bad configs and layers', () => {
    expect(() => resolveTauGateConfig({ sharpness: 0 })).toThrow(/sharpness/);
    expect(() => tauGate(mlp(), { layers: [4] })).toThrow(/not a Linear followed/);
  });

  it("'off' and the initial hard gate reproduce a ReLU foundation exactly", () => {
    const base = mlp();
    const ref = noGrad(() => base.forward(x())).data.slice();
    const g = tauGate(base);
    g.gateMode = 'off';
    expect(noGrad(() => g.forward(x())).data).toEqual(ref);
    g.gateMode = 'hard';
    expect(noGrad(() => g.forward(x())).data).toEqual(ref);
  });

  for (const form of ['gain-gate-act', 'act-of-gated'] as const) {
    for (const act of [() => new ReLU(), () => new Tanh()]) {
      it(`${form} (${act().constructor.name}): τ, γ gradients match finite differences`, () => {
        const g = tauGate(mlp(0, act), { form, sharpness: 3 });
        const rng = createRng(5);
        const taus = g.tau.map((t) => randn([t.size], { rng }).mul(0.3));
        const gammas = g.gamma.map((t) => randn([t.size], { rng }).mul(0.2).add(1));
        const input = x();
        const fn = (...ps: Tensor[]): Tensor => {
          g.tau.splice(0, 2, ps[0]!, ps[1]!);
          g.gamma.splice(0, 2, ps[2]!, ps[3]!);
          return g.forward(input);
        };
        const r = checkGrad(fn, [...taus, ...gammas], { atol: 2e-3, rtol: 2e-2 });
        expect(r.ok, r.worst).toBe(true);
      });
    }
  }

  it('the hard gate is the soft gate in the limit s → ∞', () => {
    const g = tauGate(mlp(), { tauInit: 0.05 });
    g.gamma[0]!.data.set([1.2, 0.8, 1, 1.1, 0.9]);
    g.gateMode = 'hard';
    const hard = noGrad(() => g.forward(x())).data.slice();
    g.gateMode = 'soft';
    const gaps = [4, 64, 1e4].map((s) => {
      g.sharpness = s;
      const soft = noGrad(() => g.forward(x())).data;
      return Math.max(...soft.map((v, i) => Math.abs(v - hard[i]!)));
    });
    expect(gaps[1]!).toBeLessThan(gaps[0]!);
    expect(gaps[2]!).toBeLessThan(1e-4);
  });

  it('training moves only τ and γ: base weights stay bit-identical and get no gradient', () => {
    const base = mlp();
    const before = base.stateDict();
    const g = tauGate(base);
    const opt = new SGD(g.parameters().filter((p) => p.requiresGrad), { lr: 0.5 });
    for (let i = 0; i < 3; i++) {
      const loss = crossEntropy(g.forward(x(i)), new Int32Array([0, 1, 2, 0, 1, 2, 0]));
      opt.zeroGrad();
      loss.backward();
      opt.step();
    }
    for (const p of base.parameters()) expect(p.grad).toBeNull();
    const after = base.stateDict();
    for (const k of Object.keys(before)) expect(after[k]!.data).toEqual(before[k]!.data);
    expect(g.tau[0]!.data.some((v) => v !== 0)).toBe(true);
  });

  it('switching τ/γ back restores the previous mode exactly', () => {
    const g = tauGate(mlp());
    g.gateMode = 'hard';
    const mode0 = g.getParams();
    const out0 = noGrad(() => g.forward(x())).data.slice();
    g.tau[0]!.data.fill(0.3);
    g.gamma[1]!.data.fill(2);
    expect(noGrad(() => g.forward(x())).data).not.toEqual(out0);
    g.setParams(mode0);
    expect(noGrad(() => g.forward(x())).data).toEqual(out0);
    g.tau[0]!.data.fill(0.3);
    g.resetParams();
    expect(noGrad(() => g.forward(x())).data).toEqual(out0);
  });

  it('firing masks, rates, active fraction and attribution', () => {
    const g = tauGate(mlp());
    const masks = g.firingMasks(x(1, 20));
    expect(masks.map((m) => m.length)).toEqual([20 * 5, 20 * 4]);
    expect(g.gateMode).toBe('soft');
    const frac = activeFraction(masks);
    expect(frac).toBeGreaterThan(0);
    expect(frac).toBeLessThan(1);
    const rates = neuronFiringRates(masks, [5, 4]);
    const counter = firingCounter([5, 4]);
    counter.add(g.firingMasks(x(1, 20).slice(0, 0, 10)));
    counter.add(g.firingMasks(x(1, 20).slice(0, 10, 20)));
    expect(counter.activeFraction()).toBeCloseTo(frac, 12);
    counter.rates().forEach((r, l) => r.forEach((v, j) => expect(v).toBeCloseTo(rates[l]![j]!, 12)));
    g.tau[0]!.data.fill(100); // silence layer 0 entirely
    const silenced = neuronFiringRates(g.firingMasks(x(1, 20)), [5, 4]);
    const attr = firingAttribution(rates, silenced, 0);
    expect(attr[0]!.silenced.length).toBe(rates[0]!.filter((v) => v > 0).length);
    expect(attr[0]!.recruited).toEqual([]);
  });

  it('geometric schedule goes from sharpness to finalSharpness', () => {
    const c = resolveTauGateConfig({ sharpness: 2, finalSharpness: 32 });
    expect(sharpnessAt(c, 0)).toBeCloseTo(2);
    expect(sharpnessAt(c, 0.5)).toBeCloseTo(8);
    expect(sharpnessAt(c, 1)).toBeCloseTo(32);
    expect(sharpnessAt({ ...c, schedule: 'constant' }, 1)).toBe(2);
  });
});
