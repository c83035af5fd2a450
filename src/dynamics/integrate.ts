/**
 * One-step integrators for continuous machines (explicit Euler, classical RK4,
 * Dormand–Prince 5(4)) with preallocated stage buffers, and the discretisations
 * `eulerApprox` / `rk4Approx` that turn a continuous machine into a discrete one
 * (AlgebraicDynamics `euler_approx`). The input is held constant over a step in
 * the discretisations; `simulate` samples it at the stage times instead.
 */
import { ArgumentError } from '../util/index.js';
import type { Machine, Vec } from './machine.js';

/** Fills and returns the input vector at time t (a constant or a sampled function). */
export type InputAt = (t: number) => Vec;

/** A one-step method: writes u(t + h) into `out` (never aliasing `u`). */
export interface Stepper<P> {
  /** Parameters passed to the machine (may be changed between steps). */
  p: P;
  step(u: Vec, t: number, h: number, out: Vec): void;
  /** Drops cached derivative data (after the state was changed from outside). */
  reset(): void;
}

/** Explicit Euler: u + h f(u, x(t), t). */
export class EulerStepper<P> implements Stepper<P> {
  private readonly k: Vec;
  constructor(private readonly m: Machine<P>, public p: P, private readonly x: InputAt) {
    this.k = new Float64Array(m.nStates);
  }
  step(u: Vec, t: number, h: number, out: Vec): void {
    const k = this.k;
    this.m.evalInto(u, this.x(t), this.p, t, k);
    for (let i = 0; i < u.length; i++) out[i] = u[i]! + h * k[i]!;
  }
  reset(): void {}
}

/** Classical 4th-order Runge–Kutta. */
export class Rk4Stepper<P> implements Stepper<P> {
  private readonly k1: Vec;
  private readonly k2: Vec;
  private readonly k3: Vec;
  private readonly k4: Vec;
  private readonly tmp: Vec;
  constructor(private readonly m: Machine<P>, public p: P, private readonly x: InputAt) {
    const n = m.nStates;
    [this.k1, this.k2, this.k3, this.k4, this.tmp] = [0, 1, 2, 3, 4].map(() => new Float64Array(n)) as [Vec, Vec, Vec, Vec, Vec];
  }
  step(u: Vec, t: number, h: number, out: Vec): void {
    const { m, p, k1, k2, k3, k4, tmp } = this;
    const n = u.length;
    const th = t + h / 2;
    m.evalInto(u, this.x(t), p, t, k1);
    for (let i = 0; i < n; i++) tmp[i] = u[i]! + (h / 2) * k1[i]!;
    m.evalInto(tmp, this.x(th), p, th, k2);
    for (let i = 0; i < n; i++) tmp[i] = u[i]! + (h / 2) * k2[i]!;
    m.evalInto(tmp, this.x(th), p, th, k3);
    for (let i = 0; i < n; i++) tmp[i] = u[i]! + h * k3[i]!;
    m.evalInto(tmp, this.x(t + h), p, t + h, k4);
    for (let i = 0; i < n; i++) out[i] = u[i]! + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
  }
  reset(): void {}
}

// Dormand–Prince 5(4) tableau (Dormand & Prince 1980; Hairer, Nørsett & Wanner, Table II.5.2).
const C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1];
const A: readonly (readonly number[])[] = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
];
/** 5th-order weights minus the embedded 4th-order weights: the local error estimate. */
const E = [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40];

/**
 * Dormand–Prince 5(4) with first-same-as-last: `step` advances with the 5th-order
 * solution and leaves the scaled RMS error estimate in `lastError`
 * (≤ 1 means the step meets `atol + rtol·max(|u|, |u_new|)`).
 */
