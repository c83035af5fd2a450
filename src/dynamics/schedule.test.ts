/**
 * Port-level algebraic-loop check and evaluation order: a box-level cycle of
 * Mealy boxes is fine when no output port depends on itself.
 */
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../util/index.js';
import {
  continuousMachine,
  discreteMachine,
  eulerApprox,
  evaluate,
  oapply,
  readout,
  replicate,
  substitute,
  wire,
  wiringDiagram,
  type Machine,
  type Wire,
  type WiringDiagram,
} from './index.js';

describe('projection readouts (observe)', () => {
  it('read the state directly and agree with a readout callback', () => {
    const dyn = (u: Float64Array, x: Float64Array): number[] => [u[1]!, x[0]! - u[0]!];
    const a = continuousMachine({ nIn: 1, nOut: 2, nStates: 2, dynamics: dyn, observe: [1, 0] });
    const b = continuousMachine({ nIn: 1, nOut: 2, nStates: 2, dynamics: dyn, readout: (u) => [u[1]!, u[0]!] });
    const d = wiringDiagram({
      outer: { nIn: 1, nOut: 2 },
      boxes: [
        { nIn: 1, nOut: 2 },
        { nIn: 1, nOut: 2 },
      ],
      wires: [wire(['in', 0], [0, 0]), wire([0, 0], [1, 0]), wire([1, 1], [0, 0]), wire([1, 0], ['out', 1]), wire([0, 1], ['out', 0])],
    });
    const u = [0.5, -1, 2, 3];
    const ma = oapply(d, [a, a]);
    const mb = oapply(d, [b, b]);
    expect(Array.from(evaluate(ma, u, [0.25], undefined))).toEqual(Array.from(evaluate(mb, u, [0.25], undefined)));
    expect(Array.from(readout(ma, u, undefined))).toEqual(Array.from(readout(mb, u, undefined)));
    // every outer output is one wire from a projection, so the composite is a projection too
    expect(ma.observe).toEqual([0, 3]);
    expect(mb.observe).toBeUndefined();
    expect(() => continuousMachine({ nIn: 0, nOut: 1, nStates: 1, dynamics: () => [0], observe: [1] })).toThrow(/state index/);
    expect(() => continuousMachine({ nIn: 0, nOut: 1, nStates: 1, dynamics: () => [0], observe: [0], readout: () => [0] })).toThrow(/exactly one/);
  });
});

describe('offset kernels (dynamicsAt)', () => {
  it('compose and replicate like the same box written with dynamicsInto', () => {
    const at = continuousMachine({
      nIn: 1,
      nOut: 1,
      nStates: 2,
      observe: [0],
      dynamicsAt: (u, uo, x, xo, _p, _t, out, oo) => {
        out[oo] = u[uo + 1]!;
        out[oo + 1] = x[xo]! - u[uo]! * u[uo + 1]!;
      },
    });
    const into = continuousMachine({ nIn: 1, nOut: 1, nStates: 2, dynamics: (u, x) => [u[1]!, x[0]! - u[0]! * u[1]!], readout: (u) => [u[0]!] });
    const d = wiringDiagram({
      outer: { nIn: 1, nOut: 1 },
      boxes: [0, 1, 2].map(() => ({ nIn: 1, nOut: 1 })),
      wires: [wire(['in', 0], [0, 0]), wire([0, 0], [1, 0]), wire([1, 0], [2, 0]), wire([2, 0], [0, 0]), wire([2, 0], ['out', 0])],
    });
    const u = [0.3, -1, 2, 0.5, -0.7, 1.1];
    expect(Array.from(evaluate(oapply(d, [at, at, at]), u, [0.2], undefined))).toEqual(Array.from(evaluate(oapply(d, [into, into, into]), u, [0.2], undefined)));
    expect(Array.from(evaluate(oapply(d, [at, into, at]), u, [0.2], undefined))).toEqual(Array.from(evaluate(oapply(d, [into, into, into]), u, [0.2], undefined)));
    const x = [0.1, -0.2, 0.3];
    expect(Array.from(evaluate(replicate(at, 3), u, x, undefined))).toEqual(Array.from(evaluate(replicate(into, 3), u, x, undefined)));
    expect(replicate(at, 3).observe).toEqual([0, 2, 4]);
    // a discretised machine steps with the integrator, not with the continuous kernel
    expect(eulerApprox(at, 0.1).evalAt).toBeUndefined();
  });
});

