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
import { compositeFeedthrough, readoutSchedule } from './schedule.js';
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

/** Index tables for gathering box inputs without gains (see {@link gatherPlan}). */
interface GatherPlan {
  /** Single wire from a projection output: `xs[dirDst[k]] = u[dirSrc[k]]` (composite state index). */
  readonly dirDst: Int32Array;
  readonly dirSrc: Int32Array;
  /** Every box input is direct, in order (`dirDst` is the identity). */
  readonly allDirect: boolean;
  /** Other single wires: `xs[oneDst[k]] = src[oneSrc[k]]`. */
  readonly oneDst: Int32Array;
  readonly oneSrc: Int32Array;
  /** Box inputs with two or more wires (summed through the CSR table). */
  readonly multi: Int32Array;
  /** Projection outputs copied into `src` (`[dst in src, state index]`): those read from `src`, or all. */
  readonly obsNeeded: readonly [Int32Array, Int32Array];
  readonly obsAll: readonly [Int32Array, Int32Array];
}

/**
 * Classifies box inputs by their wires. A projection output is copied into `src`
 * only when something reads it there: a multi-wire input, an input of a Mealy box
 * (gathered from `src` before each of its readout calls), or an outer output.
 */
function gatherPlan(inStart: Int32Array, inSrc: Int32Array, outSrc: Int32Array, obs: readonly (readonly [number, number])[], mealyIn: readonly number[]): GatherPlan {
  const stateOf = new Map(obs);
  const nX = inStart.length - 1;
  const dir: [number, number][] = [];
  const one: [number, number][] = [];
  const multi: number[] = [];
  const read = new Set<number>(outSrc);
  for (const j of mealyIn) for (let k = inStart[j]!; k < inStart[j + 1]!; k++) read.add(inSrc[k]!);
  for (let j = 0; j < nX; j++) {
    const n = inStart[j + 1]! - inStart[j]!;
    const s = inSrc[inStart[j]!]!;
    if (n === 1 && stateOf.has(s)) dir.push([j, stateOf.get(s)!]);
    else if (n === 1) one.push([j, s]);
    else if (n > 1) {
      multi.push(j);
      for (let k = inStart[j]!; k < inStart[j + 1]!; k++) read.add(inSrc[k]!);
    }
  }
  const pairs = (ps: readonly (readonly [number, number])[]): readonly [Int32Array, Int32Array] => [Int32Array.from(ps, (q) => q[0]), Int32Array.from(ps, (q) => q[1])];
  return {
    dirDst: Int32Array.from(dir, (q) => q[0]),
    dirSrc: Int32Array.from(dir, (q) => q[1]),
    allDirect: dir.length === nX,
    oneDst: Int32Array.from(one, (q) => q[0]),
    oneSrc: Int32Array.from(one, (q) => q[1]),
    multi: Int32Array.from(multi),
    obsNeeded: pairs(obs.filter(([dst]) => read.has(dst))),
    obsAll: pairs(obs),
  };
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
  /**
   * Composite state index of each outer output when every outer output is one
   * ungained wire from a projection (`observe`) output, else undefined.
   */
  readonly observe: readonly number[] | undefined;
  private readonly xv: Vec[];
  private readonly yv: Vec[];
  private readonly inStart: Int32Array;
  private readonly inSrc: Int32Array;
  private readonly inWire: Int32Array;
  private readonly outStart: Int32Array;
  private readonly outSrc: Int32Array;
  private readonly outWire: Int32Array;
  private readonly inOff: Int32Array;
  /** Offsets of `[prefix, box 0, box 1, ...]` in the composite state. */
  private readonly stateOff: Int32Array;
  /** Moore boxes that need a readout call (projection boxes are copied from the state instead). */
  private readonly moore: Int32Array;
  /** Mealy readout calls in port-topological order (a box may repeat). */
  private readonly calls: Int32Array;
  /** Runs of consecutive boxes filled by one machine: `runs[r]` fills boxes `[runStart[r], runStart[r + 1])`. */
  private readonly runs: readonly Machine<P>[];
  private readonly runStart: Int32Array;
  /** How box inputs are gathered and which projection outputs are copied into `src`. */
  private readonly plan: GatherPlan;
  private readonly nIn: number;
  private readonly nOut: number;

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
    this.stateOff = stateOff;
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
    const sched = readoutSchedule(d, machines as readonly Machine<unknown>[], where);
    this.calls = sched.calls;
    this.moore = sched.moore.filter((b) => machines[b]!.observe === undefined);
    const obs = machines.flatMap((m, b) => (m.observe ?? []).map((st, o) => [this.nIn + outOff[b]! + o, stateOff[b + 1]! + st] as const));
    const mealyIn = [...new Set(sched.calls)].flatMap((b) => Array.from({ length: d.boxes[b]!.nIn }, (_, i) => this.inOff[b]! + i));
    const starts = machines.flatMap((m, b) => (b === 0 || machines[b - 1] !== m ? [b] : []));
    this.runs = starts.map((b) => machines[b]!);
    this.runStart = Int32Array.from([...starts, machines.length]);
    this.plan = gatherPlan(this.inStart, this.inSrc, this.outSrc, obs, mealyIn);
    this.feedthrough = Object.freeze(compositeFeedthrough(d, machines as readonly Machine<unknown>[]));
    this.observe = this.outerObserve(obs);
  }

  private outerObserve(obs: readonly (readonly [number, number])[]): readonly number[] | undefined {
    const stateOf = new Map(obs);
    const idx: number[] = [];
    for (let o = 0; o < this.nOut; o++) {
      const s = this.outStart[o + 1]! - this.outStart[o]! === 1 ? stateOf.get(this.outSrc[this.outStart[o]!]!) : undefined;
      if (s === undefined) return undefined;
      idx.push(s);
    }
    return Object.freeze(idx);
  }

  /** Box inputs j0 ≤ j < j1 as sums of their (gained) wires; the general path. */
  private gather(j0: number, j1: number, gains: Vec | null): void {
    const { xs, src, inStart, inSrc, inWire } = this;
    for (let j = j0; j < j1; j++) {
      let s = 0;
      if (gains === null) for (let k = inStart[j]!, e = inStart[j + 1]!; k < e; k++) s += src[inSrc[k]!]!;
      else for (let k = inStart[j]!, e = inStart[j + 1]!; k < e; k++) s += gains[inWire[k]!]! * src[inSrc[k]!]!;
      xs[j] = s;
    }
  }

  /** All box inputs. Without gains: single-wire ports are plain indexed copies (from the state for projection sources), unwired ports stay 0. */
  private gatherAll(u: Vec, gains: Vec | null): void {
    if (gains !== null) return this.gather(0, this.xs.length, gains);
    const { xs, src, inStart, inSrc } = this;
    const { dirDst, dirSrc, oneDst, oneSrc, multi } = this.plan;
    if (this.plan.allDirect) {
      for (let j = 0, n = dirSrc.length; j < n; j++) xs[j] = u[dirSrc[j]!]!;
      return;
    }
    for (let k = 0; k < dirDst.length; k++) xs[dirDst[k]!] = u[dirSrc[k]!]!;
    for (let k = 0; k < oneDst.length; k++) xs[oneDst[k]!] = src[oneSrc[k]!]!;
    for (let m = 0; m < multi.length; m++) {
      const j = multi[m]!;
      let s = 0;
      for (let k = inStart[j]!, e = inStart[j + 1]!; k < e; k++) s += src[inSrc[k]!]!;
      xs[j] = s;
    }
  }

  /**
   * All box outputs and then all box inputs, from the current state `u` (views
   * `uv` = `[prefix, box 0, ...]`): outer inputs; projection outputs copied from
   * `u` (those something reads from `src`; all of them under gains, for the adaptive
   * wiring's update); Moore readouts; Mealy readouts in port-topological order, each
   * after gathering its box's inputs (see `schedule.ts`); finally every box input.
   */
  outputs(u: Vec, uv: Vec[], x: Vec, p: P, t: number, gains: Vec | null): void {
    const { src, machines, xv, yv, moore, calls, inOff } = this;
    const [obsDst, obsSrc] = gains === null ? this.plan.obsNeeded : this.plan.obsAll;
    const nIn = this.nIn;
    // A Moore composite may be read out with an empty x: its inputs then count as 0.
    if (x.length >= nIn) for (let i = 0; i < nIn; i++) src[i] = x[i]!;
    else src.fill(0, 0, nIn);
    for (let k = 0; k < obsDst.length; k++) src[obsDst[k]!] = u[obsSrc[k]!]!;
    for (let k = 0; k < moore.length; k++) {
      const b = moore[k]!;
      machines[b]!.readoutInto(uv[b + 1]!, xv[b]!, p, t, yv[b]!);
    }
    for (let k = 0; k < calls.length; k++) {
      const b = calls[k]!;
      this.gather(inOff[b]!, inOff[b + 1]!, gains);
      machines[b]!.readoutInto(uv[b + 1]!, xv[b]!, p, t, yv[b]!);
    }
    this.gatherAll(u, gains);
  }

  /**
   * Next state / derivative of every box into `out` (after {@link outputs}), one
   * run of consecutive boxes filled by the same machine at a time: one `evalRun`
   * call per run when the machine has it, else `evalAt` per box on the whole
   * buffers, else `evalInto` per box on the views `uv` / `ov`.
   */
  evalBoxes(u: Vec, uv: Vec[], out: Vec, ov: Vec[], p: P, t: number): void {
    const { runs, runStart, xs, xv, stateOff, inOff } = this;
    for (let r = 0; r < runs.length; r++) {
      const m = runs[r]!;
      const b0 = runStart[r]!;
      const b1 = runStart[r + 1]!;
      if (m.evalRun !== undefined) {
        m.evalRun(u, stateOff[b0 + 1]!, xs, inOff[b0]!, p, t, out, stateOff[b0 + 1]!, b1 - b0);
      } else if (m.evalAt !== undefined) {
        for (let b = b0; b < b1; b++) m.evalAt(u, stateOff[b + 1]!, xs, inOff[b]!, p, t, out, stateOff[b + 1]!);
      } else {
        for (let b = b0; b < b1; b++) m.evalInto(uv[b + 1]!, xv[b]!, p, t, ov[b + 1]!);
      }
    }
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
