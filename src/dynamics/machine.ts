/**
 * Machines: dynamical systems with a typed interface (Spivak & Hosgood 2021; the
 * executable semantics of AlgebraicDynamics.jl). A machine has `nStates` hidden
 * state variables `u`, `nIn` input ports `x` and `nOut` output ports.
 * - discrete (Moore): u_{n+1} = update(u, x, p, t), y = readout(u, p, t)
 * - continuous:       du/dt   = dynamics(u, x, p, t), y = readout(u, p, t)
 * Readouts never read the current input (Moore), so feedback loops are well
 * defined; an instantaneous (Mealy) readout must declare which input ports each
 * output depends on (`feedthrough`), and composition rejects algebraic loops.
 *
 * The hot path is allocation-free: `evalInto`/`readoutInto` write into caller
 * buffers. The factories accept convenient array-returning callbacks too.
 *
 * @see https://arxiv.org/abs/2111.01297
 */
import { ArgumentError, ShapeError, type Rng } from '../util/index.js';

/** Vectors of the dynamics layer (state, inputs, outputs): float64 for accurate integration. */
export type Vec = Float64Array;

/** Discrete (Moore machines, maps) or continuous (vector fields). */
export type MachineKind = 'discrete' | 'continuous';

/** A directed interface: numbers of input and output ports, optionally named. */
export interface Interface {
  readonly nIn: number;
  readonly nOut: number;
  readonly inNames?: readonly string[];
  readonly outNames?: readonly string[];
}

/** `[inPort, outPort]`: output `outPort` depends instantaneously on input `inPort` (0-based). */
export type Feedthrough = readonly (readonly [number, number])[];

/** A dynamical system with a typed interface. Build with {@link discreteMachine} / {@link continuousMachine}. */
export interface Machine<P = unknown> extends Interface {
  readonly kind: MachineKind;
  readonly nStates: number;
  /** A name for error messages and plots. */
  readonly name?: string;
  /** Declared input→output dependencies of a Mealy readout; empty for Moore machines. */
  readonly feedthrough: Feedthrough;
  /** Names of the state variables (optional, for records and plots). */
  readonly stateNames?: readonly string[];
  /**
   * A projection readout: output k is state variable `observe[k]` (Moore). When
   * set, `readoutInto` must agree with it; composites then read the state buffer
   * directly and make no readout call for this box.
   */
  readonly observe?: readonly number[];
  /**
   * Discrete: writes u_{n+1} into `out`; continuous: writes du/dt into `out`.
   * `out` never aliases `u` or `x`; implementations must not keep references to them.
   */
  evalInto(u: Vec, x: Vec, p: P, t: number, out: Vec): void;
  /**
   * Optional offset form of {@link evalInto} on shared buffers: reads `u[uOff + i]`
   * and `x[xOff + j]`, writes `out[outOff + i]`. Composites call it on their whole
   * buffers, with no per-box subarray views (for many small boxes, element access
   * through thousands of distinct views costs more than the equations).
   */
  readonly evalAt?: (u: Vec, uOff: number, x: Vec, xOff: number, p: P, t: number, out: Vec, outOff: number) => void;
  /**
   * Optional: {@link evalAt} over `count` consecutive copies (state stride `nStates`,
   * input stride `nIn`). Composites call it once per run of boxes filled by this
   * machine, so the per-box call happens inside one small loop whose call site
   * sees few targets (the JIT inlines it) instead of one engine-wide site.
   */
  readonly evalRun?: (u: Vec, uOff: number, x: Vec, xOff: number, p: P, t: number, out: Vec, outOff: number, count: number) => void;
  /** Writes the `nOut` outputs into `out`. Moore machines must not read `x` (it may be empty). */
  readoutInto(u: Vec, x: Vec, p: P, t: number, out: Vec): void;
  /** An initial state (default: zeros). */
  init?(p: P, rng?: Rng): Vec;
}

/** Array-returning or in-place callback forms accepted by the factories. */
export type StateFn<P> = (u: Vec, x: Vec, p: P, t: number) => ArrayLike<number>;
export type StateIntoFn<P> = (u: Vec, x: Vec, p: P, t: number, out: Vec) => void;
export type StateAtFn<P> = (u: Vec, uOff: number, x: Vec, xOff: number, p: P, t: number, out: Vec, outOff: number) => void;
export type ReadoutFn<P> = (u: Vec, p: P, t: number, x: Vec) => ArrayLike<number>;
export type ReadoutIntoFn<P> = (u: Vec, p: P, t: number, out: Vec, x: Vec) => void;

