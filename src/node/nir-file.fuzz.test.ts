/**
 * Fuzz: NIR/HDF5 decoding in the worker thread (nirReader, as loadNir uses it)
 * gives a valid graph or a typed error for arbitrary bytes, bytes behind an
 * HDF5 signature or superblock, and mutated or spliced valid files: never
 * another exception, an `internal` error, or a decode past the time limit
 * (a file that makes h5wasm loop counts as `timeout`, the typed LimitError).
 * One worker serves all cases; it is replaced after each timeout.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FUZZ_SEED, mutatedBytes, report, typedOrOkAsync, type Outcomes } from '../../tests/fixtures/fuzz.js';
import { HANG_GRAPH } from '../../tests/fixtures/nir-hangs.js';
import { encodeNir, nirArray, validateNirGraph, type NirGraph } from '../spiking/index.js';
import type { NeuroError } from '../util/index.js';
import { nirReader } from './nir-worker.js';

const TIMEOUT_MS = 1_000;
/** Beyond the limit: the time to notice it and, for the next case, to start a fresh worker. */
const SLACK_MS = 5_000;

const outcomes: Outcomes = {};
// One worker for all cases: replaced only after timeouts and traps (a fresh
// worker per failure, loadNir's policy, would cost ~0.5 s per case).
const reader = nirReader({ timeoutMs: TIMEOUT_MS, maxBytes: 2 ** 20, recycle: 'after-trap' });
afterAll(async () => {
  report('nir', outcomes);
  const s = reader.stats();
  console.info(`fuzz nir worker: ${s.decodes} decodes answered, ${s.timeouts} timeouts, ${s.wasmTraps} WebAssembly traps, ${s.workersStarted} workers started, slowest answered ${s.maxMs.toFixed(0)} ms, largest wasm heap ${(s.maxHeapBytes / 2 ** 20).toFixed(0)} MiB`);
  await reader.close();
});

/** A second valid file with every node type (a different layout to splice with). */
const WIDE: NirGraph = {
  version: '1.0.0',
  nodes: {
    input: { type: 'Input', params: { shape: nirArray([2]) } },
    linear: { type: 'Linear', params: { weight: nirArray([1, -1, 0.5, 2], [2, 2]) } },
    cuba: { type: 'CubaLIF', params: { tau_mem: nirArray([0.02, 0.01]), tau_syn: nirArray([0.005, 0.005]), r: nirArray([1, 1]), v_leak: nirArray([0, 0]), v_threshold: nirArray([1, 2]), v_reset: nirArray([0, 0]), w_in: nirArray([1, 1]) } },
    if: { type: 'IF', params: { r: nirArray([1, 1]), v_threshold: nirArray([1, 1]), v_reset: nirArray([0, 0]) } },
    li: { type: 'LI', params: { tau: nirArray([0.01, 0.01]), r: nirArray([1, 1]), v_leak: nirArray([0, 0]) } },
    output: { type: 'Output', params: { shape: nirArray([2]) } },
  },
  edges: [['input', 'linear'], ['linear', 'cuba'], ['cuba', 'if'], ['if', 'li'], ['li', 'output']],
};

/** Decodes in the worker and checks the answer: a graph that validates, or a typed error, within the limit. */
async function check(bytes: Uint8Array): Promise<void> {
  const t0 = performance.now();
  await typedOrOkAsync(
    outcomes,
    async () => validateNirGraph(await reader.decode(bytes)),
    (e: NeuroError) => (e.code === 'limit_exceeded' && /time to read/.test(e.message) ? 'timeout' : e.code),
  );
  expect(performance.now() - t0).toBeLessThan(TIMEOUT_MS + SLACK_MS);
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

describe('NIR/HDF5 decoding in a worker (fuzz)', () => {
  it('answers 200 arbitrary byte strings and 200 with an HDF5 signature or a valid superblock in front', async () => {
    const valid = await encodeNir(HANG_GRAPH);
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2_048 }), check), { seed: FUZZ_SEED, numRuns: 200 });
    const head = fc.oneof(fc.constant(SIGNATURE), fc.constant(Array.from(valid.subarray(0, 48))));
    const framed = fc.tuple(head, fc.uint8Array({ maxLength: 4_096 })).map(([h, tail]) => Uint8Array.from([...h, ...tail]));
    await fc.assert(fc.asyncProperty(framed, check), { seed: FUZZ_SEED, numRuns: 200 });
  }, 60_000);

  it('answers 300 valid files with 1–5 bytes set to random values', async () => {
    const valid = await encodeNir(HANG_GRAPH);
    const edits = fc.array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(edits, (es) => {
        const b = valid.slice();
        for (const [at, v] of es) b[at] = v;
        return check(b);
      }),
      { seed: FUZZ_SEED, numRuns: 300 },
    );
  }, 120_000);

  it('answers 300 mutated files (bytes set, runs cut and inserted, truncation)', async () => {
    const valid = await encodeNir(WIDE);
    await fc.assert(fc.asyncProperty(mutatedBytes(valid), check), { seed: FUZZ_SEED, numRuns: 300 });
  }, 120_000);

  it('answers 200 splices: a prefix of one valid file followed by a piece of another', async () => {
    const [a, b] = [await encodeNir(HANG_GRAPH), await encodeNir(WIDE)];
    const splice = fc.tuple(fc.boolean(), fc.nat(), fc.nat(), fc.nat()).map(([swap, cut, from, to]) => {
      const [x, y] = swap ? [b, a] : [a, b];
      const [lo, hi] = [from % y.length, to % y.length].sort((p, q) => p - q);
      return Uint8Array.from([...x.subarray(0, cut % x.length), ...y.subarray(lo, hi)]);
    });
    await fc.assert(fc.asyncProperty(splice, check), { seed: FUZZ_SEED, numRuns: 200 });
  }, 60_000);
});