export class DopriStepper<P> implements Stepper<P> {
  lastError = 0;
  private readonly k: Vec[];
  private readonly tmp: Vec;
  private fsalValid = false;
  private fsalU: Vec | null = null;
  private fsalT = Number.NaN;
  constructor(
    private readonly m: Machine<P>,
    public p: P,
    private readonly x: InputAt,
    private readonly rtol: number,
    private readonly atol: number,
  ) {
    this.k = Array.from({ length: 7 }, () => new Float64Array(m.nStates));
    this.tmp = new Float64Array(m.nStates);
  }
  reset(): void {
    this.fsalValid = false;
  }
  /** f(u, t) for the start of a step, reusing the last stage of the previous accepted step. */
  private start(u: Vec, t: number): void {
    if (this.fsalValid && this.fsalU === u && this.fsalT === t) return;
    this.m.evalInto(u, this.x(t), this.p, t, this.k[0]!);
    this.fsalValid = true;
    this.fsalU = u;
    this.fsalT = t;
  }
  step(u: Vec, t: number, h: number, out: Vec): void {
    const { k, tmp, m, p } = this;
    const n = u.length;
    this.start(u, t);
    for (let s = 1; s < 7; s++) {
      const a = A[s]!;
      const target = s === 6 ? out : tmp;
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let j = 0; j < s; j++) acc += a[j]! * k[j]![i]!;
        target[i] = u[i]! + h * acc;
      }
      const ts = t + C[s]! * h;
      m.evalInto(target, this.x(ts), p, ts, k[s]!);
    }
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let j = 0; j < 7; j++) e += E[j]! * k[j]![i]!;
      const sc = this.atol + this.rtol * Math.max(Math.abs(u[i]!), Math.abs(out[i]!));
      const r = (h * e) / sc;
      sum += r * r;
    }
    this.lastError = n === 0 ? 0 : Math.sqrt(sum / n);
  }
  /** Makes the last stage the first of the next step (call after accepting `out` at t + h). */
  accept(out: Vec, tNew: number): void {
    const k = this.k;
    const first = k[0]!;
    k[0] = k[6]!;
    k[6] = first;
    this.fsalValid = true;
    this.fsalU = out;
    this.fsalT = tNew;
  }
  /** Hairer's starting step size estimate for order 5. */
  initialStep(u: Vec, t: number, hMax: number): number {
    this.start(u, t);
    const f0 = this.k[0]!;
    const n = u.length;
    const norm = (v: (i: number) => number): number => {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const r = v(i) / (this.atol + this.rtol * Math.abs(u[i]!));
        s += r * r;
      }
      return n === 0 ? 0 : Math.sqrt(s / n);
    };
    const d0 = norm((i) => u[i]!);
    const d1 = norm((i) => f0[i]!);
    const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
    const u1 = this.tmp;
    for (let i = 0; i < n; i++) u1[i] = u[i]! + h0 * f0[i]!;
    const f1 = this.k[1]!;
    this.m.evalInto(u1, this.x(t + h0), this.p, t + h0, f1);
    const d2 = norm((i) => f1[i]! - f0[i]!) / h0;
    const h1 = Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 1 / 5);
    return Math.min(100 * h0, h1, hMax);
  }
}

function checkStep(where: string, h: number): void {
  if (!(h > 0) || !Number.isFinite(h)) throw new ArgumentError(`${where}.h`, { what: 'step size must be positive and finite', expected: '> 0', received: h });
}

function discretise<P>(m: Machine<P>, h: number, where: string, label: string, make: (x: InputAt) => Stepper<P>): Machine<P> {
  checkStep(where, h);
  if (m.kind !== 'continuous') throw new ArgumentError(`${where}.m`, { what: `${m.name ?? 'machine'} is not continuous`, expected: 'continuous', received: m.kind });
  let held: Vec = new Float64Array(m.nIn);
  const stepper = make(() => held);
  // Drop the continuous offset kernel: the discrete machine's step is the integrator's.
  const { evalAt: _continuousAt, evalRun: _continuousRun, ...rest } = m;
  return Object.freeze({
    ...rest,
    kind: 'discrete' as const,
    name: `${label}(${m.name ?? 'machine'}, ${h})`,
    evalInto(u: Vec, x: Vec, p: P, t: number, out: Vec): void {
      held = x;
      stepper.p = p;
      stepper.step(u, t, h, out);
    },
  });
}

/**
 * Explicit Euler discretisation: the discrete machine u_{n+1} = u_n + h·f(u_n, x_n, p, t_n)
 * with the same readout. It commutes with {@link oapply}: discretising the
 * composite equals composing the discretised boxes.
 * @param m - a continuous machine.
 * @param h - the step (in the machine's time unit), > 0.
 * @returns a discrete machine with the same interface, states and readout.
 * @example
 * const decay = continuousMachine({ nIn: 0, nOut: 1, nStates: 1, dynamics: (u) => [-u[0]!], readout: (u) => [u[0]!] });
 * evaluate(eulerApprox(decay, 0.1), [1], [], undefined); // [0.9]
 */
export function eulerApprox<P>(m: Machine<P>, h: number): Machine<P> {
  return discretise(m, h, 'eulerApprox(m, h)', 'euler', (x) => new EulerStepper(m, undefined as P, x));
}

/**
 * Classical RK4 discretisation with the input held over the step (zero-order hold).
 * Unlike Euler it does not commute with `oapply`: discretising each box holds the
 * other boxes' outputs fixed over the step, while discretising the composite
 * re-reads them at every stage.
 * @param m - a continuous machine.
 * @param h - the step, > 0.
 * @returns a discrete machine with the same interface, states and readout.
 * @example
 * const decay = continuousMachine({ nIn: 0, nOut: 1, nStates: 1, dynamics: (u) => [-u[0]!], readout: (u) => [u[0]!] });
 * evaluate(rk4Approx(decay, 0.1), [1], [], undefined); // ≈ [Math.exp(-0.1)]
 */
export function rk4Approx<P>(m: Machine<P>, h: number): Machine<P> {
  return discretise(m, h, 'rk4Approx(m, h)', 'rk4', (x) => new Rk4Stepper(m, undefined as P, x));
}
