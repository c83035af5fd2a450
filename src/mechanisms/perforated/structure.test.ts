import { describe, expect, it } from 'vitest';
import { Conv2d, Flatten, Linear, ReLU, Sequential, encodeSafetensors } from '../../nn/index.js';
import { noGrad, randn } from '../../tensor/index.js';
import { createRng, ParseError } from '../../util/index.js';
import { encodePerforated, perforate, perforatedStructure, restorePerforated } from './index.js';

const build = (seed: number) => {
  const rng = createRng(seed);
  return new Sequential(new Conv2d(1, 2, 3, { padding: 1, rng }), new ReLU(), new Flatten(), new Linear(2 * 4 * 4, 3, { rng }));
};

describe('perforated save/load', () => {
  it('round-trips weights and structure through safetensors bytes', () => {
    const rng = createRng(1);
    const model = build(0);
    const pb = perforate(model, { rng, cascadeInit: 'normal', dendriteInitStd: 0.3 });
    for (const [, l] of pb.layers) {
      l.addSet({ rng, std: 0.3, cascade: 'normal' });
      l.addSet({ rng, std: 0.3, cascade: 'normal' });
      for (const s of l.sets) rng.fillNormal(s.outWeight.data, 0, 1);
      l.addCandidate({ rng, std: 0.3, cascade: 'zero' }, 0.99, 0); // scaffolding: not saved
    }
    const bytes = encodePerforated(model);
    const copy = restorePerforated(build(5), bytes);
    expect(perforatedStructure(copy)).toEqual({
      format: 'neuromorph-perforated',
      version: 1,
      layers: [
        { name: '0', kind: 'conv2d', dendrites: 2 },
        { name: '3', kind: 'linear', dendrites: 2 },
      ],
    });
    expect(copy.stateDict()).toEqual(model.stateDict());
    const x = randn([2, 1, 4, 4], { rng });
    noGrad(() => expect(copy.forward(x).data).toEqual(model.forward(x).data));
    // Also from an explicit { structure, tensors } pair.
    const again = restorePerforated(build(6), { structure: perforatedStructure(model), tensors: model.stateDict() });
    expect(again.stateDict()).toEqual(model.stateDict());
  });

  it('rejects bytes without a perforated structure', () => {
    const plain = encodeSafetensors(build(0).stateDict());
    expect(() => restorePerforated(build(0), plain)).toThrow(ParseError);
  });
});
