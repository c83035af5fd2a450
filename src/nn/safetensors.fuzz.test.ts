/** Fuzz: any bytes, or a mutated valid file, decode to tensors or a typed error. */
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { FUZZ_SEED, mutatedBytes, report, typedOrOk, type Outcomes } from '../../tests/fixtures/fuzz.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

const outcomes: Outcomes = {};
afterAll(() => report('safetensors', outcomes));

const valid = encodeSafetensors({ w: { shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) }, b: { shape: [3], data: new Float32Array([0, 1, 2]) } }, { metadata: { format: 'pt' } });

describe('safetensors decoder (fuzz)', () => {
  it('gives tensors or a typed error for 400 mutated files and 200 random byte strings', () => {
    fc.assert(fc.property(mutatedBytes(valid), (bytes) => typedOrOk(outcomes, () => decodeSafetensors(bytes))), { seed: FUZZ_SEED, numRuns: 400 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => typedOrOk(outcomes, () => decodeSafetensors(bytes))), { seed: FUZZ_SEED, numRuns: 200 });
  });

  it('gives tensors or a typed error for 300 mutated headers (names, dtypes, shapes, offsets)', () => {
    const names = fc.constantFrom('w', '__proto__', 'constructor', 'toString', '__metadata__', '', 'a.b');
    const dtypes = fc.constantFrom('F32', 'F16', 'BF16', 'F64', 'I64', 'BOOL', 'toString', '__proto__', 'valueOf', 'F8_E4M3');
    const entry = fc.record({ dtype: dtypes, shape: fc.array(fc.integer({ min: -2, max: 5 }), { maxLength: 3 }), data_offsets: fc.tuple(fc.integer({ min: -1, max: 40 }), fc.integer({ min: -1, max: 40 })) });
    const header = fc.dictionary(names, fc.oneof(entry, fc.constant(null), fc.constant('x')), { maxKeys: 4 });
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 40 }), (h, data) => {
        const text = new TextEncoder().encode(JSON.stringify(h));
        const bytes = new Uint8Array(8 + text.length + data.length);
        new DataView(bytes.buffer).setUint32(0, text.length, true);
        bytes.set(text, 8);
        bytes.set(data, 8 + text.length);
        typedOrOk(outcomes, () => decodeSafetensors(bytes));
      }),
      { seed: FUZZ_SEED, numRuns: 300 },
    );
  });
});
