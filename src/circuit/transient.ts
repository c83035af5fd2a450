/**
 * Fixed-step transient analysis (JoSIM's method): BDF2, no Newton iteration —
 * sin φ is taken at the predicted junction phase
 *   φ⁰ = (4/3)φ_{n−1} − (1/3)φ_{n−2} + κ·(2h/3)·v⁰,  v⁰ = (5/2)V_{n−1} − 2V_{n−2} + (1/2)V_{n−3},
 * the quasiparticle region is chosen from v⁰, and the LU factors are reused
 * until a region changes. When |φ⁰ − φ_{n−1}| exceeds the guard after the
 * first 1 % of steps the whole run restarts at h/2. Johnson noise: a current
 * source across every resistor and junction (σ = √(4kT/R)·√(neb/2), one sample
 * per 1/neb, linearly interpolated), each from its own seeded stream.
 */
import { ArgumentError, LimitError, NeuroError, NonFiniteError, type Rng } from '../util/index.js';
import type { FlatCircuit } from './elaborate.js';
import { KAPPA } from './junction.js';
import { luFactor, luRefactor, luSolve, MAX_LU_NONZEROS, rcmOrder, type LuFactors } from './lu.js';
import { assemble, CURRENT_SCALE, indexCircuit, johnsonSigmaA, setRegions, type Mna } from './mna.js';
import { makeRecorder, type FluxonRecord, type SampleSink, type Trace } from './record.js';
import { waveformAt, type Waveform } from './waveform.js';

/** Options of {@link transient}. */
export interface TransientOptions {
  readonly dtS: number;
  readonly stopS: number;
  /** Record from this time on (s). */
  readonly startS: number;
  /** Record every this many seconds (rounded to whole steps). */
  readonly printStepS: number;
  /** Noise temperature (K); 0 = noiseless. Per-device `temp=` overrides it. */
  readonly tempK: number;
  readonly nebHz: number;
  /** Noise streams are folded from this by element name. Required when any temperature is > 0. */
  readonly rng?: Rng;
  /** Predictor guard (rad): restart at h/2 beyond it. */
  readonly restartJumpRad: number;
  readonly maxRestarts: number;
  /** Fraction of steps at the start where the guard is not checked. */
  readonly warmupFraction: number;
  /** Record every junction's phase as a trace `P(name)` (besides `.print`s). */
  readonly recordJunctions: boolean;
  /** Most time steps one attempt may take (default {@link MAX_STEPS}). */
  readonly maxSteps?: number;
  /** Most recorded values (samples × traces) held in memory (default {@link MAX_RECORDED}). */
  readonly maxRecorded?: number;
  /** Keep every this many print steps (decimation; default 1). */
  readonly every?: number;
  /** Streams samples here instead of holding them: `traces` come back empty and `maxRecorded` does not apply. */
  readonly sink?: SampleSink;
  /** Most nonzeros of the LU factors (default {@link MAX_LU_NONZEROS}). */
  readonly maxLuNonzeros?: number;
  /** `dense`: the O(n³) reference factorisation at every region change, no refactorisation (tests). */
  readonly solver?: 'sparse' | 'dense';
}

/** Default cap on time steps: 10⁷ (about a minute per thousand-node circuit). */
export const MAX_STEPS = 10_000_000;

/** Default cap on recorded values: 2·10⁷ doubles (160 MB). */
export const MAX_RECORDED = 20_000_000;

/** Checks `.tran`-like times before anything is allocated. */
function checkTimes(o: TransientOptions): void {
  const where = 'circuit transient (.tran)';
  const positive = (name: string, v: number): void => {
    if (!Number.isFinite(v) || v <= 0) throw new ArgumentError(where, { what: `${name} is not a positive time`, expected: 'a finite time > 0', received: v });
  };
  positive('the step', o.dtS);
  positive('the stop time', o.stopS);
  positive('the print step', o.printStepS);
  if (o.every !== undefined && !(Number.isSafeInteger(o.every) && o.every >= 1)) throw new ArgumentError(where, { what: 'the decimation `every` is not a positive integer', expected: 'an integer ≥ 1', received: o.every });
  if (!Number.isFinite(o.startS) || o.startS < 0 || o.startS > o.stopS) {
    throw new ArgumentError(where, { what: 'the start time is outside [0, stop]', expected: `0 ≤ start ≤ ${o.stopS} s`, received: o.startS });
  }
}

