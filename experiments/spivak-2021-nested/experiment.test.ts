/**
 * The three XOR networks of spivak-2021-nested are one system seen three ways:
 * the nested learner (weights in the neurons), the same learners as boxes wired
 * by oapply, and the adaptive wiring over parameter-free neurons (weights in the
 * wires) read out and step identically.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, readout, type Vec } from '../../src/dynamics/index.js';
import { runExperiment, verifyExperiment } from '../../src/experiment/index.js';
import { createRng } from '../../src/util/index.js';
import experiment from './experiment.js';
import { N_PARAMS, xorAdaptiveMachine, xorLearner, xorLearnerMachine, xorWiredMachine, type XorNetOptions } from './networks.js';

describe('spivak-2021-nested networks', () => {
  for (const hidden of ['sigmoid', 'tanh'] as const) {
    it(`nested learners, wired learner boxes and learning in wires agree (${hidden} hidden units)`, () => {
      const opts: XorNetOptions = { hidden, lr: 0.7, initScale: 1 };
      const net = xorLearner(opts);
      const lm = xorLearnerMachine(opts);
      const am = xorAdaptiveMachine(opts);
      const wm = xorWiredMachine(opts);
      expect([net.nParams, lm.nStates, am.nStates, wm.nStates]).toEqual([N_PARAMS, N_PARAMS, N_PARAMS, N_PARAMS]);
      const rng = createRng(hidden);
      for (let trial = 0; trial < 10; trial++) {
        const p: Vec = Float64Array.from({ length: N_PARAMS }, () => rng.uniform(-2, 2));
        const a = Float64Array.from([rng.uniform(-1, 1), rng.uniform(-1, 1)]);
        const b = Float64Array.from([rng.uniform(0, 1)]);
        const x = [a[0]!, a[1]!, b[0]!];
        const y = net.implement(p, a)[0]!;
        expect(readout(lm, p, undefined, 0, x)[0]).toBeCloseTo(y, 14);
        expect(readout(am, p, undefined, 0, x)[0]).toBeCloseTo(y, 14);
        expect(Math.abs(readout(wm, p, undefined, 0, x)[0]! - y)).toBeLessThanOrEqual(1e-12);
        const next = net.update(p, a, b);
        const [nl, na, nw] = [evaluate(lm, p, x, undefined), evaluate(am, p, x, undefined), evaluate(wm, p, x, undefined)];
        for (let k = 0; k < N_PARAMS; k++) {
          expect(nl[k]).toBeCloseTo(next[k]!, 14);
          expect(na[k]).toBeCloseTo(next[k]!, 14);
          expect(Math.abs(nw[k]! - next[k]!)).toBeLessThanOrEqual(1e-12);
        }
      }
    });
  }

  it('meets its smoke claims', async () => {
    const r = await runExperiment(experiment, { scale: 'smoke', seed: 0 });
    expect(r.claims.length).toBeGreaterThan(0);
    for (const c of r.claims) expect(c.met, `${c.metric} ${c.op} ${c.value}: measured ${c.measured}`).toBe(true);
  });

  it('its noLearning control (lr 0) breaks every effect claim at smoke', async () => {
    const v = await verifyExperiment(experiment, { scale: 'smoke', seed: 0 });
    expect(v.defects).toBe(0);
    for (const c of v.outcome.claims.filter((k) => k.kind === 'effect' && k.met)) expect(c.controls?.map((k) => k.met)).toEqual([false]);
  });
});
