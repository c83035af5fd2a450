import { describe, expect, it } from 'vitest';
import { checkGrad, crossEntropy, noGrad, randn, type Tensor } from '../tensor/index.js';
import { createRng } from '../util/index.js';
import { Adam, Linear, ReLU, Sequential } from './index.js';
import { applyLora, LoraLinear, loraParameterCount, mergeLora } from './lora.js';

const mlp = (): Sequential => {
  const rng = createRng(0);
  return new Sequential(new Linear(8, 6, { rng }), new ReLU(), new Linear(6, 3, { rng }));
};

describe('LoRA', () => {
  it('starts as the base model (B = 0) and counts r·(in + out) per layer', () => {
    const base = mlp();
    const x = randn([5, 8], { rng: createRng(1) });
    const ref = noGrad(() => base.forward(x)).data.slice();
    const adapted = applyLora(base, { rank: 2, rng: createRng(2) });
    expect(noGrad(() => adapted.forward(x)).data).toEqual(ref);
    expect(adapted.numParameters('trainable')).toBe(loraParameterCount(8, 6, 2) + loraParameterCount(6, 3, 2));
    expect(adapted.numParameters('trainable')).toBe(2 * (14 + 9));
    expect(base.numParameters('trainable')).toBe(0);
  });

  it('merged and unmerged inference agree after training; base weights stay bit-identical', () => {
    const base = mlp();
    const before = base.stateDict();
    const adapted = applyLora(base, { rank: 3, alpha: 6, rng: createRng(2) });
    const opt = new Adam(adapted.parameters().filter((p) => p.requiresGrad), { lr: 0.05 });
    const x = randn([16, 8], { rng: createRng(3) });
    const y = new Int32Array(16).map((_, i) => i % 3);
    for (let i = 0; i < 5; i++) {
      const loss = crossEntropy(adapted.forward(x), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
    }
    const unmerged = noGrad(() => adapted.forward(x)).data;
    const merged = noGrad(() => mergeLora(adapted).forward(x)).data;
    merged.forEach((v, i) => expect(v).toBeCloseTo(unmerged[i]!, 5));
    expect(merged).not.toEqual(noGrad(() => base.forward(x)).data);
    const after = base.stateDict();
    for (const k of Object.keys(before)) expect(after[k]!.data).toEqual(before[k]!.data);
  });

  it('A and B gradients match finite differences', () => {
    const layer = new LoraLinear(new Linear(4, 3, { rng: createRng(0) }), { rank: 2, alpha: 4, rng: createRng(1) });
    const x = randn([5, 4], { rng: createRng(2) });
    const a0 = randn([2, 4], { rng: createRng(3) }), b0 = randn([3, 2], { rng: createRng(4) });
    const fn = (a: Tensor, b: Tensor): Tensor => {
      (layer as unknown as { loraA: Tensor }).loraA = a;
      (layer as unknown as { loraB: Tensor }).loraB = b;
      return layer.forward(x);
    };
    const r = checkGrad(fn, [a0, b0]);
    expect(r.ok, r.worst).toBe(true);
  });

  it('rejects a bad rank', () => {
    expect(() => new LoraLinear(new Linear(4, 3, { rng: createRng(0) }), { rank: 0, rng: createRng(1) })).toThrow(/rank/);
  });
});
