/**
 * The boxes and wiring of the NCAP swimmer circuit (Bhattasali, Zador & Engel
 * 2022), each a `src/dynamics` machine; `oapply` composes them into one system
 * q (joint angles) → a (motor commands) whose only state is the oscillator clock.
 * Weights live in the shared parameter vector `p`; each box knows the indices of
 * the weights it reads and applies the sign clamp at use time.
 */
import { discreteMachine, oapply, wire, wiringDiagram, type Machine, type Vec, type Wire, type WiringDiagram } from '../../dynamics/index.js';

/** Graded activation σ(x) = clip(x, 0, 1). */
export function graded(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** How a raw weight becomes an effective one: excitatory (≥ 0), inhibitory (≤ 0) or unconstrained. */
export type WeightSign = 'excitatory' | 'inhibitory' | 'free';

/** Applies a sign clamp: max(w, 0), min(w, 0) or w. */
export function clampSign(w: number, sign: WeightSign): number {
  return sign === 'excitatory' ? (w > 0 ? w : 0) : sign === 'inhibitory' ? (w < 0 ? w : 0) : w;
}

/** A weight the circuit reads: index into `p` and its sign rule. */
export interface WeightRef {
  readonly index: number;
  readonly sign: WeightSign;
}

/** Weights of one joint's B-neurons and muscles (dorsal d, ventral v). */
export interface JointWeights {
  /** Drive of B^d and B^v (oscillator for joint 0, proprioception otherwise). */
  readonly driveD: WeightRef;
  readonly driveV: WeightRef;
  /** m^d = σ(ipsiD·b^d + contraD·b^v); m^v = σ(ipsiV·b^v + contraV·b^d). */
  readonly ipsiD: WeightRef;
  readonly ipsiV: WeightRef;
  readonly contraD: WeightRef;
  readonly contraV: WeightRef;
}

const w = (p: Vec, r: WeightRef): number => clampSign(p[r.index]!, r.sign);

/**
 * Head oscillator: a clock t (the state) and a square wave o^d = 1 while
 * (t mod T) < T/2, o^v = 1 − o^d. Moore: outputs [o^d, o^v] depend on t only.
 */
export function oscillatorBox(periodSteps: number): Machine<Vec> {
  const half = periodSteps / 2;
  return discreteMachine<Vec>({
    name: 'oscillator',
    nIn: 0,
    nOut: 2,
    nStates: 1,
    stateNames: ['t'],
    outNames: ['o_d', 'o_v'],
    updateInto: (u, _x, _p, _t, out) => {
      out[0] = u[0]! + 1;
    },
    readoutInto: (u, _p, _t, out) => {
      const on = u[0]! % periodSteps < half ? 1 : 0;
      out[0] = on;
      out[1] = 1 - on;
    },
  });
}

/**
 * Stretch receptors: q̂_i = clip(q_i / limit, −1, 1) split into s^d_i = max(q̂_i, 0)
 * and s^v_i = max(−q̂_i, 0). Outputs [s^d_0, s^v_0, s^d_1, …]; stateless, Mealy.
 */
export function proprioceptionBox(nJoints: number, jointLimitRad: number): Machine<Vec> {
  const feedthrough = Array.from({ length: nJoints }, (_, i) => [[i, 2 * i] as const, [i, 2 * i + 1] as const]).flat();
  return discreteMachine<Vec>({
    name: 'proprioception',
    nIn: nJoints,
    nOut: 2 * nJoints,
    nStates: 0,
    feedthrough,
    updateInto: () => undefined,
    readoutInto: (_u, _p, _t, out, x) => {
      for (let i = 0; i < nJoints; i++) {
        const q = Math.min(Math.max(x[i]! / jointLimitRad, -1), 1);
        out[2 * i] = q > 0 ? q : 0;
        out[2 * i + 1] = q < 0 ? -q : 0;
      }
    },
  });
}

/** B-neuron pair of joint i: b^d = σ(w_d·x_d), b^v = σ(w_v·x_v). Stateless, Mealy. */
export function bNeuronBox(i: number, jw: JointWeights): Machine<Vec> {
  return discreteMachine<Vec>({
    name: `B_${i}`,
    nIn: 2,
    nOut: 2,
    nStates: 0,
    feedthrough: [
      [0, 0],
      [1, 1],
    ],
    updateInto: () => undefined,
    readoutInto: (_u, p, _t, out, x) => {
      out[0] = graded(w(p, jw.driveD) * x[0]!);
      out[1] = graded(w(p, jw.driveV) * x[1]!);
    },
  });
}

/** Muscle pair of joint i: a_i = m^d − m^v from (b^d, b^v). Stateless, Mealy. */
export function muscleBox(i: number, jw: JointWeights): Machine<Vec> {
  return discreteMachine<Vec>({
    name: `muscles_${i}`,
    nIn: 2,
    nOut: 1,
    nStates: 0,
    feedthrough: [
      [0, 0],
      [1, 0],
    ],
    updateInto: () => undefined,
    readoutInto: (_u, p, _t, out, x) => {
      const bd = x[0]!;
      const bv = x[1]!;
      const md = graded(w(p, jw.ipsiD) * bd + w(p, jw.contraD) * bv);
      const mv = graded(w(p, jw.ipsiV) * bv + w(p, jw.contraV) * bd);
      out[0] = md - mv;
    },
  });
}

/**
 * The circuit's wiring diagram for `n` joints. Boxes: 0 oscillator,
 * 1 proprioception, 2..n+1 B-neurons, n+2..2n+1 muscles. The oscillator drives
 * B_0; the bend of joint i−1 drives B_i (the head-to-tail wave); B_i drives
 * muscles_i, whose output is action i.
 */
export function ncapDiagram(n: number): WiringDiagram {
  const B = (i: number): number => 2 + i;
  const M = (i: number): number => 2 + n + i;
  const wires: Wire[] = [wire([0, 0], [B(0), 0]), wire([0, 1], [B(0), 1])];
  for (let i = 0; i < n; i++) {
    wires.push(wire(['in', i], [1, i]));
    if (i > 0) wires.push(wire([1, 2 * (i - 1)], [B(i), 0]), wire([1, 2 * (i - 1) + 1], [B(i), 1]));
    wires.push(wire([B(i), 0], [M(i), 0]), wire([B(i), 1], [M(i), 1]), wire([M(i), 0], ['out', i]));
  }
  const boxes = [
    { nIn: 0, nOut: 2, name: 'oscillator' },
    { nIn: n, nOut: 2 * n, name: 'proprioception' },
    ...Array.from({ length: n }, (_, i) => ({ nIn: 2, nOut: 2, name: `B_${i}` })),
    ...Array.from({ length: n }, (_, i) => ({ nIn: 2, nOut: 1, name: `muscles_${i}` })),
  ];
  return wiringDiagram({ outer: { nIn: n, nOut: n }, boxes, wires });
}

/** Composes the circuit: `oapply(ncapDiagram(n), [oscillator, proprioception, B_0.., muscles_0..])`. */
export function ncapCircuit(n: number, periodSteps: number, jointLimitRad: number, weights: readonly JointWeights[]): { machine: Machine<Vec>; diagram: WiringDiagram } {
  const diagram = ncapDiagram(n);
  const boxes: Machine<Vec>[] = [
    oscillatorBox(periodSteps),
    proprioceptionBox(n, jointLimitRad),
    ...weights.map((jw, i) => bNeuronBox(i, jw)),
    ...weights.map((jw, i) => muscleBox(i, jw)),
  ];
  return { machine: oapply(diagram, boxes), diagram };
}
