/** Fuzz: a mutated checkpoint file loads as the saved state or fails with a typed error naming the file. */
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FUZZ_SEED, mutatedBytes, report, typedOrOk, type Outcomes } from '../../tests/fixtures/fuzz.js';
import { checkpointPath, fileCheckpointStore } from './checkpoint.js';

const outcomes: Outcomes = {};
const dir = mkdtempSync(join(tmpdir(), 'nm-ckpt-fuzz-'));
afterAll(() => {
  report('checkpoint', outcomes);
  rmSync(dir, { recursive: true, force: true });
});

const key = { id: 'toy', scale: 'quick' as const, seed: 3, config: { epochs: 4, lr: 0.1 } };

describe('checkpoint files (fuzz)', () => {
  it('load the saved state exactly, or give a typed error, for 400 mutated files', () => {
    const state = { epoch: 2, w: new Float32Array([1, -2, 3.5]), history: { loss: [0.9, 0.5] }, best: NaN };
    fileCheckpointStore(dir, key, { resume: false, codeVersion: 'abc' }).save(state);
    const path = checkpointPath(dir, key);
    const valid = new Uint8Array(readFileSync(path));
    fc.assert(
      fc.property(mutatedBytes(valid), (bytes) => {
        writeFileSync(path, bytes);
        typedOrOk(outcomes, () => {
          const got = fileCheckpointStore(dir, key, { resume: true, codeVersion: 'abc' }).load<typeof state>();
          // A file that loads must be the saved state: no mutation gets through silently.
          expect(got?.epoch).toBe(2);
          expect(Array.from(got!.w)).toEqual([1, -2, 3.5]);
          expect(got!.history.loss).toEqual([0.9, 0.5]);
        });
      }),
      { seed: FUZZ_SEED, numRuns: 400 },
    );
  });
});
