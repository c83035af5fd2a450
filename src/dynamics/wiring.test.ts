import { describe, expect, it } from 'vitest';
import { NeuroError, createRng, type Rng } from '../util/index.js';
import {
  continuousMachine,
  discreteMachine,
  evaluate,
  oapply,
  readout,
  substitute,
  wire,
  wiringDiagram,
  type End,
  type Machine,
  type Wire,
  type WiringDiagram,
} from './index.js';

const m = (nIn: number, nOut: number, name: string, kind: 'discrete' | 'continuous' = 'continuous', feedthrough: [number, number][] = []): Machine => {
  const spec = { nIn, nOut, nStates: 1, name, readout: () => new Array<number>(nOut).fill(0), feedthrough };
  return kind === 'continuous' ? continuousMachine({ ...spec, dynamics: () => [0] }) : discreteMachine({ ...spec, update: () => [0] });
};

const twoBoxes = (wires: Wire[]): WiringDiagram => ({
  outer: { nIn: 1, nOut: 1 },
  boxes: [
    { nIn: 1, nOut: 1, name: 'f' },
    { nIn: 2, nOut: 1, name: 'g' },
  ],
  wires,
});

function thrown(fn: () => unknown): NeuroError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(NeuroError);
    return e as NeuroError;
  }
  throw new Error('expected a throw');
}

describe('bad diagrams → typed errors naming the box and port', () => {
  it('unfilled box', () => {
    const d = twoBoxes([]);
    const e = thrown(() => oapply(d, [m(1, 1, 'f')]));
    expect(e.code).toBe('unfilled_box');
    expect(e.message).toContain('box 1 ("g") is not filled');
    expect(thrown(() => oapply(d, { f: m(1, 1, 'f') })).message).toContain('box 1 ("g")');
    expect(thrown(() => oapply(d, { f: m(1, 1, 'f'), g: m(2, 1, 'g'), k: m(1, 1, 'k') })).message).toContain('no box has this name');
  });

  it('port count mismatch', () => {
    const e = thrown(() => oapply(twoBoxes([]), [m(1, 1, 'f'), m(3, 1, 'g3')]));
    expect(e.code).toBe('shape_mismatch');
    expect(e.message).toMatch(/machines\[1\]\.nIn: .*box 1 \("g"\).*expected 2, received 3/);
  });

  it('out-of-range port', () => {
    const e = thrown(() => wiringDiagram(twoBoxes([wire([0, 0], [1, 5])])));
    expect(e.code).toBe('invalid_argument');
    expect(e.message).toContain('wires[0].to.port: box 1 ("g") has no input port 5');
    expect(thrown(() => wiringDiagram(twoBoxes([wire([0, 3], [1, 0])]))).message).toContain('box 0 ("f") has no output port 3');
    expect(thrown(() => wiringDiagram(twoBoxes([wire(['in', 1], [1, 0])]))).message).toContain('outer input port out of range');
    expect(thrown(() => wiringDiagram(twoBoxes([wire([7, 0], [1, 0])]))).message).toContain('no such box');
  });

  it('wrong direction', () => {
    const bad = { from: { box: 'out', port: 0 } as End, to: { box: 1, port: 0 } as End };
    expect(thrown(() => wiringDiagram(twoBoxes([bad]))).message).toContain('wires[0].from: a wire cannot start at an outer output port');
    const bad2 = { from: { box: 0, port: 0 } as End, to: { box: 'in', port: 0 } as End };
    expect(thrown(() => wiringDiagram(twoBoxes([bad2]))).message).toContain('cannot end at an outer input port');
  });

  it('pass-through wire', () => {
    const e = thrown(() => wiringDiagram(twoBoxes([wire(['in', 0], ['out', 0])])));
    expect(e.message).toContain('pass-through wire from outer input 0 to outer output 0');
    // oapply validates plain objects too
    expect(thrown(() => oapply(twoBoxes([wire(['in', 0], ['out', 0])]), [m(1, 1, 'f'), m(2, 1, 'g')])).message).toContain('pass-through');
  });

  it('mixing discrete and continuous', () => {
    const e = thrown(() => oapply(twoBoxes([]), [m(1, 1, 'f'), m(2, 1, 'g', 'discrete')]));
    expect(e.message).toContain('box 1 ("g") mixes discrete and continuous');
  });

  it('algebraic loop through Mealy readouts', () => {
    const d = twoBoxes([wire([0, 0], [1, 1]), wire([1, 0], [0, 0])]);
    const e = thrown(() => oapply(d, [m(1, 1, 'f', 'continuous', [[0, 0]]), m(2, 1, 'g', 'continuous', [[1, 0]])]));
    expect(e.code).toBe('algebraic_loop');
    expect(e.message).toContain('box 0 ("f")');
    expect(e.message).toContain('box 1 ("g")');
    // the same loop entering g on a port without feedthrough is fine
    const ok = twoBoxes([wire([0, 0], [1, 0]), wire([1, 0], [0, 0])]);
    expect(() => oapply(ok, [m(1, 1, 'f', 'continuous', [[0, 0]]), m(2, 1, 'g', 'continuous', [[1, 0]])])).not.toThrow();
    // a Mealy box wired to itself
    const self = twoBoxes([wire([0, 0], [0, 0])]);
    expect(thrown(() => oapply(self, [m(1, 1, 'f', 'continuous', [[0, 0]]), m(2, 1, 'g')])).code).toBe('algebraic_loop');
  });
});

// ---- nesting: oapply of a composite box equals oapply of the flattened diagram ----