/** A finished transient run. */
export interface SimResult {
  /** The step actually used (s), after any restarts. */
  readonly dtS: number;
  readonly steps: number;
  readonly restarts: number;
  /** LU factorisations (1 + junction region changes). */
  readonly factorizations: number;
  readonly timeS: Float64Array;
  readonly traces: readonly Trace[];
  /** 2π phase slips per junction, with times. */
  readonly fluxons: readonly FluxonRecord[];
  /** Energy dissipated in resistors and junction quasiparticle branches over the run (J). */
  readonly dissipatedJ: number;
}

interface Noise {
  readonly p: number;
  readonly q: number;
  readonly sigmaA: number;
  readonly rng: Rng;
  k: number;
  a: number;
  b: number;
}

function noiseSources(m: Mna, o: TransientOptions): Noise[] {
  const list: Noise[] = [];
  const add = (name: string, p: number, q: number, rOhm: number, t: number | undefined): void => {
    const tempK = t ?? o.tempK;
    if (!(tempK > 0)) return;
    if (!o.rng) throw new NeuroError('invalid_argument', 'circuit.transient', { what: 'thermal noise needs a seeded rng', expected: 'options.rng', received: 'undefined' });
    const rng = o.rng.fold(name);
    const sigmaA = johnsonSigmaA(tempK, rOhm, o.nebHz);
    list.push({ p, q, sigmaA, rng, k: 0, a: sigmaA * rng.normal(), b: sigmaA * rng.normal() });
  };
  for (const r of m.res) add(r.name, r.p, r.q, r.rOhm, r.tempK);
  // The junction's resistive branch: its subgap resistance R0 (where SFQ junctions sit).
  for (const j of m.jjs) if (j.jj.rtype === 1) add(j.name, j.p, j.q, j.jj.r0Ohm, j.tempK);
  return list;
}

class Restart {}

