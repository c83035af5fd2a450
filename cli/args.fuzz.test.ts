/** Fuzz: any argv parses or gives a typed ArgumentError (exit 2), never another exception. */
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { FUZZ_SEED, report, typedOrOk, type Outcomes } from '../tests/fixtures/fuzz.js';
import { COMMANDS, parseArgs } from './args.js';

const outcomes: Outcomes = {};
afterAll(() => report('cli arguments', outcomes));

const WORDS = [...COMMANDS, 'mlp-mnist', '--quick', '--smoke', '--seed', '--seed=', '--set', '--set=a=1', '--out', '--resume', '--json', '--grid', 'lr=1,2', '--workers', '0', '2', '-1', '1.5',
  '--queue', 'redis://h:1', '--controls', '--attempts', '--threads', '--registry', '--lock-seconds', '--check-finite', '--help', '-h', '--', '-', '=', '--x=y', '__proto__', ''];

describe('CLI arguments (fuzz)', () => {
  it('parse or give an ArgumentError for 600 argument lists', () => {
    const argv = fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 8 })), { maxLength: 8 });
    fc.assert(fc.property(argv, (a) => typedOrOk(outcomes, () => parseArgs(a))), { seed: FUZZ_SEED, numRuns: 600 });
  });
});