function randomMachine(rng: Rng, nIn: number, nOut: number, kind: 'discrete' | 'continuous', mealy: boolean): Machine {
  const nStates = rng.int(0, 4);
  const w = (n: number): number[] => Array.from({ length: n }, () => rng.uniform(-1, 1));
  const A = w(nStates * nStates);
  const B = w(nStates * nIn);
  const C = w(nOut * nStates);
  const D = mealy ? w(nOut * nIn) : [];
  const feedthrough: [number, number][] = [];
  if (mealy) for (let o = 0; o < nOut; o++) for (let i = 0; i < nIn; i++) if (rng.next() < 0.7) feedthrough.push([i, o]);
  const f = (u: Float64Array, x: Float64Array): number[] =>
    Array.from({ length: nStates }, (_, i) => {
      let s = 0;
      for (let j = 0; j < nStates; j++) s += A[i * nStates + j]! * u[j]!;
      for (let k = 0; k < nIn; k++) s += B[i * nIn + k]! * x[k]!;
      return Math.tanh(s) + (nIn > 0 ? 0.1 * u[i]! * x[0]! : 0);
    });
  const r = (u: Float64Array, _p: unknown, _t: number, x: Float64Array): number[] =>
    Array.from({ length: nOut }, (_, o) => {
      let s = 0.3 * o;
      for (let j = 0; j < nStates; j++) s += C[o * nStates + j]! * Math.sin(u[j]!);
      for (const [i, oo] of feedthrough) if (oo === o) s += D[o * nIn + i]! * x[i]!;
      return s;
    });
  const spec = { nIn, nOut, nStates, readout: r, feedthrough };
  return kind === 'continuous' ? continuousMachine({ ...spec, dynamics: (u, x) => f(u, x) }) : discreteMachine({ ...spec, update: (u, x) => f(u, x) });
}

/** Random diagram; with `forward`, box→box wires only go to later boxes (no feedthrough cycles possible). */
function randomDiagram(rng: Rng, outer: { nIn: number; nOut: number }, nBoxes: number, forward: boolean): WiringDiagram {
  const boxes = Array.from({ length: nBoxes }, () => ({ nIn: rng.int(0, 4), nOut: rng.int(0, 4) }));
  const wires: Wire[] = [];
  const nWires = rng.int(nBoxes, 6 * nBoxes + 6);
  for (let k = 0; k < nWires; k++) {
    const fromBox = rng.int(-1, nBoxes); // -1: outer input
    const toBox = rng.int(-1, nBoxes); // -1: outer output
    if (fromBox === -1 && toBox === -1) continue;
    if (forward && fromBox >= 0 && toBox >= 0 && fromBox >= toBox) continue;
    const nFrom = fromBox === -1 ? outer.nIn : boxes[fromBox]!.nOut;
    const nTo = toBox === -1 ? outer.nOut : boxes[toBox]!.nIn;
    if (nFrom === 0 || nTo === 0) continue;
    wires.push(wire([fromBox === -1 ? 'in' : fromBox, rng.int(0, nFrom)], [toBox === -1 ? 'out' : toBox, rng.int(0, nTo)]));
  }
  return wiringDiagram({ outer, boxes, wires });
}

describe('nesting (property test on random diagrams)', () => {
  it('oapply with a composite box equals oapply of the flattened diagram', () => {
    const rng = createRng('dynamics-nesting');
    let withFeedthrough = 0;
    for (let trial = 0; trial < 200; trial++) {
      const kind = trial % 3 === 0 ? 'discrete' : 'continuous';
      const mealy = trial % 2 === 1;
      const outerIface = { nIn: rng.int(0, 3), nOut: rng.int(0, 3) };
      const nOuter = rng.int(1, 5);
      const outerD = randomDiagram(rng, outerIface, nOuter, mealy);
      const b = rng.int(0, nOuter);
      const innerD = randomDiagram(rng, outerD.boxes[b]!, rng.int(1, 4), mealy);
      const innerMs = innerD.boxes.map((bx) => randomMachine(rng, bx.nIn, bx.nOut, kind, mealy));
      const outerMs = outerD.boxes.map((bx) => randomMachine(rng, bx.nIn, bx.nOut, kind, mealy));
      const inner = oapply(innerD, innerMs);
      if (inner.feedthrough.length > 0) withFeedthrough++;
      const nested = oapply(outerD, outerMs.map((mm, i) => (i === b ? inner : mm)));
      const flat = oapply(substitute(outerD, b, innerD), [...outerMs.slice(0, b), ...innerMs, ...outerMs.slice(b + 1)]);
      expect(flat.nStates).toBe(nested.nStates);
      expect(flat.feedthrough).toEqual(nested.feedthrough);
      for (let rep = 0; rep < 3; rep++) {
        const u = Array.from({ length: flat.nStates }, () => rng.uniform(-2, 2));
        const x = Array.from({ length: flat.nIn }, () => rng.uniform(-2, 2));
        const a = evaluate(nested, u, x, undefined);
        const c = evaluate(flat, u, x, undefined);
        a.forEach((v, i) => expect(v).toBeCloseTo(c[i]!, 12));
        const ya = readout(nested, u, undefined, 0, x);
        const yc = readout(flat, u, undefined, 0, x);
        ya.forEach((v, i) => expect(v).toBeCloseTo(yc[i]!, 12));
      }
    }
    // the Mealy half of the trials really nests boxes with instantaneous paths
    expect(withFeedthrough).toBeGreaterThan(10);
  });
});
