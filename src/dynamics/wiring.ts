/**
 * Directed wiring diagrams (Spivak & Hosgood 2021; Catlab/AlgebraicDynamics
 * semantics). A diagram has an outer interface, inner boxes (interfaces) and
 * wires. A wire runs from an outer input port or a box output port to a box
 * input port or an outer output port. Ports are 0-based. Wires into one port are
 * summed; outputs fan out; a direct outer-input → outer-output wire is rejected.
 *
 * @see https://arxiv.org/abs/2111.01297
 */
import { ArgumentError, ShapeError } from '../util/index.js';
import type { Interface } from './machine.js';

/** One end of a wire: a box port (box index into `diagram.boxes`), or an outer input/output port. */
export type End =
  | { readonly box: number; readonly port: number }
  | { readonly box: 'in'; readonly port: number }
  | { readonly box: 'out'; readonly port: number };

/** A wire: `from` is an outer input or a box OUTPUT port; `to` is a box INPUT port or an outer output. */
export interface Wire {
  readonly from: End;
  readonly to: End;
}

/** A box of a diagram: its interface and an optional name (used in errors and to fill by record). */
export interface BoxSpec extends Interface {
  readonly name?: string;
}

/** A directed wiring diagram: outer interface, inner boxes and wires. */
export interface WiringDiagram {
  readonly outer: Interface;
  readonly boxes: readonly BoxSpec[];
  readonly wires: readonly Wire[];
}

/**
 * Human label of box `b` for error messages.
 * @param d - a diagram (only its boxes are read).
 * @param b - box index.
 * @returns `box 1 ("g")` for a named box, `box 1` otherwise.
 * @example
 * boxLabel({ boxes: [{ nIn: 0, nOut: 0 }, { nIn: 1, nOut: 2, name: 'g' }] }, 1); // 'box 1 ("g")'
 */
