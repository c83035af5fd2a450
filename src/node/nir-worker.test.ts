import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HANG_GCOL_OFFSET, HANG_GRAPH, HANG_RECIPES, applyRecipe, zeroFreeSpace } from '../../tests/fixtures/nir-hangs.js';
import { decodeNir, encodeNir, nirArray, type NirGraph } from '../spiking/index.js';
import { LimitError, NeuroError, ParseError } from '../util/index.js';
import { loadNir } from './nir-file.js';
import { decodeNirSafe, nirReader } from './nir-worker.js';

const reader = nirReader({ timeoutMs: 1_000 });
afterAll(() => reader.close());

describe('NIR decoding in a worker thread', () => {
  it('returns the same graph as decodeNir, as own-property maps (a node named __proto__ included)', async () => {
    const g: NirGraph = { ...HANG_GRAPH, nodes: { ...HANG_GRAPH.nodes }, edges: [...HANG_GRAPH.edges, ['lif', '__proto__']] };
    Object.defineProperty(g.nodes, '__proto__', { value: { type: 'Output', params: { shape: nirArray([2]) } }, enumerable: true });
    const bytes = await encodeNir(g);
    const back = await reader.decode(bytes);
    expect(back).toEqual(await decodeNir(bytes));
    expect(Object.getPrototypeOf(back.nodes)).toBeNull();
    expect(Object.hasOwn(back.nodes, '__proto__')).toBe(true);
    expect(back.nodes.affine!.params.weight!.data).toBeInstanceOf(Float64Array);
    expect(back.edges.at(-1)).toEqual(['lif', '__proto__']);
  });

  it('rethrows decodeNir errors with the same class, code, path and message', async () => {
    const truncated = (await encodeNir(HANG_GRAPH)).slice(0, 600);
    const failure = (p: Promise<unknown>): Promise<NeuroError> => p.then(() => expect.fail('decoded a truncated file'), (e: unknown) => e as NeuroError);
    const inThread = await failure(decodeNir(truncated));
    const inWorker = await failure(reader.decode(truncated));
    expect(inWorker).toBeInstanceOf(ParseError);
    expect([inWorker.code, inWorker.path, inWorker.message, inWorker.received]).toEqual([inThread.code, inThread.path, inThread.message, inThread.received]);
    const bytes = await encodeNir(HANG_GRAPH);
    // Rename the LIF node's type in place ("LIF" → "LIG"): an unsupported node type.
    const at = Buffer.from(bytes).indexOf('LIF\0');
    bytes[at + 2] = 0x47;
    await expect(reader.decode(bytes)).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringMatching(/unknown or unsupported NIR node type/) as unknown });
  });

  it('stops a decode that hangs inside h5wasm with a typed LimitError, then keeps working', async () => {
    const valid = await encodeNir(HANG_GRAPH);
    // The recipes' offsets assume this layout (h5wasm 0.10.3); regenerate them if it moves.
    expect([valid.length, Buffer.from(valid).indexOf('GCOL')]).toEqual([12_000, HANG_GCOL_OFFSET]);
    await reader.decode(valid); // a live worker (the previous test's failures retired its own)
    const before = reader.stats();
    const t0 = performance.now();
    const err = await reader.decode(zeroFreeSpace(valid), 'the test file').catch((e: unknown) => e);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(err).toBeInstanceOf(LimitError);
    expect((err as LimitError).message).toMatch(/^the test file: time to read the file in ms \(a corrupt HDF5 file can make h5wasm loop forever\) exceeds the limit \(raise it with the timeoutMs option\), expected at most 1000/);
    expect(Object.keys((await reader.decode(valid)).nodes)).toHaveLength(4);
    const after = reader.stats();
    expect(after.timeouts - before.timeouts).toBe(1);
    expect(after.workersStarted - before.workersStarted).toBe(1);
  });

  it('gives the timeout error for each hang recipe found by the hunt', async () => {
    const valid = await encodeNir(HANG_GRAPH);
    const quick = nirReader({ timeoutMs: 500 });
    for (const r of HANG_RECIPES) {
      await expect(quick.decode(applyRecipe(valid, r.edits)), `seed ${r.seed}`).rejects.toMatchObject({ code: 'limit_exceeded', message: expect.stringMatching(/time to read the file/) as unknown });
    }
    expect(quick.stats()).toMatchObject({ timeouts: HANG_RECIPES.length, decodes: 0 });
    await quick.close();
  }, 30_000);

  it("replaces the worker after a failed decode, unless recycle is 'after-trap'", async () => {
    const valid = await encodeNir(HANG_GRAPH);
    const bad = valid.slice(0, 600);
    for (const [recycle, started] of [['after-failure', 2], ['after-trap', 1]] as const) {
      const r = nirReader({ recycle });
      await expect(r.decode(bad)).rejects.toBeInstanceOf(ParseError);
      await r.decode(valid);
      await r.decode(valid);
      expect(r.stats()).toMatchObject({ decodes: 3, timeouts: 0, workersStarted: started });
      await r.close();
    }
  });

  it('refuses inputs over maxBytes before they reach the worker, and bad options', async () => {
    const bytes = await encodeNir(HANG_GRAPH);
    await expect(decodeNirSafe(bytes, { maxBytes: 1_000 })).rejects.toThrow(/decodeNirSafe\(bytes\): file size in bytes exceeds the limit \(raise it with the maxBytes option\), expected at most 1000, received 12000/);
    expect(() => nirReader({ timeoutMs: 0 })).toThrow(/nirReader\(options\.timeoutMs\): not a positive limit/);
    const closed = nirReader();
    await closed.close();
    await expect(closed.decode(bytes)).rejects.toThrow(/the reader is closed/);
  });

  it('loadNir names the file in its limit errors (size checked before reading; timeout)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nir-worker-'));
    const path = join(dir, 'hang.nir');
    writeFileSync(path, zeroFreeSpace(await encodeNir(HANG_GRAPH)));
    await expect(loadNir(path, { maxBytes: 100 })).rejects.toThrow(`loadNir(${JSON.stringify(path)}): file size in bytes exceeds the limit (raise it with loadNir(path, { maxBytes }))`);
    const err = await loadNir(path, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NeuroError);
    expect((err as NeuroError).code).toBe('limit_exceeded');
    expect((err as NeuroError).path).toBe(`loadNir(${JSON.stringify(path)})`);
  });
});
