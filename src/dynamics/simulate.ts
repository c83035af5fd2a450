/**
 * Simulation of machines: `simulate` integrates a continuous machine over a time
 * span (Euler, RK4 or adaptive Dormand–Prince RK45, with event detection) and
 * `iterate` runs a discrete one for n steps. Both return a {@link Trajectory}
 * of flat row-major buffers. The stepping loops allocate nothing per step
 * (buffers are swapped, inputs filled in place); only recorded rows and event
 * hits are stored.
 */
import { ArgumentError, NonFiniteError } from '../util/index.js';
import { EventWatcher, type EventSpec } from './events.js';
import { DopriStepper, EulerStepper, Rk4Stepper, type InputAt, type Stepper } from './integrate.js';
import type { Machine, Vec } from './machine.js';
import { Recorder, type EventHit, type Trajectory } from './record.js';
import { checkLength } from './wiring.js';

/** A constant input vector, or x(t): return the inputs or write them into `out` (length nIn). */
export type Input = ArrayLike<number> | ((t: number, out: Vec) => ArrayLike<number> | void);

/** Which samples to keep: every step, only the final state, or every k-th step (plus first and last). */
export type RecordMode = 'all' | 'final' | number;

/** Options of {@link simulate}. */
export interface SimulateOptions<P> {
  /** `[t0, t1]`, t1 > t0, in the machine's time unit. */
  readonly tSpan: readonly [number, number];
  /** Step for 'euler'/'rk4' (required); initial step for 'rk45' (default: estimated). */
  readonly dt?: number;
  /** Integrator (default 'rk45'). */
  readonly method?: 'euler' | 'rk4' | 'rk45';
  /** RK45 relative tolerance (default 1e-6). */
  readonly rtol?: number;
  /** RK45 absolute tolerance (default 1e-9). */
  readonly atol?: number;
  /** RK45 largest step (default t1 − t0). */
  readonly maxStep?: number;
  /** Samples to keep (default 'all'). */
  readonly record?: RecordMode;
  /** Threshold crossings to detect. */
  readonly events?: readonly EventSpec[];
  /** Time tolerance of located events (default 1e-10). */
  readonly eventTol?: number;
  /** Parameters passed to the machine. */
  readonly p?: P;
  /** Safety limit on steps (default 10,000,000). */
  readonly maxSteps?: number;
}

/** Turns an {@link Input} into a function filling one preallocated buffer. */
export function inputSource(where: string, input: Input, nIn: number): InputAt {
  const buf = new Float64Array(nIn);
  if (typeof input !== 'function') {
    checkLength(`${where}.input`, input, nIn, 'constant input has the wrong length');
    buf.set(input);
    return () => buf;
  }
  return (t) => {
    const r = input(t, buf);
    if (r !== undefined && r !== buf) {
      if (r.length !== nIn) checkLength(`${where}.input(${t})`, r, nIn, 'input function returned the wrong length');
      for (let i = 0; i < nIn; i++) buf[i] = r[i]!;
    }
    return buf;
  };
}

function every(record: RecordMode, where: string): number {
  if (record === 'all') return 1;
  if (record === 'final') return 0;
  if (!Number.isInteger(record) || record < 1) throw new ArgumentError(`${where}.record`, { what: 'record every k steps', expected: "'all', 'final' or an integer >= 1", received: record });
  return record;
}

function positive(where: string, key: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new ArgumentError(`${where}.${key}`, { what: 'must be positive and finite', expected: '> 0', received: v });
}

/**
 * Integrates a continuous machine from `u0` over `tSpan`.
 *
 * Fixed-step methods ('euler', 'rk4') take steps of `dt` (the last one shortened
 * to end at t1). 'rk45' is Dormand–Prince 5(4) with FSAL and step-size control on
 * the scaled RMS error (`atol + rtol·max(|u|, |u_new|)`), recording at step ends.
 * The input is sampled at stage times. Events are located by root finding on
 * partial steps to within `eventTol` in time; the event time and state are
 * recorded (with `record: 'all'`) before `onEvent` may reset the state.
 *
 * @param m - a continuous machine.
 * @param u0 - initial state, length `nStates`.
 * @param input - constant inputs (length `nIn`) or x(t).
 * @param options - see {@link SimulateOptions}.
 * @returns the trajectory: `t [nT]`, `u [nT, nStates]`, `y [nT, nOut]` (flat, row-major).
 * @example
 * const decay = continuousMachine({ nIn: 0, nOut: 1, nStates: 1, dynamics: (u) => [-u[0]!], readout: (u) => [u[0]!] });
 * const tr = simulate(decay, [1], [], { tSpan: [0, 1], method: 'rk45', rtol: 1e-8 });
 * stateAt(tr, -1)[0]; // ≈ Math.exp(-1)
 */