export function boxLabel(d: Pick<WiringDiagram, 'boxes'>, b: number): string {
  const name = d.boxes[b]?.name;
  return name === undefined ? `box ${b}` : `box ${b} (${JSON.stringify(name)})`;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function checkIface(where: string, i: Interface | undefined): void {
  if (i === undefined || typeof i !== 'object') {
    throw new ArgumentError(where, { what: 'missing interface', expected: '{ nIn, nOut }', received: i });
  }
  for (const key of ['nIn', 'nOut'] as const) {
    if (!isCount(i[key])) throw new ArgumentError(`${where}.${key}`, { what: 'not a port count', expected: 'an integer >= 0', received: i[key] });
  }
}

function checkEnd(d: WiringDiagram, where: string, e: End | undefined, role: 'from' | 'to'): void {
  if (e === undefined || typeof e !== 'object') {
    throw new ArgumentError(where, { what: 'missing wire end', expected: '{ box, port }', received: e });
  }
  const { box, port } = e;
  if (box === 'in' || box === 'out') {
    const dirOk = role === 'from' ? box === 'in' : box === 'out';
    if (!dirOk) {
      const what = role === 'from' ? 'a wire cannot start at an outer output port' : 'a wire cannot end at an outer input port';
      throw new ArgumentError(where, { what: `${what} (wrong direction, port ${port})`, expected: role === 'from' ? "'in' or a box" : "'out' or a box", received: box });
    }
    const n = box === 'in' ? d.outer.nIn : d.outer.nOut;
    if (!isCount(port) || port >= n) {
      throw new ArgumentError(`${where}.port`, { what: `outer ${box === 'in' ? 'input' : 'output'} port out of range`, expected: `an integer in [0, ${n})`, received: port });
    }
    return;
  }
  if (!isCount(box) || box >= d.boxes.length) {
    throw new ArgumentError(`${where}.box`, { what: 'no such box', expected: `'in', 'out' or an integer in [0, ${d.boxes.length})`, received: box });
  }
  // Sources are box OUTPUT ports, targets box INPUT ports.
  const n = role === 'from' ? d.boxes[box]!.nOut : d.boxes[box]!.nIn;
  if (!isCount(port) || port >= n) {
    const kind = role === 'from' ? 'output' : 'input';
    throw new ArgumentError(`${where}.port`, { what: `${boxLabel(d, box)} has no ${kind} port ${String(port)}`, expected: `an ${kind} port in [0, ${n})`, received: port });
  }
}

/**
 * Checks a diagram: interfaces are port counts, every wire end names an existing
 * port in the right direction, and no wire passes straight from an outer input to
 * an outer output. Throws typed errors that name the wire, box and port.
 * @param d - the diagram to check.
 * @param where - the call site for error paths.
 * @returns nothing; throws `ArgumentError` (code `invalid_argument`) on the first problem.
 * @example
 * validateDiagram({ outer: { nIn: 1, nOut: 1 }, boxes: [], wires: [wire(['in', 0], ['out', 0])] });
 * // throws: wiringDiagram(spec).wires[0]: pass-through wire from outer input 0 to outer output 0 is not allowed, ...
 */
export function validateDiagram(d: WiringDiagram, where = 'wiringDiagram(spec)'): void {
  if (d === null || typeof d !== 'object') throw new ArgumentError(where, { what: 'not a wiring diagram', expected: '{ outer, boxes, wires }', received: d });
  checkIface(`${where}.outer`, d.outer);
  if (!Array.isArray(d.boxes)) throw new ArgumentError(`${where}.boxes`, { what: 'not an array', expected: 'an array of { nIn, nOut }', received: d.boxes });
  d.boxes.forEach((b, i) => checkIface(`${where}.boxes[${i}]`, b));
  if (!Array.isArray(d.wires)) throw new ArgumentError(`${where}.wires`, { what: 'not an array', expected: 'an array of { from, to }', received: d.wires });
  d.wires.forEach((w, i) => {
    checkEnd(d, `${where}.wires[${i}].from`, w?.from, 'from');
    checkEnd(d, `${where}.wires[${i}].to`, w?.to, 'to');
    if (w.from.box === 'in' && w.to.box === 'out') {
      throw new ArgumentError(`${where}.wires[${i}]`, {
        what: `pass-through wire from outer input ${w.from.port} to outer output ${w.to.port} is not allowed`,
        expected: 'a wire that touches a box',
        received: w,
      });
    }
  });
}

/**
 * Builds a validated, frozen directed wiring diagram.
 * @param spec - `{ outer: { nIn, nOut }, boxes: [{ nIn, nOut, name? }], wires: [{ from, to }] }`, 0-based ports.
 * @returns the same diagram, validated and frozen.
 * @example
 * // plant (inputs a, b; output x) and controller (input c; output b) in a loop
 * const d = wiringDiagram({
 *   outer: { nIn: 1, nOut: 1 },
 *   boxes: [{ nIn: 2, nOut: 1, name: 'plant' }, { nIn: 1, nOut: 1, name: 'controller' }],
 *   wires: [
 *     { from: { box: 'in', port: 0 }, to: { box: 0, port: 0 } },
 *     { from: { box: 1, port: 0 }, to: { box: 0, port: 1 } },
 *     { from: { box: 0, port: 0 }, to: { box: 1, port: 0 } },
 *     { from: { box: 0, port: 0 }, to: { box: 'out', port: 0 } },
 *   ],
 * });
 */
export function wiringDiagram(spec: WiringDiagram): WiringDiagram {
  validateDiagram(spec);
  return Object.freeze({
    outer: Object.freeze({ ...spec.outer }),
    boxes: Object.freeze(spec.boxes.map((b) => Object.freeze({ ...b }))),
    wires: Object.freeze(spec.wires.map((w) => Object.freeze({ from: Object.freeze({ ...w.from }), to: Object.freeze({ ...w.to }) }))),
  });
}

/**
 * Shorthand for a wire; `'in'`/`'out'` or a box index, then a port.
 * @param from - `['in', port]` or `[box, outputPort]`.
 * @param to - `['out', port]` or `[box, inputPort]`.
 * @returns the wire `{ from: { box, port }, to: { box, port } }`.
 * @example
 * wire(['in', 0], [2, 1]); // outer input 0 → box 2, input port 1
 */
export function wire(from: readonly [number | 'in', number], to: readonly [number | 'out', number]): Wire {
  return { from: { box: from[0], port: from[1] } as End, to: { box: to[0], port: to[1] } as End };
}

/** Throws a ShapeError unless `v` has length `n` (used at simulation boundaries). */
export function checkLength(where: string, v: ArrayLike<number>, n: number, what = 'wrong length'): void {
  if (v.length !== n) throw new ShapeError(where, { what, expected: n, received: v.length });
}
