/**
 * Fuzz: netlists made of random tokens, and mutations of a valid JTL, parse,
 * elaborate and simulate (with small step and recording limits) to a result or a
 * typed error: never a stack overflow, a RangeError or another raw exception.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FUZZ_SEED, mutatedBytes, report, typedOrOk, type Outcomes } from '../../tests/fixtures/fuzz.js';
import { netlistCircuit } from './index.js';

const outcomes: Outcomes = {};
afterAll(() => report('netlist', outcomes));

const JTL = `* JTL
.model jj1 jj(rtype=1, vg=2.8mV, cap=0.07pF, r0=160, rn=16, icrit=0.1mA)
.param l=2p
.subckt stage in out
B1 in 0 jj1 area=2.5
L1 in out {l}
IB1 0 in pwl(0 0 5p 175u)
.ends
X1 stage 1 2
X2 stage 2 3
R1 3 0 4
I1 0 1 pulse(0 600u 20p 2p 2p 2p 50p)
.tran 0.25p 100p 0 1p
.print p(B1|X1)
.print v(3)
.end`;

const simulate = (text: string): unknown => netlistCircuit(text).simulate({ maxSteps: 2_000, maxRecorded: 50_000 });

const TOKENS = ['R1', 'L1', 'C1', 'B1', 'I1', 'V1', 'P1', 'K1', 'X1', '1', '0', '2', 'gnd', 'jj1', 'area=', 'ic=', '{', '}', '(', ')', '-', '+', '*', '**', '^', '/', ',', '=', "'",
  '2p', '1e-30', '1e308', 'NaN', 'inf', '-2', '0', 'sqrt(', 'exp(', '__proto__(', 'constructor', 'toString', 'pi', 'pwl(', 'pulse(', 'sin(', '.model', 'jj(', 'icrit=', 'r0=', 'cap=',
  '.param', 'x=', '.subckt', '.ends', 'stage', '.tran', '.print', 'p(', 'v(', 'i(', '.temp', '.neb', '.include', '.end', '\n', '\n', ' ', ' ', '+ ', '*'];

describe('netlist parser and simulator (fuzz)', () => {
  it('gives a result or a typed error for 400 mutations of a valid JTL', () => {
    const valid = new TextEncoder().encode(JTL);
    fc.assert(fc.property(mutatedBytes(valid), (bytes) => typedOrOk(outcomes, () => simulate(new TextDecoder().decode(bytes)))), { seed: FUZZ_SEED, numRuns: 400 });
  }, 60_000);

  it('gives a result or a typed error for 300 line-level edits of a valid JTL (dropped, repeated, swapped lines)', () => {
    const lines = JTL.split('\n');
    expect(() => simulate(JTL)).not.toThrow();
    const edited = fc.array(fc.nat({ max: lines.length - 1 }), { minLength: 1, maxLength: lines.length + 4 }).map((idx) => idx.map((i) => lines[i]).join('\n'));
    fc.assert(fc.property(edited, (text) => typedOrOk(outcomes, () => simulate(text))), { seed: FUZZ_SEED, numRuns: 300 });
  }, 60_000);

  it('gives a result or a typed error for 400 netlists of random tokens', () => {
    const netlist = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((ts) => ts.join(' '));
    fc.assert(fc.property(netlist, (text) => typedOrOk(outcomes, () => simulate(`${text}\n.tran 0.25p 10p`))), { seed: FUZZ_SEED, numRuns: 400 });
  }, 60_000);
});
