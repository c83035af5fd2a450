import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Linear, Sequential, ReLU } from '../nn/index.js';
import { ParseError, createRng } from '../util/index.js';
import { loadSafetensors, saveSafetensors } from './safetensors-file.js';

const dir = mkdtempSync(join(tmpdir(), 'neuromorph-st-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const model = (seed: number) => new Sequential(new Linear(3, 4, { rng: createRng(seed) }), new ReLU(), new Linear(4, 2, { rng: createRng(seed + 1) }));

describe('saveSafetensors / loadSafetensors', () => {
  it('saves a module and loads it into another, creating folders and keeping metadata', async () => {
    const a = model(0), b = model(10);
    const path = join(dir, 'nested', 'mlp.safetensors');
    await saveSafetensors(path, a, { metadata: { epoch: '3' } });
    const file = await loadSafetensors(path);
    expect(file.metadata).toEqual({ epoch: '3' });
    expect(Object.keys(file.tensors).sort()).toEqual(['0.bias', '0.weight', '2.bias', '2.weight']);
    b.loadStateDict(file.tensors);
    expect(b.stateDict()).toEqual(a.stateDict());
  });

  it('saves plain named tensors (Tensors work as is)', async () => {
    const lin = new Linear(2, 2, { rng: createRng(1) });
    const path = join(dir, 'raw.safetensors');
    await saveSafetensors(path, { w: lin.weight });
    const bytes = readFileSync(path);
    expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true) % 8).toBe(0);
    expect(Array.from((await loadSafetensors(path)).tensors.w!.data)).toEqual(Array.from(lin.weight.data));
  });

  it('rejects a truncated file with ParseError', async () => {
    const path = join(dir, 'cut.safetensors');
    await saveSafetensors(path, model(2));
    writeFileSync(path, readFileSync(path).subarray(0, 100));
    await expect(loadSafetensors(path)).rejects.toThrow(ParseError);
  });
});