// ---- random diagrams whose box-level graph has cycles but whose port-level graph does not ----

/**
 * Ports carry random ranks; a wire runs only from rank r to rank ≥ r and a box may
 * declare input i → output o only when rank(i) < rank(o). Ranks then strictly
 * increase along every instantaneous path, so no port depends on itself, while
 * box-to-box wires go both ways (box-level cycles are common).
 */
interface Ranked {
  readonly d: WiringDiagram;
  readonly inRank: number[][];
  readonly outRank: number[][];
}

function rankedDiagram(rng: Rng, outer: { nIn: number; nOut: number }, outerIn: number[], outerOut: number[], nBoxes: number): Ranked {
  const boxes = Array.from({ length: nBoxes }, () => ({ nIn: rng.int(0, 4), nOut: rng.int(1, 4) }));
  const inRank = boxes.map((b) => Array.from({ length: b.nIn }, () => rng.int(0, 5)));
  const outRank = boxes.map((b) => Array.from({ length: b.nOut }, () => rng.int(0, 5)));
  const wires: Wire[] = [];
  for (let k = rng.int(nBoxes, 5 * nBoxes + 6); k > 0; k--) {
    const fromBox = rng.int(-1, nBoxes);
    const toBox = rng.int(-1, nBoxes);
    if (fromBox === -1 && toBox === -1) continue;
    const nFrom = fromBox === -1 ? outer.nIn : boxes[fromBox]!.nOut;
    const nTo = toBox === -1 ? outer.nOut : boxes[toBox]!.nIn;
    if (nFrom === 0 || nTo === 0) continue;
    const [pf, pt] = [rng.int(0, nFrom), rng.int(0, nTo)];
    const rf = fromBox === -1 ? outerIn[pf]! : outRank[fromBox]![pf]!;
    const rt = toBox === -1 ? outerOut[pt]! : inRank[toBox]![pt]!;
    if (rf <= rt) wires.push(wire([fromBox === -1 ? 'in' : fromBox, pf], [toBox === -1 ? 'out' : toBox, pt]));
  }
  return { d: wiringDiagram({ outer, boxes, wires }), inRank, outRank };
}

function rankedMachine(rng: Rng, inRank: number[], outRank: number[], kind: 'discrete' | 'continuous'): Machine {
  const [nIn, nOut] = [inRank.length, outRank.length];
  const nStates = rng.int(0, 3);
  const w = (n: number): number[] => Array.from({ length: n }, () => rng.uniform(-1, 1));
  const [A, B, C, D] = [w(nStates * nStates), w(nStates * nIn), w(nOut * nStates), w(nOut * nIn)];
  const feedthrough: [number, number][] = [];
  for (let o = 0; o < nOut; o++) for (let i = 0; i < nIn; i++) if (inRank[i]! < outRank[o]! && rng.next() < 0.8) feedthrough.push([i, o]);
  const f = (u: Float64Array, x: Float64Array): number[] =>
    Array.from({ length: nStates }, (_, i) => {
      let s = 0;
      for (let j = 0; j < nStates; j++) s += A[i * nStates + j]! * u[j]!;
      for (let k = 0; k < nIn; k++) s += B[i * nIn + k]! * x[k]!;
      return Math.tanh(s);
    });
  const r = (u: Float64Array, _p: unknown, _t: number, x: Float64Array): number[] =>
    Array.from({ length: nOut }, (_, o) => {
      let s = 0.2 * o;
      for (let j = 0; j < nStates; j++) s += C[o * nStates + j]! * Math.sin(u[j]!);
      for (const [i, oo] of feedthrough) if (oo === o) s += D[o * nIn + i]! * Math.tanh(x[i]!);
      return s;
    });
  const spec = { nIn, nOut, nStates, readout: r, feedthrough };
  return kind === 'continuous' ? continuousMachine({ ...spec, dynamics: f }) : discreteMachine({ ...spec, update: f });
}

