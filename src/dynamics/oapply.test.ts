import { describe, expect, it } from 'vitest';
import {
  continuousMachine,
  discreteMachine,
  eulerApprox,
  evaluate,
  iterate,
  oapply,
  oapplyAdaptive,
  readout,
  replicate,
  stateAt,
  wire,
  wiringDiagram,
  type AdaptiveWiring,
  type Machine,
  type WiringDiagram,
} from './index.js';

// The AlgebraicDynamics "Big diagram" (test/wd_dynam/dwd_dynam.jl), translated to 0-based ports.
const bigDiagram: WiringDiagram = wiringDiagram({
  outer: { nIn: 2, nOut: 3 },
  boxes: [
    { nIn: 2, nOut: 1, name: 'f' },
    { nIn: 1, nOut: 2, name: 'g' },
    { nIn: 1, nOut: 1, name: 'h' },
  ],
  wires: [
    wire(['in', 0], [0, 1]),
    wire(['in', 0], [1, 0]),
    wire(['in', 1], [2, 0]),
    wire([0, 0], ['out', 0]),
    wire([1, 0], ['out', 0]),
    wire([1, 0], ['out', 1]),
    wire([1, 1], [1, 0]),
    wire([2, 0], [1, 0]),
    wire([2, 0], ['out', 2]),
  ],
});

const bigMachines = (): Machine[] => [
  continuousMachine({ nIn: 2, nOut: 1, nStates: 1, name: 'f', dynamics: (u, x) => [x[0]! * x[1]! - u[0]!], readout: (u) => [2 * u[0]!] }),
  continuousMachine({ nIn: 1, nOut: 2, nStates: 2, name: 'g', dynamics: (u, x) => [u[0]! * u[1]!, x[0]! ** 2 * u[1]!], readout: (u) => [u[0]!, u[1]!] }),
  continuousMachine({ nIn: 1, nOut: 1, nStates: 2, name: 'h', dynamics: (u, x) => [u[0]! ** 2 - x[0]!, u[1]! - u[0]!], readout: (u) => [u[0]! + u[1]!] }),
];

const U = [2, 3, 5, -7, -0.5];
const X = [0.1, 11];

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12): void => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b[i]!)));
};

describe('oapply: the Big diagram', () => {
  it('gives du = [-2, 15, 28.8, 38, 6.5] and readout [7, 3, -7.5]', () => {
    const m = oapply(bigDiagram, bigMachines());
    expect(m.kind).toBe('continuous');
    expect(m.nStates).toBe(5);
    close(evaluate(m, U, X, undefined), [-2, 15, 28.8, 38, 6.5]);
    close(readout(m, U, undefined), [7, 3, -7.5]);
    expect(m.feedthrough).toEqual([]);
  });

  it('fills boxes by name', () => {
    const [f, g, h] = bigMachines();
    close(evaluate(oapply(bigDiagram, { h: h!, f: f!, g: g! }), U, X, undefined), [-2, 15, 28.8, 38, 6.5]);
  });

  it('Euler commutes with oapply (h = 0.15)', () => {
    const h = 0.15;
    const a = eulerApprox(oapply(bigDiagram, bigMachines()), h);
    const b = oapply(bigDiagram, bigMachines().map((m) => eulerApprox(m, h)));
    expect(a.kind).toBe('discrete');
    expect(b.kind).toBe('discrete');
    const next = evaluate(a, U, X, undefined);
    close(next, evaluate(b, U, X, undefined));
    close(next, U.map((u, i) => u + h * [-2, 15, 28.8, 38, 6.5][i]!));
    close(readout(a, U, undefined), readout(b, U, undefined));
    // and over several steps
    close(stateAt(iterate(a, U, X, 5), -1), stateAt(iterate(b, U, X, 5), -1));
  });

  it('evalInto allocates no new views on repeated calls (compiled tables)', () => {
    const m = oapply(bigDiagram, bigMachines());
    const u = Float64Array.from(U);
    const x = Float64Array.from(X);
    const out = new Float64Array(5);
    m.evalInto(u, x, undefined, 0, out);
    const first = Float64Array.from(out);
    for (let i = 0; i < 100; i++) m.evalInto(u, x, undefined, 0, out);
    close(out, first);
  });
});

describe('plant/controller loop (discrete, synchronous)', () => {
  it('steps (0, 1) → (1, 1), (1, 0.5), (0.5, 0), (0, -0.25), (-0.25, -0.25)', () => {
    const controller = discreteMachine({ nIn: 1, nOut: 1, nStates: 1, name: 'controller', update: (_s, x) => [x[0]!], readout: (s) => [-0.5 * s[0]!] });
    const plant = discreteMachine({ nIn: 2, nOut: 1, nStates: 1, name: 'plant', update: (u, x) => [u[0]! + x[0]! + x[1]!], readout: (u) => [u[0]!] });
    const d = wiringDiagram({
      outer: { nIn: 1, nOut: 1 },
      boxes: [
        { nIn: 1, nOut: 1, name: 'controller' },
        { nIn: 2, nOut: 1, name: 'plant' },
      ],
      wires: [wire(['in', 0], [1, 0]), wire([0, 0], [1, 1]), wire([1, 0], [0, 0]), wire([1, 0], ['out', 0])],
    });
    const sys = oapply(d, { controller, plant });
    const tr = iterate(sys, [0, 1], [0], 5);
    expect(Array.from(tr.u)).toEqual([0, 1, 1, 1, 1, 0.5, 0.5, 0, 0, -0.25, -0.25, -0.25]);
    expect(Array.from(tr.y)).toEqual([1, 1, 0.5, 0, -0.25, -0.25]);
  });
});

