/** Fuzz: any bytes, or a mutated valid IDX file, parse to an array or a typed error. */
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { FUZZ_SEED, mutatedBytes, report, typedOrOk, type Outcomes } from '../../tests/fixtures/fuzz.js';
import { encodeIdx, parseIdx, parseMnistPair } from './idx.js';

const outcomes: Outcomes = {};
afterAll(() => report('idx', outcomes));

const images = encodeIdx({ shape: [2, 3, 3], data: Uint8Array.from({ length: 18 }, (_, i) => i) });
const labels = encodeIdx({ shape: [2], data: Uint8Array.from([1, 7]) });

describe('IDX parser (fuzz)', () => {
  it('gives an array or a typed error for 400 mutated files and 200 random byte strings', () => {
    fc.assert(fc.property(mutatedBytes(images), (bytes) => typedOrOk(outcomes, () => parseIdx(bytes, 'fuzz'))), { seed: FUZZ_SEED, numRuns: 400 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => typedOrOk(outcomes, () => parseIdx(bytes, 'fuzz'))), { seed: FUZZ_SEED, numRuns: 200 });
  });

  it('gives a dataset or a typed error for 200 mutated image / label pairs', () => {
    fc.assert(fc.property(mutatedBytes(images), mutatedBytes(labels), (a, b) => typedOrOk(outcomes, () => parseMnistPair(a, b, 'fuzz'))), { seed: FUZZ_SEED, numRuns: 200 });
  });
});
