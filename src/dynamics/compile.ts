/**
 * Compiles a directed wiring diagram filled with machines into flat index tables
 * (internal; used by `oapply` and `oapplyAdaptive`). The composite evaluates
 * without allocating: box states and derivatives are per-box subarray views of
 * the caller's buffers (cached by buffer identity), box inputs and outputs live
 * in preallocated buffers, and each input port sums its sources through a CSR
 * table (`inStart`/`inSrc`, sources index `src = [outer x, all box outputs]`).
 */
import { ArgumentError, NeuroError, ShapeError } from '../util/index.js';
import type { Feedthrough, Machine, MachineKind, Vec } from './machine.js';
import { boxLabel, validateDiagram, type End, type WiringDiagram } from './wiring.js';

/** Boxes of a diagram filled by position or by box name (unnamed boxes by their index as a string). */
export type MachineFill<P> = readonly Machine<P>[] | Readonly<Record<string, Machine<P>>>;

const CACHE_SLOTS = 16;

/** Per-box subarray views of a state-sized buffer, cached by buffer identity (no allocation on a hit). */
export class ViewCache {
  private readonly keys: (Vec | null)[] = new Array<Vec | null>(CACHE_SLOTS).fill(null);
  private readonly vals: Vec[][] = new Array<Vec[]>(CACHE_SLOTS);
  private next = 0;
  constructor(private readonly offsets: Int32Array) {}

  get(buf: Vec): Vec[] {
    const keys = this.keys;
    for (let i = 0; i < CACHE_SLOTS; i++) if (keys[i] === buf) return this.vals[i]!;
    const offs = this.offsets;
    const views: Vec[] = [];
    for (let b = 0; b + 1 < offs.length; b++) views.push(buf.subarray(offs[b]!, offs[b + 1]!));
    const slot = this.next;
    this.next = (slot + 1) % CACHE_SLOTS;
    keys[slot] = buf;
    this.vals[slot] = views;
    return views;
  }
}

function offsetsOf(counts: readonly number[]): Int32Array {
  const o = new Int32Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) o[i + 1] = o[i]! + counts[i]!;
  return o;
}

/** Resolves the fill into one machine per box, checking counts and kinds; errors name the box. */
export function fillBoxes<P>(d: WiringDiagram, fill: MachineFill<P>, where: string): Machine<P>[] {
  let ms: (Machine<P> | undefined)[];
  if (Array.isArray(fill)) {
    ms = d.boxes.map((_, b) => (fill as readonly Machine<P>[])[b]);
    if (fill.length > d.boxes.length) {
      throw new ShapeError(`${where}.machines`, { what: 'more machines than boxes', expected: d.boxes.length, received: fill.length });
    }
  } else {
    const rec = fill as Readonly<Record<string, Machine<P>>>;
    const keys = d.boxes.map((bx, b) => bx.name ?? String(b));
    for (const k of Object.keys(rec)) {
      if (!keys.includes(k)) throw new ArgumentError(`${where}.machines.${k}`, { what: 'no box has this name', expected: keys, received: k });
    }
    ms = keys.map((k) => rec[k]);
  }
  let kind: MachineKind | undefined;
  ms.forEach((m, b) => {
    const label = boxLabel(d, b);
    if (m === undefined || m === null) {
      throw new NeuroError('unfilled_box', `${where}.machines[${b}]`, { what: `${label} is not filled`, expected: 'a machine', received: m });
    }
    const bx = d.boxes[b]!;
    for (const key of ['nIn', 'nOut'] as const) {
      if (m[key] !== bx[key]) {
        throw new ShapeError(`${where}.machines[${b}].${key}`, { what: `machine ${JSON.stringify(m.name ?? '')} does not fill ${label}: ${key} differs`, expected: bx[key], received: m[key] });
      }
    }
    kind ??= m.kind;
    if (m.kind !== kind) {
      throw new ArgumentError(`${where}.machines[${b}].kind`, { what: `${label} mixes discrete and continuous machines`, expected: kind, received: m.kind });
    }
  });
  return ms as Machine<P>[];
}

function srcIndex(d: WiringDiagram, outOff: Int32Array, e: End): number {
  return e.box === 'in' ? e.port : d.outer.nIn + outOff[e.box as number]! + e.port;
}

function csr(nTargets: number, entries: readonly (readonly [target: number, src: number, wire: number])[]): { start: Int32Array; src: Int32Array; wire: Int32Array } {
  const start = new Int32Array(nTargets + 1);
  for (const [t] of entries) start[t + 1]!++;
  for (let j = 0; j < nTargets; j++) start[j + 1]! += start[j]!;
  const fillAt = start.slice(0, nTargets);
  const src = new Int32Array(entries.length);
  const wire = new Int32Array(entries.length);
  for (const [t, s, w] of entries) {
    const k = fillAt[t]!++;
    src[k] = s;
    wire[k] = w;
  }
  return { start, src, wire };
}

