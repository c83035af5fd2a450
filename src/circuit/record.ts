/**
 * Recording during a transient run: the `.print` traces (JoSIM labels, SI
 * units) and an online fluxon counter — a 2π slip of junction phase φ is
 * counted when ⌊(φ + π)/2π⌋ changes, i.e. when φ crosses π (mod 2π), the top
 * of the Josephson potential barrier.
 */
import { NonFiniteError } from '../util/index.js';
import type { FlatCircuit } from './elaborate.js';
import { qpCurrent } from './junction.js';
import { CURRENT_SCALE, type Mna } from './mna.js';
import { waveformAt } from './waveform.js';

/** One recorded quantity. */
export interface Trace {
  /** JoSIM-style label, e.g. `P(B01)`, `V(3)`, `I(L1)`. */
  readonly label: string;
  readonly unit: 'V' | 'A' | 'rad';
  readonly values: Float64Array;
}

/** 2π phase slips of one junction. */
export interface FluxonRecord {
  /** Hierarchical junction name (lower-case), e.g. `b01|x1`. */
  readonly junction: string;
  /** Net number of slips (forward minus backward). */
  readonly count: number;
  /** Times (s) of forward (+2π) slips. */
  readonly timesS: readonly number[];
  /** Times (s) of backward (−2π) slips. */
  readonly reverseTimesS: readonly number[];
}

type Sampler = (t: number, x: Float64Array, phi: Float64Array, v: Float64Array, hv: Float64Array, al: number) => number;

function devSampler(c: FlatCircuit, m: Mna, name: string, kind: 'devv' | 'devi' | 'phase'): Sampler {
  const S = CURRENT_SCALE;
  const jIdx = m.jjs.findIndex((j) => j.name === name);
  const all = [...m.res, ...m.caps, ...m.jjs, ...m.inds, ...m.vsrc, ...m.isrc];
  const d = all.find((e) => e.name === name)!;
  const { p, q } = d;
  if (kind === 'devv') return (_t, _x, _phi, v) => v[p]! - v[q]!;
  if (kind === 'phase') return (_t, _x, phi) => phi[p]! - phi[q]!;
  const type = c.elements.find((e) => e.name === name)!.type;
  if (type === 'R') return (_t, _x, _phi, v) => (v[p]! - v[q]!) / (d as (typeof m.res)[number]).rOhm;
  if (type === 'C') return (_t, _x, _phi, v, hv, al) => (d as (typeof m.caps)[number]).cF * (al * (v[p]! - v[q]!) - hv[p]! + hv[q]!);
  if (type === 'L' || type === 'V' || type === 'P') return (_t, x) => x[(d as (typeof m.inds)[number]).k]! / S;
  if (type === 'I') return (t) => waveformAt((d as (typeof m.isrc)[number]).wave, t);
  const j = m.jjs[jIdx]!;
  return (_t, _x, phi, v, hv, al) => {
    const vv = v[p]! - v[q]!;
    return j.jj.icA * Math.sin(phi[p]! - phi[q]!) + qpCurrent(j.qp, vv) + j.jj.capF * (al * vv - hv[p]! + hv[q]!);
  };
}

/**
 * Where streamed samples go instead of memory (see `TransientOptions.sink`). `begin` is called
 * before an attempt's first sample; a second call means the solver restarted at a smaller step.
 */
export interface SampleSink {
  begin(labels: readonly string[], dtS: number): void;
  /** One output row: `values[k]` belongs to `labels[k]`; the array is reused for the next row. */
  sample(tS: number, values: Float64Array): void;
}

/** The recorder of one run (internal to the transient loop). */
export interface Recorder {
  sample(t: number, x: Float64Array, phi: Float64Array, v: Float64Array, phi0: Float64Array, v0: Float64Array, regions: Uint8Array, h: number, hv?: Float64Array): void;
  fluxons(t: number, phi: Float64Array): void;
  finish(): { timeS: Float64Array; traces: Trace[]; fluxons: FluxonRecord[] };
}

/** More 2π slips than this in one time step is divergence, not physics. */
const MAX_SLIPS_PER_STEP = 1000;

