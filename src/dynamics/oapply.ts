/**
 * Operadic composition of machines along directed wiring diagrams (Spivak &
 * Hosgood 2021; AlgebraicDynamics.jl `oapply`): the composite is again a
 * machine, so composites nest. Also the adaptive variant, where the wiring
 * pattern is itself a stateful system (an Org morphism, "deeply interacting
 * learning systems").
 *
 * @see https://arxiv.org/abs/2111.01297
 */
import type { Rng } from '../util/index.js';
import { Engine, fillBoxes, type MachineFill } from './compile.js';
import { initialState, type Machine, type Vec } from './machine.js';
import { boxLabel, type WiringDiagram } from './wiring.js';

function stateNamesOf<P>(d: WiringDiagram, ms: readonly Machine<P>[], prefix: readonly string[] = []): string[] {
  const names = [...prefix];
  ms.forEach((m, b) => {
    const box = d.boxes[b]!.name ?? String(b);
    for (let i = 0; i < m.nStates; i++) names.push(`${box}.${m.stateNames?.[i] ?? i}`);
  });
  return names;
}

function concatInit<P>(ms: readonly Machine<P>[], n: number, head: ArrayLike<number>, p: P, rng?: Rng): Vec {
  const u = new Float64Array(n);
  u.set(head, 0);
  let off = head.length;
  for (const m of ms) {
    u.set(initialState(m, p, rng), off);
    off += m.nStates;
  }
  return u;
}

/**
 * Composes machines along a directed wiring diagram.
 *
 * Semantics (AlgebraicDynamics): the composite state is the concatenation of the
 * box states in box order; each box input receives the SUM of its wires (0 if
 * none); outputs fan out; an outer output is the sum of its wires; the same `p`
 * and `t` reach every box. Box readouts are taken from the current state, then
 * every box steps. Readouts run in port-topological order: Moore outputs first
 * (projection outputs, declared with `observe`, are read from the state with no
 * call), then Mealy readouts as their declared dependencies become final; a
 * Mealy box may be read out more than once per evaluation (see `schedule.ts`).
 * Only a port that depends instantaneously on itself is an algebraic loop.
 * The diagram is compiled once into flat tables; `evalInto`/`readoutInto` of the
 * result allocate nothing per call (per-box subarray views are made the first time a
 * buffer is seen and cached by identity, 16 buffers at a time).
 *
 * @param d - the diagram (validated here too).
 * @param machines - one machine per box, by position or by box name; all of one kind.
 * @returns a machine with the diagram's outer interface, `nStates` = Σ box states,
 *   the instantaneous (Mealy) dependencies that the wiring creates (port-exact), and
 *   `observe` when every outer output is one wire from a projection output.
 * @throws NeuroError `unfilled_box` (box missing), ShapeError (port counts differ),
 *   ArgumentError (bad wire, mixed kinds), NeuroError `algebraic_loop` (a port-level
 *   feedthrough cycle; the message names every box and port on it).
 * @example
 * const inc = discreteMachine({ nIn: 1, nOut: 1, nStates: 1, update: (u, x) => [u[0]! + x[0]!], readout: (u) => [u[0]!] });
 * const d = wiringDiagram({ outer: { nIn: 1, nOut: 1 }, boxes: [{ nIn: 1, nOut: 1 }, { nIn: 1, nOut: 1 }],
 *   wires: [wire(['in', 0], [0, 0]), wire([0, 0], [1, 0]), wire([1, 0], ['out', 0])] });
 * const chain = oapply(d, [inc, inc]); // two accumulators in series
 * evaluate(chain, [1, 2], [5], undefined); // Float64Array [6, 3]
 */
export function oapply<P = unknown>(d: WiringDiagram, machines: MachineFill<P>): Machine<P> {
  const where = 'oapply(d, machines)';
  const ms = fillBoxes(d, machines, where);
  const eng = new Engine<P>(d, ms, where);
  const views = eng.stateViews;
  const gains = null;
  const machine: Machine<P> = {
    kind: eng.kind,
    nIn: d.outer.nIn,
    nOut: d.outer.nOut,
    nStates: eng.nStates,
    feedthrough: eng.feedthrough,
    name: `oapply(${ms.map((m, b) => m.name ?? boxLabel(d, b)).join(', ')})`,
    stateNames: Object.freeze(stateNamesOf(d, ms)),
    ...(d.outer.inNames !== undefined && { inNames: d.outer.inNames }),
    ...(d.outer.outNames !== undefined && { outNames: d.outer.outNames }),
    ...(eng.observe !== undefined && { observe: eng.observe }),
    evalInto(u, x, p, t, out) {
      const uv = views.get(u);
      eng.outputs(u, uv, x, p, t, gains);
      eng.evalBoxes(u, uv, out, views.get(out), p, t);
    },
    readoutInto(u, x, p, t, out) {
      eng.outputs(u, views.get(u), x, p, t, gains);
      eng.outerOut(out, gains);
    },
    init: (p, rng) => concatInit(ms, eng.nStates, [], p, rng),
  };
  return Object.freeze(machine);
}