/** Orders the Mealy boxes so each reads only finished outputs; a feedthrough cycle is an algebraic loop. */
function mealyOrder(d: WiringDiagram, ms: readonly Machine<unknown>[], where: string): number[] {
  const ftIn = ms.map((m) => new Set(m.feedthrough.map(([i]) => i)));
  const deps: { from: number; port: number; wire: number }[][] = ms.map(() => []);
  d.wires.forEach((w, k) => {
    const a = w.from.box;
    const b = w.to.box;
    if (typeof a === 'number' && typeof b === 'number' && ms[a]!.feedthrough.length > 0 && ftIn[b]!.has(w.to.port)) {
      deps[b]!.push({ from: a, port: w.to.port, wire: k });
    }
  });
  const order: number[] = [];
  const state = new Uint8Array(ms.length); // 0 new, 1 on stack, 2 done
  const stack: number[] = [];
  const visit = (b: number): void => {
    if (state[b] === 2) return;
    if (state[b] === 1) {
      const cyc = stack.slice(stack.indexOf(b));
      throw new NeuroError('algebraic_loop', `${where}`, {
        what: `algebraic loop through instantaneous (Mealy) readouts of ${cyc.map((c) => boxLabel(d, c)).join(' → ')} → ${boxLabel(d, b)}`,
        expected: 'no cycle of feedthrough wires',
        received: cyc.map((c) => ({ box: d.boxes[c]!.name ?? c, feedthroughInputs: [...ftIn[c]!] })),
      });
    }
    state[b] = 1;
    stack.push(b);
    for (const dep of deps[b]!) visit(dep.from);
    stack.pop();
    state[b] = 2;
    order.push(b);
  };
  ms.forEach((m, b) => {
    if (m.feedthrough.length > 0) visit(b);
  });
  return order;
}

/** Outer input → outer output dependencies of the composite, by port-level reachability. */
function compositeFeedthrough(d: WiringDiagram, ms: readonly Machine<unknown>[]): Feedthrough {
  const pairs: [number, number][] = [];
  for (let i = 0; i < d.outer.nIn; i++) {
    const seen = new Set<string>();
    const outs = new Set<number>();
    const frontier: End[] = [{ box: 'in', port: i }];
    while (frontier.length > 0) {
      const e = frontier.pop()!;
      for (const w of d.wires) {
        if (w.from.box !== e.box || w.from.port !== e.port) continue;
        const t = w.to;
        if (t.box === 'out') outs.add(t.port);
        else if (typeof t.box === 'number') {
          for (const [fi, fo] of ms[t.box]!.feedthrough) {
            const key = `${t.box}:${fo}`;
            if (fi === t.port && !seen.has(key)) {
              seen.add(key);
              frontier.push({ box: t.box, port: fo });
            }
          }
        }
      }
    }
    for (const o of [...outs].sort((a, b) => a - b)) pairs.push([i, o]);
  }
  return pairs;
}

/** The compiled evaluator of a filled diagram; `gains` (one per wire) scale wires when given. */
export class Engine<P> {
  readonly kind: MachineKind;
  readonly nStates: number;
  readonly feedthrough: Feedthrough;
  readonly stateViews: ViewCache;
  /** `[outer inputs, box outputs in box order]`: the sources of every wire. */
  readonly src: Vec;
  /** All box inputs, concatenated in box order. */
  readonly xs: Vec;
  /** The box outputs part of `src` (box order). */
  readonly ys: Vec;
  private readonly xv: Vec[];
  private readonly yv: Vec[];
  private readonly inStart: Int32Array;
  private readonly inSrc: Int32Array;
  private readonly inWire: Int32Array;
  private readonly outStart: Int32Array;
  private readonly outSrc: Int32Array;
  private readonly outWire: Int32Array;
  private readonly inOff: Int32Array;
  private readonly moore: Int32Array;
  private readonly mealy: Int32Array;
  private readonly nIn: number;
  private readonly nOut: number;
  /** Source of each box input when every input has exactly one wire, else null. */
  private readonly single: Int32Array | null;