/** Common options of the machine factories. */
export interface MachineSpecBase<P> {
  readonly nIn: number;
  readonly nOut: number;
  readonly nStates: number;
  readonly name?: string;
  readonly inNames?: readonly string[];
  readonly outNames?: readonly string[];
  readonly stateNames?: readonly string[];
  /** Readout y = r(u, p, t) returning an array (convenient; allocates). Receives `x` last only if `feedthrough` is declared. */
  readonly readout?: ReadoutFn<P>;
  /** In-place readout (allocation-free). Give `readout`, `readoutInto` or `observe`. */
  readonly readoutInto?: ReadoutIntoFn<P>;
  /**
   * Projection readout y_k = u[observe[k]] (one state index per output; Moore, no
   * feedthrough). Composites read such outputs straight from the state, with no call.
   */
  readonly observe?: readonly number[];
  /** Declares a Mealy readout: output `o` depends on input `i` for each `[i, o]`. Default none (Moore). */
  readonly feedthrough?: Feedthrough;
  /** Initial state (default zeros). */
  readonly init?: (p: P, rng?: Rng) => ArrayLike<number>;
}

/** Spec of {@link discreteMachine}: give `update`, `updateInto` or `updateAt`. */
export interface DiscreteSpec<P> extends MachineSpecBase<P> {
  readonly update?: StateFn<P>;
  readonly updateInto?: StateIntoFn<P>;
  /** Offset form (fastest inside large composites): u_{n+1}[outOff + i] from u[uOff + i], x[xOff + j]. */
  readonly updateAt?: StateAtFn<P>;
}

/** Spec of {@link continuousMachine}: give `dynamics`, `dynamicsInto` or `dynamicsAt`. */
export interface ContinuousSpec<P> extends MachineSpecBase<P> {
  readonly dynamics?: StateFn<P>;
  readonly dynamicsInto?: StateIntoFn<P>;
  /** Offset form (fastest inside large composites): du/dt[outOff + i] from u[uOff + i], x[xOff + j]. */
  readonly dynamicsAt?: StateAtFn<P>;
}

function checkCount(where: string, key: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new ArgumentError(`${where}.${key}`, { what: 'not a port/state count', expected: 'an integer >= 0', received: v });
  }
  return v;
}

function checkNames(where: string, key: string, names: readonly string[] | undefined, n: number): void {
  if (names !== undefined && names.length !== n) {
    throw new ShapeError(`${where}.${key}`, { what: 'one name per port', expected: n, received: names.length });
  }
}

function copyResult(where: string, what: string, r: ArrayLike<number>, n: number, out: Vec): void {
  if (r.length !== n) throw new ShapeError(where, { what: `${what} returned the wrong length`, expected: n, received: r.length });
  for (let i = 0; i < n; i++) out[i] = r[i]!;
}

function checkObserve(where: string, observe: readonly number[], nOut: number, nStates: number, nFeedthrough: number): readonly number[] {
  if (!Array.isArray(observe) || observe.length !== nOut) {
    throw new ShapeError(`${where}.observe`, { what: 'one state index per output', expected: nOut, received: Array.isArray(observe) ? observe.length : observe });
  }
  observe.forEach((s, k) => {
    if (!Number.isInteger(s) || s < 0 || s >= nStates) {
      throw new ArgumentError(`${where}.observe[${k}]`, { what: 'not a state index', expected: `an integer in [0, ${nStates})`, received: s });
    }
  });
  if (nFeedthrough > 0) throw new ArgumentError(`${where}.observe`, { what: 'a projection readout cannot have feedthrough', expected: 'no feedthrough', received: nFeedthrough });
  return Object.freeze([...observe]);
}

/** `count` consecutive copies of an offset kernel (see `Machine.evalRun`). */
function runOf<P>(at: StateAtFn<P>, nStates: number, nIn: number): NonNullable<Machine<P>['evalRun']> {
  return (u, uo, x, xo, p, t, out, oo, count) => {
    for (let c = 0; c < count; c++, uo += nStates, xo += nIn, oo += nStates) at(u, uo, x, xo, p, t, out, oo);
  };
}