/**
 * Alias of {@link oapply}: `compose(diagram, boxes)` as in the house style.
 * @example
 * const sys = compose(d, { controller, plant });
 */
export const compose = oapply;

/**
 * A wiring whose pattern is a stateful system (an Org morphism in the sense of
 * Spivak & Hosgood): from its state `s` it returns a gain for every wire, and it
 * updates `s` from all inner box outputs and the outer inputs.
 */
export interface AdaptiveWiring<P = unknown> {
  /** The underlying diagram; wire `k` (in `diagram.wires` order) carries gain `k`. */
  readonly diagram: WiringDiagram;
  /** Number of wiring state variables `s`. */
  readonly nWiringStates: number;
  /** Writes one gain per wire into `gainsOut` (length `diagram.wires.length`). */
  pattern(s: Vec, p: P, t: number, gainsOut: Vec): void;
  /**
   * Writes the next `s` (discrete) or ds/dt (continuous) into `out`.
   * @param innerOut - all box outputs concatenated in box order (read-only).
   * @param outerIn - the outer inputs (read-only).
   */
  update(s: Vec, innerOut: Vec, outerIn: Vec, p: P, t: number, out: Vec): void;
  /** Initial wiring state (default zeros). */
  init?(p: P): ArrayLike<number>;
}

/**
 * Composes machines along an adaptive wiring: each wire's value is multiplied by
 * its current gain from `aw.pattern(s)`, and the wiring state evolves with the
 * boxes (same kind: next state or derivative). With constant unit gains and a
 * static `s` this equals {@link oapply} on the extra leading state.
 * @param aw - the adaptive wiring.
 * @param machines - one machine per box, by position or by box name.
 * @returns a machine with state `[s (nWiringStates), box states in box order]`.
 * @example
 * // d and inc as in the oapply example
 * const unit: AdaptiveWiring = { diagram: d, nWiringStates: 0,
 *   pattern: (_s, _p, _t, g) => g.fill(1), update: () => {} };
 * const m = oapplyAdaptive(unit, [inc, inc]); // behaves like oapply(d, [inc, inc])
 */
export function oapplyAdaptive<P = unknown>(aw: AdaptiveWiring<P>, machines: MachineFill<P>): Machine<P> {
  const where = 'oapplyAdaptive(aw, machines)';
  const d = aw.diagram;
  const ms = fillBoxes(d, machines, where);
  const nW = aw.nWiringStates;
  const eng = new Engine<P>(d, ms, where, nW);
  const views = eng.stateViews;
  const gains = new Float64Array(d.wires.length);
  const machine: Machine<P> = {
    kind: eng.kind,
    nIn: d.outer.nIn,
    nOut: d.outer.nOut,
    nStates: eng.nStates,
    feedthrough: eng.feedthrough,
    name: `oapplyAdaptive(${ms.map((m, b) => m.name ?? boxLabel(d, b)).join(', ')})`,
    stateNames: Object.freeze(stateNamesOf(d, ms, Array.from({ length: nW }, (_, i) => `wiring.${i}`))),
    evalInto(u, x, p, t, out) {
      const uv = views.get(u);
      const ov = views.get(out);
      aw.pattern(uv[0]!, p, t, gains);
      eng.outputs(u, uv, x, p, t, gains);
      eng.evalBoxes(u, uv, out, ov, p, t);
      aw.update(uv[0]!, eng.ys, x, p, t, ov[0]!);
    },
    readoutInto(u, x, p, t, out) {
      const uv = views.get(u);
      aw.pattern(uv[0]!, p, t, gains);
      eng.outputs(u, uv, x, p, t, gains);
      eng.outerOut(out, gains);
    },
    init: (p, rng) => concatInit(ms, eng.nStates, aw.init ? aw.init(p) : new Float64Array(nW), p, rng),
  };
  return Object.freeze(machine);
}