describe('Mealy boxes', () => {
  const gain = (k: number): Machine =>
    continuousMachine({ nIn: 1, nOut: 1, nStates: 0, name: `gain${k}`, dynamics: () => [], readout: (_u, _p, _t, x) => [k * x[0]!], feedthrough: [[0, 0]] });
  const integ = continuousMachine({ nIn: 1, nOut: 1, nStates: 1, name: 'int', dynamics: (_u, x) => [x[0]!], readout: (u) => [u[0]!] });

  it('evaluates feedthrough chains in dependency order and exposes the composite feedthrough', () => {
    // boxes listed out of order: gain3 reads gain2, which reads the outer input
    const d = wiringDiagram({
      outer: { nIn: 1, nOut: 2 },
      boxes: [{ nIn: 1, nOut: 1 }, { nIn: 1, nOut: 1 }, { nIn: 1, nOut: 1 }],
      wires: [wire(['in', 0], [1, 0]), wire([1, 0], [0, 0]), wire([0, 0], [2, 0]), wire([0, 0], ['out', 0]), wire([2, 0], ['out', 1])],
    });
    const m = oapply(d, [gain(3), gain(2), integ]);
    expect(m.feedthrough).toEqual([[0, 0]]);
    close(readout(m, [4], undefined, 0, [1.5]), [9, 4]);
    close(evaluate(m, [4], [1.5], undefined), [9]);
  });

  it('a feedback loop through a Moore box is fine', () => {
    const d = wiringDiagram({
      outer: { nIn: 0, nOut: 1 },
      boxes: [{ nIn: 1, nOut: 1 }, { nIn: 1, nOut: 1 }],
      wires: [wire([0, 0], [1, 0]), wire([1, 0], [0, 0]), wire([1, 0], ['out', 0])],
    });
    const m = oapply(d, [gain(-1), integ]);
    close(evaluate(m, [2], [], undefined), [-2]);
    expect(m.feedthrough).toEqual([]);
  });
});

describe('adaptive wiring', () => {
  it('with unit gains equals oapply (Big diagram), with a static wiring state', () => {
    const aw: AdaptiveWiring = { diagram: bigDiagram, nWiringStates: 1, pattern: (_s, _p, _t, g) => g.fill(1), update: (_s, _y, _x, _p, _t, out) => out.fill(0), init: () => [7] };
    const m = oapplyAdaptive(aw, bigMachines());
    expect(m.nStates).toBe(6);
    close(evaluate(m, [7, ...U], X, undefined), [0, -2, 15, 28.8, 38, 6.5]);
    close(readout(m, [7, ...U], undefined), [7, 3, -7.5]);
    expect(Array.from(m.init!(undefined))).toEqual([7, 0, 0, 0, 0, 0]);
  });

  it('scales each wire by its gain and updates the wiring state from inner outputs', () => {
    // gain of wire k = s[0] for the h → g wire, 1 elsewhere; ds/dt = sum of inner outputs
    const aw: AdaptiveWiring = {
      diagram: bigDiagram,
      nWiringStates: 1,
      pattern: (s, _p, _t, g) => {
        g.fill(1);
        g[7] = s[0]!;
      },
      update: (_s, y, _x, _p, _t, out) => {
        out[0] = y.reduce((a, b) => a + b, 0);
      },
    };
    const m = oapplyAdaptive(aw, bigMachines());
    const du = evaluate(m, [0, ...U], X, undefined);
    // g's input without the h wire: 0.1 + 5 = 5.1 → 5.1² · 5 = 130.05; inner outputs 4 + 3 + 5 − 7.5
    close(du, [4.5, -2, 15, 130.05, 38, 6.5]);
  });
});

describe('replicate', () => {
  it('equals oapply of unwired copies', () => {
    const [, g] = bigMachines();
    const rep = replicate(g!, 3);
    const d = wiringDiagram({
      outer: { nIn: 3, nOut: 6 },
      boxes: [0, 1, 2].map(() => ({ nIn: 1, nOut: 2 })),
      wires: [0, 1, 2].flatMap((b) => [wire(['in', b], [b, 0]), wire([b, 0], ['out', 2 * b]), wire([b, 1], ['out', 2 * b + 1])]),
    });
    const ref = oapply(d, [g!, g!, g!]);
    const u = [1, 2, 3, 4, 5, 6];
    close(evaluate(rep, u, [0.5, -1, 2], undefined), evaluate(ref, u, [0.5, -1, 2], undefined));
    close(readout(rep, u, undefined), readout(ref, u, undefined));
  });

  it('a batched kernel replaces the per-copy loop and must agree with it', () => {
    const [, g] = bigMachines();
    const batch = {
      evalInto: (u: Float64Array, x: Float64Array, _p: unknown, _t: number, out: Float64Array) => {
        for (let i = 0; i < x.length; i++) [out[2 * i], out[2 * i + 1]] = [u[2 * i]! * u[2 * i + 1]!, x[i]! ** 2 * u[2 * i + 1]!];
      },
      readoutInto: (u: Float64Array, _x: Float64Array, _p: unknown, _t: number, out: Float64Array) => out.set(u),
    };
    const u = [1, 2, 3, 4, 5, 6];
    const x = [0.5, -1, 2];
    close(evaluate(replicate(g!, 3, batch), u, x, undefined), evaluate(replicate(g!, 3), u, x, undefined));
    close(readout(replicate(g!, 3, batch), u, undefined), readout(replicate(g!, 3), u, undefined));
    expect(() => replicate(g!, 0)).toThrow(/copy count/);
  });
});
