import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IF_curr_delta, cellFromLifNode, lifNodeFromCell, nirArray, type NirGraph } from '../spiking/index.js';
import { loadNir, saveNir } from './nir-file.js';

describe('NIR files', () => {
  it('saves and loads a detector graph (Input → Affine → LIF → Output)', async () => {
    const cell = IF_curr_delta();
    const g: NirGraph = {
      version: '1.0.0',
      nodes: {
        input: { type: 'Input', params: { shape: nirArray([4]) } },
        affine: { type: 'Affine', params: { weight: nirArray([1, 2, 0, 0, 0, 0, 3, 4], [2, 4]), bias: nirArray([0, 0]) } },
        lif: lifNodeFromCell(cell, 2),
        output: { type: 'Output', params: { shape: nirArray([2]) } },
      },
      edges: [['input', 'affine'], ['affine', 'lif'], ['lif', 'output']],
    };
    const dir = mkdtempSync(join(tmpdir(), 'nir-'));
    const path = join(dir, 'nets', 'net.nir');
    await saveNir(path, g);
    expect(readdirSync(join(dir, 'nets'))).toEqual(['net.nir']); // parent created, no temp file left
    const back = await loadNir(path);
    expect(Array.from(back.nodes.affine!.params.weight!.data)).toEqual([1, 2, 0, 0, 0, 0, 3, 4]);
    const c = cellFromLifNode(back.nodes.lif!);
    expect(c.tauMMs).toBeCloseTo(cell.tauMMs, 12);
    expect(c.cmNf).toBeCloseTo(cell.cmNf, 12);
    expect(c.vThreshMv).toBe(cell.vThreshMv);
  });
});