export function simulate<P = unknown>(m: Machine<P>, u0: ArrayLike<number>, input: Input, options: SimulateOptions<P>): Trajectory {
  const where = 'simulate(m, u0, input, options)';
  if (m.kind !== 'continuous') throw new ArgumentError(`${where}.m`, { what: `${m.name ?? 'machine'} is discrete; use iterate()`, expected: 'continuous', received: m.kind });
  checkLength(`${where}.u0`, u0, m.nStates);
  const [t0, t1] = options.tSpan;
  if (!(t1 > t0) || !Number.isFinite(t0) || !Number.isFinite(t1)) throw new ArgumentError(`${where}.tSpan`, { what: 'need finite t0 < t1', expected: '[t0, t1]', received: options.tSpan });
  const method = options.method ?? 'rk45';
  const p = options.p as P;
  const x = inputSource(where, input, m.nIn);
  const k = every(options.record ?? 'all', where);
  const rtol = options.rtol ?? 1e-6;
  const atol = options.atol ?? 1e-9;
  const stepper: Stepper<P> =
    method === 'euler' ? new EulerStepper(m, p, x) : method === 'rk4' ? new Rk4Stepper(m, p, x) : new DopriStepper(m, p, x, rtol, atol);
  if (method !== 'rk45') {
    if (options.dt === undefined) throw new ArgumentError(`${where}.dt`, { what: `method '${method}' needs a step`, expected: 'dt > 0', received: undefined });
    positive(where, 'dt', options.dt);
  }
  const run = new Run(m, p, x, stepper, k, options, where);
  return method === 'rk45' ? run.adaptive(stepper as DopriStepper<P>, u0, t0, t1, options) : run.fixed(u0, t0, t1, options.dt!);
}

/** One simulation: buffers, recording and event handling shared by the fixed and adaptive loops. */
class Run<P> {
  u: Vec;
  un: Vec;
  private readonly y: Vec;
  private readonly rec: Recorder;
  private readonly watcher: EventWatcher<P> | null;
  readonly hits: EventHit[] = [];
  stopped = false;
  steps = 0;
  rejected = 0;
  private lastRecordedT = Number.NaN;
  private readonly maxSteps: number;

  constructor(
    private readonly m: Machine<P>,
    private readonly p: P,
    private readonly x: InputAt,
    private readonly stepper: Stepper<P>,
    private readonly k: number,
    o: SimulateOptions<P>,
    private readonly where: string,
  ) {
    const n = m.nStates;
    this.u = new Float64Array(n);
    this.un = new Float64Array(n);
    this.y = new Float64Array(m.nOut);
    const span = o.tSpan[1] - o.tSpan[0];
    const cap = k === 0 ? 1 : o.dt !== undefined && o.method !== 'rk45' ? Math.ceil(span / o.dt / k) + 2 : 256;
    this.rec = new Recorder(n, m.nOut, cap);
    this.watcher = o.events && o.events.length > 0 ? new EventWatcher(o.events, n, o.eventTol ?? 1e-10, where) : null;
    this.maxSteps = o.maxSteps ?? 10_000_000;
  }

  record(t: number): void {
    if (t === this.lastRecordedT) return;
    this.m.readoutInto(this.u, this.x(t), this.p, t, this.y);
    this.rec.push(t, this.u, this.y);
    this.lastRecordedT = t;
  }

  /** Accepts un as the new state at time t (swaps buffers). */
  advance(t: number): void {
    const s = this.u;
    this.u = this.un;
    this.un = s;
    this.steps++;
    if (this.k > 0 && this.steps % this.k === 0) this.record(t);
    if (this.steps > this.maxSteps) throw new ArgumentError(`${this.where}.maxSteps`, { what: 'too many steps', expected: `<= ${this.maxSteps}`, received: this.steps });
  }

  /** Checks the step u(t) → un(t + h) for events; if one fired, handles it and returns its time, else NaN. */
  events(t: number, h: number): number {
    const w = this.watcher;
    if (w === null) return Number.NaN;
    const best = w.earliest(this.stepper, this.u, t, h, this.un);
    if (best < 0) return Number.NaN;
    const tHit = t + best * h;
    this.u.set(w.uHit);
    if (this.k === 1) this.record(tHit);
    for (const e of w.firedAt(best, h)) {
      this.hits.push({ index: e, t: tHit, u: Float64Array.from(this.u) });
      if (w.specs[e]!.onEvent?.(this.u, tHit) === 'stop') this.stopped = true;
    }
    this.stepper.reset();
    w.prime(this.u, tHit);
    return tHit;
  }

  start(u0: ArrayLike<number>, t0: number): void {
    this.u.set(u0);
    if (this.k > 0) this.record(t0);
    this.watcher?.prime(this.u, t0);
  }

  finish(t: number): Trajectory {
    this.lastRecordedT = this.k === 0 ? Number.NaN : this.lastRecordedT;
    this.record(t);
    return this.rec.finish(this.hits, this.stopped ? 'stopped' : 'done', this.steps, this.rejected);
  }

