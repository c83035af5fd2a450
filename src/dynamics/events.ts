/**
 * Event detection for `simulate`: an event fires where g(u, t) crosses zero in
 * the requested direction during a step. The crossing time is located by the
 * Illinois (modified regula falsi) method on the step fraction θ, evaluating
 * g on genuine partial steps from the step start, so the located state is as
 * accurate as the integrator itself. Used by spiking neurons (threshold → reset).
 */
import { ArgumentError } from '../util/index.js';
import type { Stepper } from './integrate.js';
import type { Vec } from './machine.js';

/** What to do after an event: stop the simulation, or continue (the default). */
export type EventAction = 'stop' | 'continue';

/** A threshold crossing to detect. Give `fn`, or `index` (g = u[index] − threshold). */
export interface EventSpec {
  /** Event function g(u, t); the event is a zero crossing of g. */
  readonly fn?: (u: Vec, t: number) => number;
  /** State index to watch instead of `fn`. */
  readonly index?: number;
  /** Threshold for `index` (default 0). */
  readonly threshold?: number;
  /** `'rising'` (g from < 0 to ≥ 0), `'falling'` (> 0 to ≤ 0) or `'either'` (default). */
  readonly direction?: 'rising' | 'falling' | 'either';
  /** Called at the located crossing with the live state: mutate `u` to reset it; return `'stop'` to end. */
  readonly onEvent?: (u: Vec, t: number) => EventAction | void;
}

type G = (u: Vec, t: number) => number;

/** Event detection state for one simulation (internal). */
export class EventWatcher<P> {
  readonly g: G[];
  private readonly gPrev: Float64Array;
  private readonly theta: Float64Array;
  private readonly tmp: Vec;
  private readonly right: Vec;
  /** State at the earliest located crossing (valid after {@link earliest} returns ≥ 0). */
  readonly uHit: Vec;

  constructor(readonly specs: readonly EventSpec[], nStates: number, private readonly tol: number, where: string) {
    this.g = specs.map((e, i) => {
      if (e.fn !== undefined) return e.fn;
      const idx = e.index;
      if (idx === undefined || !Number.isInteger(idx) || idx < 0 || idx >= nStates) {
        throw new ArgumentError(`${where}.events[${i}]`, { what: 'give fn, or index of a state variable', expected: `fn or index in [0, ${nStates})`, received: idx });
      }
      const th = e.threshold ?? 0;
      return (u: Vec) => u[idx]! - th;
    });
    this.gPrev = new Float64Array(specs.length);
    this.theta = new Float64Array(specs.length);
    [this.tmp, this.right, this.uHit] = [0, 1, 2].map(() => new Float64Array(nStates)) as [Vec, Vec, Vec];
  }

  /** Records g at the start of the next step. */
  prime(u: Vec, t: number): void {
    for (let e = 0; e < this.g.length; e++) this.gPrev[e] = this.g[e]!(u, t);
  }

  private crossed(e: number, g0: number, g1: number): boolean {
    const dir = this.specs[e]!.direction ?? 'either';
    const rising = g0 < 0 && g1 >= 0;
    const falling = g0 > 0 && g1 <= 0;
    return dir === 'rising' ? rising : dir === 'falling' ? falling : rising || falling;
  }

  /**
   * Checks the step u(t) → uNew(t + h); if events fired, locates them and returns the
   * earliest step fraction θ ∈ (0, 1] (state in {@link uHit}); else −1.
   */
  earliest(stepper: Stepper<P>, u: Vec, t: number, h: number, uNew: Vec): number {
    let best = -1;
    for (let e = 0; e < this.g.length; e++) {
      this.theta[e] = -1;
      const g0 = this.gPrev[e]!;
      const g1 = this.g[e]!(uNew, t + h);
      if (!this.crossed(e, g0, g1)) continue;
      const th = this.locate(e, stepper, u, t, h, g0, g1, uNew);
      this.theta[e] = th;
      if (best < 0 || th < best) {
        best = th;
        this.uHit.set(this.right);
      }
    }
    return best;
  }

  /** Events that fired at (within tolerance of) the earliest crossing, in index order. */
  firedAt(best: number, h: number): number[] {
    const out: number[] = [];
    for (let e = 0; e < this.g.length; e++) if (this.theta[e]! >= 0 && (this.theta[e]! - best) * h <= this.tol) out.push(e);
    return out;
  }

  /** Illinois root finding on θ; returns the right (post-crossing) end of the final bracket. */
  private locate(e: number, stepper: Stepper<P>, u: Vec, t: number, h: number, g0: number, g1: number, uNew: Vec): number {
    const g = this.g[e]!;
    const past = (v: number): boolean => (g0 < 0 ? v >= 0 : v <= 0);
    let a = 0;
    let ga = g0;
    let b = 1;
    let gb = g1;
    let side = 0;
    this.right.set(uNew);
    for (let it = 0; it < 200 && (b - a) * h > this.tol; it++) {
      let c = (a * gb - b * ga) / (gb - ga);
      // Fall back to bisection when the secant stalls at an end of the bracket.
      if (!(c > a + 1e-3 * (b - a) && c < b - 1e-3 * (b - a))) c = 0.5 * (a + b);
      stepper.step(u, t, c * h, this.tmp);
      const gc = g(this.tmp, t + c * h);
      if (past(gc)) {
        b = c;
        gb = gc;
        this.right.set(this.tmp);
        if (side === 1) ga /= 2;
        side = 1;
      } else {
        a = c;
        ga = gc;
        if (side === -1) gb /= 2;
        side = -1;
      }
    }
    return b;
  }
}
