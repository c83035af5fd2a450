/** Fuzz: --set strings and override objects parse to a config or a typed ConfigError. */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FUZZ_SEED, report, typedOrOk, type Outcomes } from '../../tests/fixtures/fuzz.js';
import { defineExperiment } from './define.js';
import { parseConfig, parseSetArgs } from './config.js';

const outcomes: Outcomes = {};
afterAll(() => report('config', outcomes));

const exp = defineExperiment({
  id: 'fuzz-cfg',
  paper: { title: 't', url: 'https://example.org' },
  defaults: { epochs: 10, lr: 0.1, optimizer: 'adam', shuffle: true, hidden: [64, 32], seed: 0 },
  quick: {},
  smoke: {},
  choices: { optimizer: ['adam', 'sgd'] },
  ranges: { epochs: { integer: true, min: 1 }, lr: { min: 0 }, hidden: { integer: true, min: 1 } },
  claims: [],
  run: () => ({ metrics: {}, series: {} }),
});

const KEYS = ['epochs', 'lr', 'optimizer', 'shuffle', 'hidden', 'seed', '__proto__', 'constructor', 'toString', '', ' ', 'nope'];
const VALUES = ['1', '-1', '0.5', '1e12', 'NaN', 'Infinity', '', ' ', 'true', 'false', 'adam', 'sgd', 'x', '1,2', '1,,2', '[1]', '{}', '__proto__'];

describe('config parsing (fuzz)', () => {
  it('gives a valid config or a ConfigError for 500 lists of --set strings', () => {
    const entry = fc.oneof(fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)).map(([k, v]) => `${k}=${v}`), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 5 }), (sets) =>
        typedOrOk(outcomes, () => {
          const c = parseConfig(exp, parseSetArgs(sets), 'smoke');
          // Whatever parsed satisfies the declaration.
          expect(Number.isInteger(c.epochs) && c.epochs >= 1 && c.lr >= 0 && ['adam', 'sgd'].includes(c.optimizer)).toBe(true);
          expect(Object.keys(c).sort()).toEqual(Object.keys(exp.defaults).sort());
        }),
      ),
      { seed: FUZZ_SEED, numRuns: 500 },
    );
  });

  it('gives a valid config or a ConfigError for 300 override objects of any JSON', () => {
    fc.assert(fc.property(fc.dictionary(fc.constantFrom(...KEYS), fc.jsonValue(), { maxKeys: 4 }), (o) => typedOrOk(outcomes, () => parseConfig(exp, o, 'smoke'))), { seed: FUZZ_SEED, numRuns: 300 });
  });
});
