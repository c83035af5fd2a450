/**
 * Undirected composition of resource sharers (AlgebraicDynamics `uwd_dynam`):
 * each box exposes some of its state variables on ports; an undirected wiring
 * diagram attaches every port to a junction. The composite's state glues the
 * exposed variables that meet at a junction (a pushout of state sets), and the
 * derivatives contributed by the boxes are SUMMED on the glued variables.
 */
import { ArgumentError, ShapeError } from '../util/index.js';
import type { Machine, Vec } from './machine.js';

/** A continuous system that shares the state variables `portMap[k]` on its ports k. */
export interface ResourceSharer<P = unknown> {
  readonly nPorts: number;
  readonly nStates: number;
  /** Port k exposes state variable `portMap[k]` (0-based). */
  readonly portMap: readonly number[];
  readonly name?: string;
  /** Writes du/dt into `out` (length nStates). */
  evalInto(u: Vec, p: P, t: number, out: Vec): void;
  /** Initial state (default zeros). */
  init?(p: P): Vec;
}

/** Spec of {@link resourceSharer}: give `dynamics` or `dynamicsInto`. */
export interface ResourceSharerSpec<P> {
  readonly nStates: number;
  readonly portMap: readonly number[];
  /** Optional check: must equal `portMap.length`. */
  readonly nPorts?: number;
  readonly name?: string;
  readonly dynamics?: (u: Vec, p: P, t: number) => ArrayLike<number>;
  readonly dynamicsInto?: (u: Vec, p: P, t: number, out: Vec) => void;
  readonly init?: (p: P) => ArrayLike<number>;
}

/**
 * A continuous resource sharer du/dt = dynamics(u, p, t) exposing `portMap`.
 * @param spec - `{ nStates, portMap, dynamics | dynamicsInto, name?, init? }`.
 * @returns the sharer, `nPorts = portMap.length`.
 * @example
 * const f = resourceSharer({ nStates: 2, portMap: [0, 1], dynamics: (u) => [u[0]! ** 2, 2 * u[0]! - u[1]!] });
 */
export function resourceSharer<P = unknown>(spec: ResourceSharerSpec<P>): ResourceSharer<P> {
  const where = 'resourceSharer(spec)';
  const { nStates, portMap } = spec;
  if (!Number.isInteger(nStates) || nStates < 0) throw new ArgumentError(`${where}.nStates`, { what: 'not a state count', expected: 'an integer >= 0', received: nStates });
  portMap.forEach((s, k) => {
    if (!Number.isInteger(s) || s < 0 || s >= nStates) throw new ArgumentError(`${where}.portMap[${k}]`, { what: `port ${k} exposes a state that does not exist`, expected: `an integer in [0, ${nStates})`, received: s });
  });
  if (spec.nPorts !== undefined && spec.nPorts !== portMap.length) throw new ShapeError(`${where}.nPorts`, { what: 'one portMap entry per port', expected: spec.nPorts, received: portMap.length });
  if ((spec.dynamics === undefined) === (spec.dynamicsInto === undefined)) {
    throw new ArgumentError(where, { what: 'give exactly one of dynamics / dynamicsInto', expected: 'one function', received: spec.dynamics ? 'both' : 'neither' });
  }
  const fn = spec.dynamics;
  const evalInto =
    spec.dynamicsInto ??
    ((u: Vec, p: P, t: number, out: Vec): void => {
      const r = fn!(u, p, t);
      if (r.length !== nStates) throw new ShapeError(`${spec.name ?? where}.dynamics`, { what: 'returned the wrong length', expected: nStates, received: r.length });
      for (let i = 0; i < nStates; i++) out[i] = r[i]!;
    });
  const init = spec.init;
  return Object.freeze({
    nPorts: portMap.length,
    nStates,
    portMap: Object.freeze([...portMap]),
    evalInto,
    ...(spec.name !== undefined && { name: spec.name }),
    ...(init !== undefined && { init: (p: P) => Float64Array.from(init(p)) }),
  });
}

/** An undirected wiring diagram: junctions, boxes whose ports attach to junctions, and outer ports. */
export interface UndirectedWiring {
  readonly nJunctions: number;
  /** Box b's port k attaches to junction `boxes[b].ports[k]`. */
  readonly boxes: readonly { readonly ports: readonly number[]; readonly name?: string }[];
  /** Outer port k exposes junction `outerPorts[k]`. */
  readonly outerPorts: readonly number[];
}

function label(d: UndirectedWiring, b: number): string {
  const n = d.boxes[b]?.name;
  return n === undefined ? `box ${b}` : `box ${b} (${JSON.stringify(n)})`;
}

/**
 * Validates and freezes an undirected wiring diagram.
 * @param spec - `{ nJunctions, boxes: [{ ports: junction[] }], outerPorts: junction[] }`.
 * @returns the frozen diagram.
 * @example
 * // f(x, x): one box with two ports on one junction, exposed once
 * const d = undirectedWiring({ nJunctions: 1, boxes: [{ ports: [0, 0] }], outerPorts: [0] });
 */
export function undirectedWiring(spec: UndirectedWiring): UndirectedWiring {
  const where = 'undirectedWiring(spec)';
  const nJ = spec.nJunctions;
  if (!Number.isInteger(nJ) || nJ < 0) throw new ArgumentError(`${where}.nJunctions`, { what: 'not a junction count', expected: 'an integer >= 0', received: nJ });
  const check = (path: string, what: string, j: number): void => {
    if (!Number.isInteger(j) || j < 0 || j >= nJ) throw new ArgumentError(path, { what, expected: `a junction in [0, ${nJ})`, received: j });
  };
  spec.boxes.forEach((b, i) => b.ports.forEach((j, k) => check(`${where}.boxes[${i}].ports[${k}]`, `${label(spec, i)} port ${k} attaches to no junction`, j)));
  spec.outerPorts.forEach((j, k) => check(`${where}.outerPorts[${k}]`, `outer port ${k} attaches to no junction`, j));
  return Object.freeze({
    nJunctions: nJ,
    boxes: Object.freeze(spec.boxes.map((b) => Object.freeze({ ...b, ports: Object.freeze([...b.ports]) }))),
    outerPorts: Object.freeze([...spec.outerPorts]),
  });
}