/** The old box-level criterion: a cycle of wires from a Mealy box into a feedthrough input. */
function hasBoxLevelLoop(d: WiringDiagram, ms: readonly Machine[]): boolean {
  const next = ms.map(() => new Set<number>());
  for (const w of d.wires) {
    const [a, b] = [w.from.box, w.to.box];
    if (typeof a === 'number' && typeof b === 'number' && ms[a]!.feedthrough.length > 0 && ms[b]!.feedthrough.some(([i]) => i === w.to.port)) next[a]!.add(b);
  }
  const state = new Uint8Array(ms.length);
  const visit = (b: number): boolean => {
    if (state[b] === 1) return true;
    if (state[b] === 2) return false;
    state[b] = 1;
    for (const c of next[b]!) if (visit(c)) return true;
    state[b] = 2;
    return false;
  };
  return ms.some((_, b) => visit(b));
}

/** Reference readout by fixed-point iteration (exact after #ports rounds when no port depends on itself). */
function referenceOutputs(d: WiringDiagram, ms: readonly Machine[], u: number[], x: number[]): number[] {
  const ys = ms.map((m) => new Float64Array(m.nOut));
  const xs = ms.map((m) => new Float64Array(m.nIn));
  const value = (e: Wire['from']): number => (e.box === 'in' ? x[e.port]! : ys[e.box as number]![e.port]!);
  const nPorts = ms.reduce((s, m) => s + m.nOut, 0);
  for (let round = 0; round <= nPorts; round++) {
    let off = 0;
    ms.forEach((m, b) => {
      m.readoutInto(Float64Array.from(u.slice(off, off + m.nStates)), xs[b]!, undefined, 0, ys[b]!);
      off += m.nStates;
    });
    xs.forEach((v) => v.fill(0));
    for (const w of d.wires) if (typeof w.to.box === 'number') xs[w.to.box]![w.to.port]! += value(w.from);
  }
  const out = new Array<number>(d.outer.nOut).fill(0);
  for (const w of d.wires) if (w.to.box === 'out') out[w.to.port]! += value(w.from);
  return out;
}

describe('random diagrams with box-level cycles and no port-level cycle (property test)', () => {
  it('compose, match a fixed-point reference, and nest like the flattened diagram', () => {
    const rng = createRng('port-level-schedule');
    let boxCycles = 0;
    for (let trial = 0; trial < 150; trial++) {
      const kind = trial % 3 === 0 ? 'discrete' : 'continuous';
      const outer = { nIn: rng.int(0, 3), nOut: rng.int(0, 3) };
      const outerIn = Array.from({ length: outer.nIn }, () => rng.int(0, 3));
      const outerOut = Array.from({ length: outer.nOut }, () => rng.int(2, 6));
      const od = rankedDiagram(rng, outer, outerIn, outerOut, rng.int(1, 5));
      const b = rng.int(0, od.d.boxes.length);
      // the inner diagram fills box b with the same port ranks, so flattening keeps ranks monotone
      const id = rankedDiagram(rng, od.d.boxes[b]!, od.inRank[b]!, od.outRank[b]!, rng.int(1, 4));
      const innerMs = id.d.boxes.map((_, k) => rankedMachine(rng, id.inRank[k]!, id.outRank[k]!, kind));
      const outerMs = od.d.boxes.map((_, k) => rankedMachine(rng, od.inRank[k]!, od.outRank[k]!, kind));
      const flatD = substitute(od.d, b, id.d);
      const flatMs = [...outerMs.slice(0, b), ...innerMs, ...outerMs.slice(b + 1)];
      if (hasBoxLevelLoop(flatD, flatMs)) boxCycles++;
      const inner = oapply(id.d, innerMs);
      const nested = oapply(od.d, outerMs.map((m, k) => (k === b ? inner : m)));
      const flat = oapply(flatD, flatMs);
      expect(nested.feedthrough).toEqual(flat.feedthrough);
      for (let rep = 0; rep < 2; rep++) {
        const u = Array.from({ length: flat.nStates }, () => rng.uniform(-2, 2));
        const x = Array.from({ length: flat.nIn }, () => rng.uniform(-2, 2));
        const yRef = referenceOutputs(flatD, flatMs, u, x);
        readout(flat, u, undefined, 0, x).forEach((v, i) => expect(v).toBeCloseTo(yRef[i]!, 12));
        readout(nested, u, undefined, 0, x).forEach((v, i) => expect(v).toBeCloseTo(yRef[i]!, 12));
        const c = evaluate(flat, u, x, undefined);
        evaluate(nested, u, x, undefined).forEach((v, i) => expect(v).toBeCloseTo(c[i]!, 12));
      }
    }
    // the old box-level check would have rejected these
    expect(boxCycles).toBeGreaterThan(20);
  });
});
