/**
 * Trajectories returned by `simulate` and `iterate`: flat, row-major float64
 * buffers (`u` is `[nT, nStates]`, `y` is `[nT, nOut]`) so long runs make three
 * arrays, not one per step. Use {@link stateAt}/{@link outputAt} for row views.
 */
import type { Vec } from './machine.js';

/** A located event: which event fired, when, and the state just before `onEvent` ran. */
export interface EventHit {
  /** Index into `options.events`. */
  readonly index: number;
  readonly t: number;
  /** Copy of the state at the crossing (before any reset by `onEvent`). */
  readonly u: Vec;
}

/** A recorded time series. */
export interface Trajectory {
  /** Sample times, `[nT]`. */
  readonly t: Vec;
  /** States, row-major `[nT, nStates]`. */
  readonly u: Vec;
  /** Outputs (readouts), row-major `[nT, nOut]`. */
  readonly y: Vec;
  readonly nT: number;
  readonly nStates: number;
  readonly nOut: number;
  /** Events in the order they fired. */
  readonly events: readonly EventHit[];
  /** `'stopped'` when an `onEvent` returned `'stop'`. */
  readonly status: 'done' | 'stopped';
  /** Accepted and rejected steps (rejections only with `rk45`). */
  readonly stats: { readonly steps: number; readonly rejected: number };
}

/**
 * Row `k` of the states, as a view (no copy).
 * @param tr - a trajectory.
 * @param k - sample index in `[0, nT)`; negative counts from the end.
 * @returns `u[k]`, length `nStates`.
 * @example
 * const last = stateAt(simulate(m, [1], [], { tSpan: [0, 1], dt: 0.1 }), -1);
 */
export function stateAt(tr: Trajectory, k: number): Vec {
  const i = k < 0 ? tr.nT + k : k;
  return tr.u.subarray(i * tr.nStates, (i + 1) * tr.nStates);
}

/**
 * Row `k` of the outputs, as a view (no copy).
 * @param tr - a trajectory.
 * @param k - sample index; negative counts from the end.
 * @returns `y[k]`, length `nOut`.
 * @example
 * const y0 = outputAt(tr, 0);
 */
export function outputAt(tr: Trajectory, k: number): Vec {
  const i = k < 0 ? tr.nT + k : k;
  return tr.y.subarray(i * tr.nOut, (i + 1) * tr.nOut);
}

/** Growable row store (doubling), internal to the simulators. */
export class Recorder {
  t: Vec;
  u: Vec;
  y: Vec;
  n = 0;
  constructor(private readonly nS: number, private readonly nY: number, capacity: number) {
    const c = Math.max(2, capacity);
    this.t = new Float64Array(c);
    this.u = new Float64Array(c * nS);
    this.y = new Float64Array(c * nY);
  }
  /** Appends a row (copies `u` and `y`). */
  push(t: number, u: Vec, y: Vec): void {
    if (this.n === this.t.length) this.grow();
    const k = this.n++;
    this.t[k] = t;
    this.u.set(u, k * this.nS);
    this.y.set(y, k * this.nY);
  }
  private grow(): void {
    const c = this.t.length * 2;
    const t = new Float64Array(c);
    t.set(this.t);
    const u = new Float64Array(c * this.nS);
    u.set(this.u);
    const y = new Float64Array(c * this.nY);
    y.set(this.y);
    [this.t, this.u, this.y] = [t, u, y];
  }
  finish(events: readonly EventHit[], status: 'done' | 'stopped', steps: number, rejected: number): Trajectory {
    const n = this.n;
    return {
      t: this.t.slice(0, n),
      u: this.u.slice(0, n * this.nS),
      y: this.y.slice(0, n * this.nY),
      nT: n,
      nStates: this.nS,
      nOut: this.nY,
      events,
      status,
      stats: { steps, rejected },
    };
  }
}