  fixed(u0: ArrayLike<number>, t0: number, t1: number, dt: number): Trajectory {
    this.start(u0, t0);
    const nGrid = Math.max(1, Math.ceil((t1 - t0) / dt - 1e-9));
    let t = t0;
    for (let g = 0; g < nGrid && !this.stopped; ) {
      const tTarget = g + 1 === nGrid ? t1 : t0 + (g + 1) * dt;
      const h = tTarget - t;
      this.stepper.step(this.u, t, h, this.un);
      const tHit = this.events(t, h);
      if (!Number.isNaN(tHit)) {
        t = tHit;
        continue;
      }
      t = tTarget;
      g++;
      this.advance(t);
    }
    return this.finish(t);
  }

  adaptive(st: DopriStepper<P>, u0: ArrayLike<number>, t0: number, t1: number, o: SimulateOptions<P>): Trajectory {
    this.start(u0, t0);
    const maxStep = o.maxStep ?? t1 - t0;
    positive(this.where, 'maxStep', maxStep);
    let h = o.dt ?? st.initialStep(this.u, t0, maxStep);
    let t = t0;
    let lastRejected = false;
    while (t1 - t > 1e-12 * Math.max(1, Math.abs(t1)) && !this.stopped) {
      h = Math.min(h, maxStep);
      if (t + h > t1 || t1 - (t + h) < 1e-12 * Math.max(1, Math.abs(t1))) h = t1 - t;
      st.step(this.u, t, h, this.un);
      const err = st.lastError;
      if (!Number.isFinite(err)) throw new NonFiniteError(this.where, { what: `error estimate is not finite at t = ${t}`, received: err });
      if (err > 1) {
        this.rejected++;
        lastRejected = true;
        h *= Math.max(0.2, 0.9 * Math.pow(err, -0.2));
        if (h < 1e-14 * Math.max(1, Math.abs(t))) throw new NonFiniteError(this.where, { what: `step size underflow at t = ${t}`, received: h });
        continue;
      }
      const tHit = this.events(t, h);
      if (!Number.isNaN(tHit)) {
        t = tHit;
        continue;
      }
      t += h;
      st.accept(this.un, t);
      this.advance(t);
      let fac = err === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * Math.pow(err, -0.2)));
      if (lastRejected) fac = Math.min(fac, 1);
      lastRejected = false;
      h *= fac;
    }
    return this.finish(t);
  }
}

/**
 * Runs a discrete machine for `nSteps` synchronous updates: every box of a
 * composite reads out from the current state first, then all update together.
 * Step n runs at time t0 + n.
 * @param m - a discrete machine.
 * @param u0 - initial state, length `nStates`.
 * @param input - constant inputs or x(t) (t = t0 + n).
 * @param nSteps - number of updates (≥ 0).
 * @param options - `p` (parameters), `t0` (default 0), `record` (default 'all').
 * @returns `t [nT]`, `u [nT, nStates]`, `y [nT, nOut]`; with 'all', nT = nSteps + 1 and row n is u_n.
 * @example
 * const counter = discreteMachine({ nIn: 1, nOut: 1, nStates: 1, update: (u, x) => [u[0]! + x[0]!], readout: (u) => [u[0]!] });
 * iterate(counter, [0], [1], 3).u; // Float64Array [0, 1, 2, 3]
 */
export function iterate<P = unknown>(
  m: Machine<P>,
  u0: ArrayLike<number>,
  input: Input,
  nSteps: number,
  options: { readonly p?: P; readonly t0?: number; readonly record?: RecordMode } = {},
): Trajectory {
  const where = 'iterate(m, u0, input, nSteps)';
  if (m.kind !== 'discrete') throw new ArgumentError(`${where}.m`, { what: `${m.name ?? 'machine'} is continuous; use simulate() or eulerApprox()`, expected: 'discrete', received: m.kind });
  checkLength(`${where}.u0`, u0, m.nStates);
  if (!Number.isInteger(nSteps) || nSteps < 0) throw new ArgumentError(`${where}.nSteps`, { what: 'not a step count', expected: 'an integer >= 0', received: nSteps });
  const p = options.p as P;
  const x = inputSource(where, input, m.nIn);
  const t0 = options.t0 ?? 0;
  const k = every(options.record ?? 'all', where);
  let u = Float64Array.from(u0);
  let un = new Float64Array(m.nStates);
  const y = new Float64Array(m.nOut);
  const rec = new Recorder(m.nStates, m.nOut, k === 0 ? 1 : Math.ceil(nSteps / k) + 2);
  const push = (t: number): void => {
    m.readoutInto(u, x(t), p, t, y);
    rec.push(t, u, y);
  };
  if (k > 0) push(t0);
  for (let n = 0; n < nSteps; n++) {
    const t = t0 + n;
    m.evalInto(u, x(t), p, t, un);
    const prev = u;
    u = un;
    un = prev;
    if ((k > 0 && (n + 1) % k === 0) || (n + 1 === nSteps && (k === 0 || (n + 1) % k !== 0))) push(t + 1);
  }
  if (nSteps === 0 && k === 0) push(t0);
  return rec.finish([], 'done', nSteps, 0);
}