function build<P>(kind: MachineKind, spec: MachineSpecBase<P>, fns: readonly [StateFn<P> | undefined, StateIntoFn<P> | undefined, StateAtFn<P> | undefined], fnKey: string): Machine<P> {
  const [fn, fnInto, fnAt] = fns;
  const where = kind === 'discrete' ? 'discreteMachine(spec)' : 'continuousMachine(spec)';
  const nIn = checkCount(where, 'nIn', spec.nIn);
  const nOut = checkCount(where, 'nOut', spec.nOut);
  const nStates = checkCount(where, 'nStates', spec.nStates);
  checkNames(where, 'inNames', spec.inNames, nIn);
  checkNames(where, 'outNames', spec.outNames, nOut);
  checkNames(where, 'stateNames', spec.stateNames, nStates);
  const nFns = fns.filter((f) => f !== undefined).length;
  if (nFns !== 1) {
    throw new ArgumentError(where, { what: `give exactly one of ${fnKey} / ${fnKey}Into / ${fnKey}At`, expected: 'one function', received: nFns === 0 ? 'none' : nFns });
  }
  const nReadouts = [spec.readout, spec.readoutInto, spec.observe].filter((r) => r !== undefined).length;
  if (nReadouts !== 1) {
    throw new ArgumentError(where, { what: 'give exactly one of readout / readoutInto / observe', expected: 'one', received: nReadouts === 0 ? 'none' : nReadouts });
  }
  const feedthrough = spec.feedthrough ?? [];
  const observe = spec.observe === undefined ? undefined : checkObserve(where, spec.observe, nOut, nStates, feedthrough.length);
  for (const pair of feedthrough) {
    const [i, o] = pair;
    if (!Number.isInteger(i) || !Number.isInteger(o) || i < 0 || i >= nIn || o < 0 || o >= nOut) {
      throw new ArgumentError(`${where}.feedthrough`, { what: 'dependency names a port that does not exist', expected: `[inPort < ${nIn}, outPort < ${nOut}]`, received: pair });
    }
  }
  const name = spec.name ?? where;
  const evalInto: StateIntoFn<P> =
    fnInto ?? (fnAt ? (u, x, p, t, out) => fnAt(u, 0, x, 0, p, t, out, 0) : (u, x, p, t, out) => copyResult(`${name}.${fnKey}`, 'state function', fn!(u, x, p, t), nStates, out));
  const { readout: ro, readoutInto: roInto } = spec;
  const readoutInto: Machine<P>['readoutInto'] = observe
    ? (u, _x, _p, _t, out) => {
        for (let k = 0; k < observe.length; k++) out[k] = u[observe[k]!]!;
      }
    : roInto
      ? (u, x, p, t, out) => roInto(u, p, t, out, x)
      : (u, x, p, t, out) => copyResult(`${name}.readout`, 'readout', ro!(u, p, t, x), nOut, out);
  const init = spec.init;
  return Object.freeze({
    kind,
    nIn,
    nOut,
    nStates,
    feedthrough: Object.freeze(feedthrough.map((d) => Object.freeze([d[0], d[1]] as const))),
    evalInto,
    ...(fnAt !== undefined && { evalAt: fnAt, evalRun: runOf(fnAt, nStates, nIn) }),
    readoutInto,
    ...(observe !== undefined && { observe }),
    ...(spec.name !== undefined && { name: spec.name }),
    ...(spec.inNames !== undefined && { inNames: spec.inNames }),
    ...(spec.outNames !== undefined && { outNames: spec.outNames }),
    ...(spec.stateNames !== undefined && { stateNames: spec.stateNames }),
    ...(init !== undefined && {
      init: (p: P, rng?: Rng): Vec => {
        const v = Float64Array.from(init(p, rng));
        if (v.length !== nStates) throw new ShapeError(`${spec.name ?? where}.init`, { what: 'initial state has the wrong length', expected: nStates, received: v.length });
        return v;
      },
    }),
  });
}

/**
 * A discrete-time Moore machine: u_{n+1} = update(u, x, p, t), y = readout(u, p, t).
 * @example
 * const counter = discreteMachine({ nIn: 1, nOut: 1, nStates: 1, update: (u, x) => [u[0]! + x[0]!], readout: (u) => [u[0]!] });
 */
export function discreteMachine<P = unknown>(spec: DiscreteSpec<P>): Machine<P> {
  return build('discrete', spec, [spec.update, spec.updateInto, spec.updateAt], 'update');
}

/**
 * A continuous-time machine: du/dt = dynamics(u, x, p, t), y = readout(u, p, t).
 * @example
 * const decay = continuousMachine({ nIn: 1, nOut: 1, nStates: 1, dynamics: (u, x) => [x[0]! - u[0]!], readout: (u) => [u[0]!] });
 */
export function continuousMachine<P = unknown>(spec: ContinuousSpec<P>): Machine<P> {
  return build('continuous', spec, [spec.dynamics, spec.dynamicsInto, spec.dynamicsAt], 'dynamics');
}

/** Convenience: next state (discrete) or du/dt (continuous) as a new array. */
export function evaluate<P>(m: Machine<P>, u: ArrayLike<number>, x: ArrayLike<number>, p: P, t = 0): Vec {
  const uv = checkedVec(`evaluate(${m.name ?? 'machine'}, u)`, u, m.nStates);
  const xv = checkedVec(`evaluate(${m.name ?? 'machine'}, x)`, x, m.nIn);
  const out = new Float64Array(m.nStates);
  m.evalInto(uv, xv, p, t, out);
  return out;
}

/** Convenience: the outputs as a new array (`x` only matters for Mealy machines). */
export function readout<P>(m: Machine<P>, u: ArrayLike<number>, p: P, t = 0, x: ArrayLike<number> = new Float64Array(m.nIn)): Vec {
  const uv = checkedVec(`readout(${m.name ?? 'machine'}, u)`, u, m.nStates);
  const xv = checkedVec(`readout(${m.name ?? 'machine'}, x)`, x, m.nIn);
  const out = new Float64Array(m.nOut);
  m.readoutInto(uv, xv, p, t, out);
  return out;
}

/** The machine's initial state (its `init`, else zeros). */
export function initialState<P>(m: Machine<P>, p: P, rng?: Rng): Vec {
  return m.init ? m.init(p, rng) : new Float64Array(m.nStates);
}

function checkedVec(where: string, v: ArrayLike<number>, n: number): Vec {
  if (v.length !== n) throw new ShapeError(where, { what: 'wrong length', expected: n, received: v.length });
  return v instanceof Float64Array ? v : Float64Array.from(v);
}