/**
 * Builds the recorder for the circuit's `.print`s (and optionally every junction phase).
 * @param capacity samples to allocate for (ignored with a sink: nothing is held).
 * @param sink receives every sample instead of memory.
 */
export function makeRecorder(c: FlatCircuit, m: Mna, junctions: boolean, capacity: number, sink?: SampleSink, dtS = 0): Recorder {
  const N = m.nNodes;
  const nodeIdx = new Map(m.nodeNames.map((nm, i) => [nm, i]));
  const ni = (nm: string): number => (nm === '0' ? N : nodeIdx.get(nm)!);
  const cols: { label: string; unit: Trace['unit']; f: Sampler }[] = c.prints.map((pr) => {
    if (pr.device !== undefined) {
      const kind = pr.kind as 'devv' | 'devi' | 'phase';
      return { label: pr.label, unit: kind === 'devv' ? 'V' : kind === 'devi' ? 'A' : 'rad', f: devSampler(c, m, pr.device, kind) };
    }
    const [a, b] = [ni(pr.nodes![0]), ni(pr.nodes![1])];
    const f: Sampler = pr.kind === 'nodev' ? (_t, _x, _phi, v) => v[a]! - v[b]! : (_t, _x, phi) => phi[a]! - phi[b]!;
    return { label: pr.label, unit: pr.kind === 'nodev' ? 'V' : 'rad', f };
  });
  if (junctions) for (const j of m.jjs) cols.push({ label: `P(${j.name})`, unit: 'rad', f: devSampler(c, m, j.name, 'phase') });
  let len = 0;
  const held = sink ? 0 : capacity;
  let time: Float64Array = new Float64Array(held);
  let data: Float64Array[] = cols.map(() => new Float64Array(held));
  const row = new Float64Array(cols.length);
  sink?.begin(cols.map((col) => col.label), dtS);
  const level = new Int32Array(m.jjs.length);
  const jP = Int32Array.from(m.jjs, (j) => j.p), jQ = Int32Array.from(m.jjs, (j) => j.q);
  const fwd: number[][] = m.jjs.map(() => []);
  const back: number[][] = m.jjs.map(() => []);
  const zeros = new Float64Array(N + 1);
  return {
    sample(t, x, phi, v, _phi0, _v0, _regions, h, hv = zeros) {
      if (sink) {
        for (let k = 0; k < cols.length; k++) row[k] = cols[k]!.f(t, x, phi, v, hv, 3 / (2 * h));
        sink.sample(t, row);
        return;
      }
      if (len === time.length) {
        const grow = (a: Float64Array): Float64Array => {
          const b = new Float64Array(a.length * 2 + 1);
          b.set(a);
          return b;
        };
        time = grow(time);
        data = data.map(grow);
      }
      time[len] = t;
      for (let k = 0; k < cols.length; k++) data[k]![len] = cols[k]!.f(t, x, phi, v, hv, 3 / (2 * h));
      len++;
    },
    fluxons(t, phi) {
      for (let i = 0; i < jP.length; i++) {
        const lv = Math.floor((phi[jP[i]!]! - phi[jQ[i]!]! + Math.PI) / (2 * Math.PI));
        // A real junction slips at most a few times per step: thousands mean the phase diverged.
        if (!(Math.abs(lv - level[i]!) <= MAX_SLIPS_PER_STEP)) {
          throw new NonFiniteError(`circuit transient at t = ${t} s`, { what: `the phase of junction ${m.jjs[i]!.name} diverged (check its model and area > 0)`, expected: `at most ${MAX_SLIPS_PER_STEP} 2π slips in one step`, received: lv - level[i]! });
        }
        for (; lv > level[i]!; level[i] = level[i]! + 1) fwd[i]!.push(t);
        for (; lv < level[i]!; level[i] = level[i]! - 1) back[i]!.push(t);
      }
    },
    finish() {
      return {
        timeS: time.slice(0, len),
        traces: cols.map((col, k) => ({ label: col.label, unit: col.unit, values: data[k]!.slice(0, len) })),
        fluxons: m.jjs.map((j, i) => ({ junction: j.name, count: level[i]!, timesS: fwd[i]!, reverseTimesS: back[i]! })),
      };
    },
  };
}