/**
 * Composes resource sharers along an undirected wiring diagram. Composite state:
 * the box states (in box order) with all variables that meet at a junction glued
 * into one; each glued variable sits at its first occurrence, and a junction no
 * box touches gets a variable of its own at the end (constant). du/dt of a glued
 * variable is the SUM of the boxes' contributions. `init` takes a glued value from
 * the first box that holds it.
 * @param d - the diagram (validated here too).
 * @param sharers - one sharer per box, `nPorts` = that box's port count.
 * @returns a resource sharer whose ports are the diagram's outer ports.
 * @example
 * const fxx = oapplyUndirected(d, [f]);
 * const du = new Float64Array(1);
 * fxx.evalInto(Float64Array.of(5), undefined, 0, du); // du = [30]
 */
export function oapplyUndirected<P = unknown>(d: UndirectedWiring, sharers: readonly ResourceSharer<P>[]): ResourceSharer<P> {
  const where = 'oapplyUndirected(d, sharers)';
  undirectedWiring(d);
  if (sharers.length !== d.boxes.length) throw new ShapeError(`${where}.sharers`, { what: 'one sharer per box', expected: d.boxes.length, received: sharers.length });
  const offs: number[] = [0];
  sharers.forEach((s, b) => {
    if (s.nPorts !== d.boxes[b]!.ports.length) throw new ShapeError(`${where}.sharers[${b}].nPorts`, { what: `sharer does not fill ${label(d, b)}`, expected: d.boxes[b]!.ports.length, received: s.nPorts });
    offs.push(offs[b]! + s.nStates);
  });
  const nBoxStates = offs[sharers.length]!;
  // Union-find over box state variables [0, nBoxStates) and junctions [nBoxStates, + nJunctions).
  const parent = Int32Array.from({ length: nBoxStates + d.nJunctions }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const union = (a: number, b: number): void => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb); // the root is the first occurrence
  };
  sharers.forEach((s, b) => s.portMap.forEach((st, k) => union(offs[b]! + st, nBoxStates + d.boxes[b]!.ports[k]!)));
  const classOf = new Map<number, number>();
  const slot = Int32Array.from({ length: parent.length }, (_, i) => {
    const r = find(i);
    if (!classOf.has(r)) classOf.set(r, classOf.size);
    return classOf.get(r)!;
  });
  const nStates = classOf.size;
  const boxU = sharers.map((s) => new Float64Array(s.nStates));
  const boxDu = sharers.map((s) => new Float64Array(s.nStates));
  const evalInto = (u: Vec, p: P, t: number, out: Vec): void => {
    out.fill(0);
    for (let b = 0; b < sharers.length; b++) {
      const bu = boxU[b]!;
      const bd = boxDu[b]!;
      const o = offs[b]!;
      for (let i = 0; i < bu.length; i++) bu[i] = u[slot[o + i]!]!;
      sharers[b]!.evalInto(bu, p, t, bd);
      for (let i = 0; i < bd.length; i++) out[slot[o + i]!]! += bd[i]!;
    }
  };
  const init = (p: P): Vec => {
    const u = new Float64Array(nStates);
    const seen = new Uint8Array(nStates);
    sharers.forEach((s, b) => {
      const v = s.init ? s.init(p) : new Float64Array(s.nStates);
      for (let i = 0; i < s.nStates; i++) {
        const c = slot[offs[b]! + i]!;
        if (!seen[c]) [u[c], seen[c]] = [v[i]!, 1];
      }
    });
    return u;
  };
  return Object.freeze({
    nPorts: d.outerPorts.length,
    nStates,
    portMap: Object.freeze(d.outerPorts.map((j) => slot[nBoxStates + j]!)),
    name: `oapplyUndirected(${sharers.map((s, b) => s.name ?? label(d, b)).join(', ')})`,
    evalInto,
    init,
  });
}

/**
 * Views a resource sharer as a continuous machine (no inputs; outputs are the
 * exposed variables), so it can be simulated or placed in a directed diagram.
 * @param rs - the sharer.
 * @returns a continuous machine with nIn = 0, nOut = nPorts, nStates = rs.nStates.
 * @example
 * const tr = simulate(sharerAsMachine(fxx), [1], [], { tSpan: [0, 0.01] });
 */
export function sharerAsMachine<P>(rs: ResourceSharer<P>): Machine<P> {
  const pm = rs.portMap;
  return Object.freeze({
    kind: 'continuous' as const,
    nIn: 0,
    nOut: rs.nPorts,
    nStates: rs.nStates,
    feedthrough: Object.freeze([]),
    ...(rs.name !== undefined && { name: rs.name }),
    evalInto: (u: Vec, _x: Vec, p: P, t: number, out: Vec): void => rs.evalInto(u, p, t, out),
    readoutInto: (u: Vec, _x: Vec, _p: P, _t: number, out: Vec): void => {
      for (let k = 0; k < pm.length; k++) out[k] = u[pm[k]!]!;
    },
    ...(rs.init !== undefined && { init: (p: P): Vec => rs.init!(p) }),
  });
}
