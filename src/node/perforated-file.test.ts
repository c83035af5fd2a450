import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Linear, ReLU, Sequential } from '../nn/index.js';
import { createRng } from '../util/index.js';
import { perforate } from '../mechanisms/perforated/index.js';
import { loadPerforated, savePerforated } from './perforated-file.js';

describe('savePerforated / loadPerforated', () => {
  it('round-trips a perforated model through a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pb-'));
    try {
      const build = (seed: number) => new Sequential(new Linear(3, 4, { rng: createRng(seed) }), new ReLU(), new Linear(4, 2, { rng: createRng(seed + 1) }));
      const rng = createRng(0);
      const pb = perforate(build(0), { rng });
      for (const [, l] of pb.layers) l.addSet({ rng, std: 0.5, cascade: 'zero' });
      await savePerforated(join(dir, 'm.safetensors'), pb.model);
      const copy = await loadPerforated(join(dir, 'm.safetensors'), build(9));
      expect(copy.stateDict()).toEqual(pb.model.stateDict());
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