  /**
   * @param nPrefix - state variables placed before the box states (the adaptive wiring's own state);
   *   views from {@link stateViews} are `[prefix, box 0, box 1, ...]`.
   */
  constructor(readonly diagram: WiringDiagram, readonly machines: readonly Machine<P>[], where: string, nPrefix = 0) {
    validateDiagram(diagram, `${where}.diagram`);
    const d = diagram;
    this.nIn = d.outer.nIn;
    this.nOut = d.outer.nOut;
    this.kind = machines[0]?.kind ?? 'continuous';
    const stateOff = offsetsOf([nPrefix, ...machines.map((m) => m.nStates)]);
    this.nStates = stateOff[machines.length + 1]!;
    this.stateViews = new ViewCache(stateOff);
    this.inOff = offsetsOf(d.boxes.map((b) => b.nIn));
    const outOff = offsetsOf(d.boxes.map((b) => b.nOut));
    this.xs = new Float64Array(this.inOff[d.boxes.length]!);
    this.src = new Float64Array(this.nIn + outOff[d.boxes.length]!);
    this.ys = this.src.subarray(this.nIn);
    this.xv = new ViewCache(this.inOff).get(this.xs);
    this.yv = new ViewCache(outOff).get(this.ys);
    const toBox: [number, number, number][] = [];
    const toOut: [number, number, number][] = [];
    d.wires.forEach((w, k) => {
      const s = srcIndex(d, outOff, w.from);
      if (w.to.box === 'out') toOut.push([w.to.port, s, k]);
      else toBox.push([this.inOff[w.to.box as number]! + w.to.port, s, k]);
    });
    ({ start: this.inStart, src: this.inSrc, wire: this.inWire } = csr(this.xs.length, toBox));
    ({ start: this.outStart, src: this.outSrc, wire: this.outWire } = csr(this.nOut, toOut));
    const one = this.inStart.every((v, j) => v === j);
    this.single = one ? this.inSrc : null;
    const order = mealyOrder(d, machines as readonly Machine<unknown>[], where);
    this.mealy = Int32Array.from(order);
    this.moore = Int32Array.from(machines.map((m, b) => (m.feedthrough.length === 0 ? b : -1)).filter((b) => b >= 0));
    this.feedthrough = Object.freeze(compositeFeedthrough(d, machines as readonly Machine<unknown>[]));
  }

  private gather(j0: number, j1: number, gains: Vec | null): void {
    const { xs, src, inStart, inSrc } = this;
    if (gains === null && this.single !== null) {
      // Every input port has exactly one wire (the common case): a plain indexed copy.
      const single = this.single;
      for (let j = j0; j < j1; j++) xs[j] = src[single[j]!]!;
    } else if (gains === null) {
      for (let j = j0; j < j1; j++) {
        let s = 0;
        for (let k = inStart[j]!, e = inStart[j + 1]!; k < e; k++) s += src[inSrc[k]!]!;
        xs[j] = s;
      }
    } else {
      const inWire = this.inWire;
      for (let j = j0; j < j1; j++) {
        let s = 0;
        for (let k = inStart[j]!, e = inStart[j + 1]!; k < e; k++) s += gains[inWire[k]!]! * src[inSrc[k]!]!;
        xs[j] = s;
      }
    }
  }

  /** Box readouts from the current state (`uv` = state views, `[prefix, box 0, ...]`) (Moore first, then Mealy in dependency order), then all box inputs. */
  outputs(uv: Vec[], x: Vec, p: P, t: number, gains: Vec | null): void {
    const { src, machines, xv, yv, moore, mealy } = this;
    const nIn = this.nIn;
    // A Moore composite may be read out with an empty x: its inputs then count as 0.
    if (x.length >= nIn) for (let i = 0; i < nIn; i++) src[i] = x[i]!;
    else src.fill(0, 0, nIn);
    for (let k = 0; k < moore.length; k++) {
      const b = moore[k]!;
      machines[b]!.readoutInto(uv[b + 1]!, xv[b]!, p, t, yv[b]!);
    }
    for (let k = 0; k < mealy.length; k++) {
      const b = mealy[k]!;
      this.gather(this.inOff[b]!, this.inOff[b + 1]!, gains);
      machines[b]!.readoutInto(uv[b + 1]!, xv[b]!, p, t, yv[b]!);
    }
    this.gather(0, this.xs.length, gains);
  }

  /** Next state / derivative of every box into the views of `out` (after {@link outputs}). */
  evalBoxes(uv: Vec[], ov: Vec[], p: P, t: number): void {
    const { machines, xv } = this;
    for (let b = 0; b < machines.length; b++) machines[b]!.evalInto(uv[b + 1]!, xv[b]!, p, t, ov[b + 1]!);
  }

  /** Outer outputs: sums of their wires (after {@link outputs}). */
  outerOut(out: Vec, gains: Vec | null): void {
    const { src, outStart, outSrc, outWire } = this;
    for (let o = 0; o < this.nOut; o++) {
      let s = 0;
      for (let k = outStart[o]!, e = outStart[o + 1]!; k < e; k++) s += (gains === null ? 1 : gains[outWire[k]!]!) * src[outSrc[k]!]!;
      out[o] = s;
    }
  }
}
