/**
 * Learner boxes wired forward and backward: a box-level cycle of
 * Mealy boxes is fine when no output port depends on itself.
 */
import { describe, expect, it } from 'vitest';
import { NeuroError, createRng } from '../../util/index.js';
import { evaluate, oapply, readout, wire, wiringDiagram, type Machine } from '../../dynamics/index.js';
import { learnerAsMachine, neuronLearner, seqVec } from './index.js';

/** Counts readout calls of a machine (to check the schedule makes no redundant calls). */
function counted(m: Machine): { m: Machine; calls: () => number } {
  let n = 0;
  const wrapped: Machine = { ...m, readoutInto: (u, x, p, t, out) => (n++, m.readoutInto(u, x, p, t, out)) };
  return { m: wrapped, calls: () => n };
}

// h: R² → R and o: R → R as neuron-learner boxes (inputs [a, b], outputs [y, r]).
const hL = neuronLearner({ nIn: 2, activation: 'tanh', lr: 0.3, name: 'h' });
const oL = neuronLearner({ nIn: 1, activation: 'sigmoid', lr: 0.3, name: 'o' });

/** Forward h.y → o.a, backward o.r → h.b; outer inputs [x1, x2, target], outer output o.y. */
const learnerDiagram = wiringDiagram({
  outer: { nIn: 3, nOut: 1 },
  boxes: [
    { nIn: 3, nOut: 3, name: 'h' },
    { nIn: 2, nOut: 2, name: 'o' },
  ],
  wires: [wire(['in', 0], [0, 0]), wire(['in', 1], [0, 1]), wire([0, 0], [1, 0]), wire(['in', 2], [1, 1]), wire([1, 1], [0, 2]), wire([1, 0], ['out', 0])],
});

describe('learner boxes wired forward and backward', () => {
  it('compose (box-level cycle, no port-level cycle) and step exactly like seqVec', () => {
    const h = counted(learnerAsMachine(hL, { name: 'h' }));
    const o = counted(learnerAsMachine(oL, { name: 'o' }));
    const net = oapply(learnerDiagram, [h.m, o.m]);
    const ref = seqVec(hL, oL);
    // the prediction depends on the inputs, not on the target
    expect(net.feedthrough).toEqual([
      [0, 0],
      [1, 0],
    ]);
    const rng = createRng('learner-wiring');
    for (let trial = 0; trial < 20; trial++) {
      const p = Float64Array.from({ length: ref.nParams }, () => rng.uniform(-2, 2));
      const a = Float64Array.from([rng.uniform(-1, 1), rng.uniform(-1, 1)]);
      const b = Float64Array.from([rng.uniform(0, 1)]);
      const x = [a[0]!, a[1]!, b[0]!];
      const [h0, o0] = [h.calls(), o.calls()];
      const next = evaluate(net, p, x, undefined);
      // h is read out twice (y first, r once o's request is final), o once
      expect([h.calls() - h0, o.calls() - o0]).toEqual([2, 1]);
      const want = ref.update(p, a, b);
      next.forEach((v, k) => expect(Math.abs(v - want[k]!)).toBeLessThanOrEqual(1e-12));
      expect(Math.abs(readout(net, p, undefined, 0, x)[0]! - ref.implement(p, a)[0]!)).toBeLessThanOrEqual(1e-12);
    }
  });

  it('a true port-level cycle is rejected and the message names the boxes and ports', () => {
    // h.y → o.a and o.y → h.a: h.y depends on itself
    const d = wiringDiagram({ ...learnerDiagram, wires: [wire([0, 0], [1, 0]), wire([1, 0], [0, 0]), wire([1, 0], ['out', 0])] });
    let e: unknown;
    try {
      oapply(d, [learnerAsMachine(hL), learnerAsMachine(oL)]);
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(NeuroError);
    const err = e as NeuroError;
    expect(err.code).toBe('algebraic_loop');
    expect(err.message).toContain('box 0 ("h") output 0 (y0) → box 1 ("o") input 0 (a0)');
    expect(err.message).toContain('box 1 ("o") output 0 (y0) → box 0 ("h") input 0 (a0)');
    expect(err.received).toEqual([
      { box: 'h', outPort: 0, intoInPort: 0 },
      { box: 'o', outPort: 0, intoInPort: 0 },
    ]);
  });
});