function runOnce(c: FlatCircuit, m: Mna, o: TransientOptions, h: number): SimResult | Restart {
  const N = m.nNodes;
  const n = m.nUnknowns;
  const S = CURRENT_SCALE;
  const K = KAPPA; // a local: imported bindings are live getters under some loaders, slow in the step loop
  const nJ = m.jjs.length;
  const jP = Int32Array.from(m.jjs, (j) => j.p), jQ = Int32Array.from(m.jjs, (j) => j.q);
  const jIc = Float64Array.from(m.jjs, (j) => j.jj.icA), jC = Float64Array.from(m.jjs, (j) => j.jj.capF);
  // Current sources as flat arrays, each pointing at its waveform among the distinct ones: a bias
  // network of thousands of identical sources evaluates one waveform per step.
  const iP = Int32Array.from(m.isrc, (s) => s.p), iQ = Int32Array.from(m.isrc, (s) => s.q);
  const waveKey = new Map<string, number>();
  const waves: Waveform[] = [];
  const iW = Int32Array.from(m.isrc, (s) => {
    const key = JSON.stringify(s.wave);
    if (!waveKey.has(key)) waveKey.set(key, waves.push(s.wave) - 1);
    return waveKey.get(key)!;
  });
  const waveNow = new Float64Array(waves.length);
  // The quasiparticle branches as flat arrays (region edges; 3 conductances and offsets each): the
  // step loop then touches no per-junction objects, which dominated large circuits.
  const jV1 = Float64Array.from(m.jjs, (j) => j.qp.v1), jV2 = Float64Array.from(m.jjs, (j) => j.qp.v2);
  const jG = Float64Array.from(m.jjs.flatMap((j) => j.qp.g)), jCo = Float64Array.from(m.jjs.flatMap((j) => j.qp.c));
  /** `qpRegion` on the flat arrays: 0 subgap, 1 gap, 2 normal, for |v| against junction i's edges. */
  const region = (i: number, av: number): number => (av < jV1[i]! ? 0 : av < jV2[i]! ? 1 : 2);
  const rP = Int32Array.from(m.res, (r) => r.p), rQ = Int32Array.from(m.res, (r) => r.q), rG = Float64Array.from(m.res, (r) => 1 / r.rOhm);
  const inject = (p: number, q: number, iA: number): void => {
    if (p < N) b[p] = b[p]! - S * iA;
    if (q < N) b[q] = b[q]! + S * iA;
  };
  const al = 3 / (2 * h);
  const steps = Math.round(o.stopS / h);
  const maxSteps = o.maxSteps ?? MAX_STEPS;
  if (!(steps <= maxSteps)) throw new LimitError('circuit transient', { what: `stop / step = ${o.stopS} s / ${h} s time steps`, limit: maxSteps, requested: steps, raise: 'maxSteps (CLI: --max-steps N) or a larger .tran step' });
  const warm = Math.ceil(o.warmupFraction * steps);
  const regions = new Uint8Array(m.jjs.length);
  const mat = assemble(m, h);
  setRegions(mat, m, regions);
  const order = rcmOrder(mat.csc);
  const factor = (): LuFactors => luFactor(mat.csc, order, o.solver ?? 'sparse', o.maxLuNonzeros ?? MAX_LU_NONZEROS);
  let lu = factor();
  let factorizations = 1;
  const phi1 = new Float64Array(N + 1), phi2 = new Float64Array(N + 1);
  const v1 = new Float64Array(N + 1), v2 = new Float64Array(N + 1), v3 = new Float64Array(N + 1);
  const hphi = new Float64Array(N + 1), hv = new Float64Array(N + 1);
  const phi0 = new Float64Array(m.jjs.length), v0 = new Float64Array(m.jjs.length);
  const b = new Float64Array(n), x = new Float64Array(n);
  const noise = noiseSources(m, o);
  const every = Math.max(1, Math.round(o.printStepS / h)) * (o.every ?? 1);
  const samples = Math.floor((steps - Math.ceil(o.startS / h)) / every) + 2;
  const traces = c.prints.length + (o.recordJunctions ? m.jjs.length : 0) + 1;
  const maxRecorded = o.maxRecorded ?? MAX_RECORDED;
  if (!o.sink && samples * traces > maxRecorded) {
    throw new LimitError('circuit transient', { what: `${samples} samples × ${traces} traces (with time) to record`, limit: maxRecorded, requested: samples * traces, raise: 'maxRecorded (CLI: --max-samples N), decimation (every; CLI: --every N), streaming (sink; CLI: --stream), a larger .tran print step, or fewer .print lines' });
  }
  const rec = makeRecorder(c, m, o.recordJunctions, samples, o.sink, h);
  rec.sample(0, x, phi1, v1, phi0, v0, regions, h);
  let dissipated = 0;
  for (let step = 1; step <= steps; step++) {
    const t = step * h;
    for (let i = 0; i < N; i++) {
      hphi[i] = (4 * phi1[i]! - phi2[i]!) / (2 * h);
      hv[i] = (4 * v1[i]! - v2[i]!) / (2 * h);
    }
    let dirty = false;
    for (let i = 0; i < nJ; i++) {
      const p = jP[i]!, q = jQ[i]!;
      const vp = 2.5 * (v1[p]! - v1[q]!) - 2 * (v2[p]! - v2[q]!) + 0.5 * (v3[p]! - v3[q]!);
      const pPrev = phi1[p]! - phi1[q]!;
      const pr = (4 * pPrev - (phi2[p]! - phi2[q]!)) / 3 + ((2 * h) / 3) * K * vp;
      if (step > warm && Math.abs(pr - pPrev) > o.restartJumpRad) return new Restart();
      v0[i] = vp;
      phi0[i] = pr;
      const r = region(i, Math.abs(vp));
      if (r !== regions[i]) {
        regions[i] = r;
        dirty = true;
      }
    }
    if (dirty) {
      setRegions(mat, m, regions);
      if (!luRefactor(lu, mat.csc)) lu = factor();
      factorizations++;
    }
    b.fill(0);
    for (let i = 0; i < rP.length; i++) inject(rQ[i]!, rP[i]!, ((hphi[rP[i]!]! - hphi[rQ[i]!]!) * rG[i]!) / K);
    for (const cap of m.caps) inject(cap.q, cap.p, cap.cF * ((al * (hphi[cap.p]! - hphi[cap.q]!)) / K + hv[cap.p]! - hv[cap.q]!));
    for (let i = 0; i < nJ; i++) {
      const p = jP[i]!, q = jQ[i]!;
      const r = 3 * i + regions[i]!;
      const hp = hphi[p]! - hphi[q]!;
      const hist = (jG[r]! * hp) / K + jC[i]! * ((al * hp) / K + hv[p]! - hv[q]!);
      inject(q, p, hist - jIc[i]! * Math.sin(phi0[i]!) - Math.sign(v0[i]!) * jCo[r]!);
    }
    for (let w = 0; w < waves.length; w++) waveNow[w] = waveformAt(waves[w]!, t);
    for (let i = 0; i < iP.length; i++) inject(iP[i]!, iQ[i]!, waveNow[iW[i]!]!);
    for (const v of m.vsrc) b[v.k] = v.phase ? waveformAt(v.wave, t) : (K * waveformAt(v.wave, t) + hphi[v.p]! - hphi[v.q]!) / al;
    if (noise.length) {
      const kt = t * o.nebHz;
      for (const s of noise) {
        while (s.k + 1 <= kt) {
          s.k++;
          s.a = s.b;
          s.b = s.sigmaA * s.rng.normal();
        }
        inject(s.p, s.q, s.a + (s.b - s.a) * (kt - s.k));
      }
    }
    luSolve(lu, b, x);
    for (let i = 0; i < N; i++) {
      if (!Number.isFinite(x[i]!)) {
        throw new NonFiniteError(`circuit transient at t = ${t} s`, { what: `the phase of node ${m.nodeNames[i]} diverged (check element values: R, C, L, Ic > 0, area > 0)`, expected: 'a finite phase', received: x[i] });
      }
    }
    for (let i = 0; i < N; i++) {
      phi2[i] = phi1[i]!;
      phi1[i] = x[i]!;
      v3[i] = v2[i]!;
      v2[i] = v1[i]!;
      v1[i] = (al * x[i]! - hphi[i]!) / K;
    }
    for (let i = 0; i < rP.length; i++) {
      const v = v1[rP[i]!]! - v1[rQ[i]!]!;
      dissipated += h * v * v * rG[i]!;
    }
    for (let i = 0; i < nJ; i++) {
      const v = v1[jP[i]!]! - v1[jQ[i]!]!;
      const av = Math.abs(v);
      const r = 3 * i + region(i, av);
      dissipated += h * av * (jG[r]! * av + jCo[r]!); // v · I_qp(v), I_qp = sign(v)·(G·|v| + c)
    }
    rec.fluxons(t, phi1);
    if (t >= o.startS - h / 2 && step % every === 0) rec.sample(t, x, phi1, v1, phi0, v0, regions, h, hv);
  }
  return { dtS: h, steps, restarts: 0, factorizations, dissipatedJ: dissipated, ...rec.finish() };
}

/**
 * Runs a transient analysis of a flat circuit.
 * @returns the recorded traces, fluxon counts, the step used and restart count.
 * @throws NeuroError (`non_finite`) when even after `maxRestarts` halvings the predictor guard trips.
 * @example
 * const res = transient(elaborate(parseNetlist(text)), { ...opts });
 */
export function transient(c: FlatCircuit, o: TransientOptions): SimResult {
  checkTimes(o);
  const m = indexCircuit(c);
  let h = o.dtS;
  for (let r = 0; r <= o.maxRestarts; r++, h /= 2) {
    const res = runOnce(c, m, o, h);
    if (!(res instanceof Restart)) return { ...res, restarts: r };
  }
  throw new NeuroError('non_finite', 'circuit.transient', { what: 'the junction-phase predictor kept jumping after halving the step', expected: `|φ⁰ − φ| <= ${o.restartJumpRad.toFixed(3)} rad with h >= ${h * 2} s`, received: `${o.maxRestarts} restarts` });
}
