/**
 * The three 2-2-1 XOR networks of `spivak-2021-nested`, all discrete machines
 * with the same interface and the same state layout, so one training loop runs them.
 * - Inputs `[x1, x2, target]`; output 0 is the network's output y.
 * - State: the nine parameters `[h1.w1, h1.w2, h1.bias, h2.w1, h2.w2, h2.bias, o.v1, o.v2, o.bias]`.
 * - One step = one online gradient step on the pattern (x, target).
 *
 * {@link xorLearnerMachine}: the learning lives in the neurons (Backprop as Functor):
 * each neuron is a gradient learner, a layer is the fan-out followed by neurons in
 * parallel, the network is the layers in series, and the nested learner runs as a machine.
 *
 * {@link xorWiredMachine}: the same neuron learners as BOXES of a wiring diagram,
 * composed by `oapply` (the nested dynamical system in the paper's sense): forward
 * wires carry activations, backward wires carry requests (targets) to the layer below.
 *
 * {@link xorAdaptiveMachine}: the learning lives in the wiring (Spivak & Hosgood's
 * "neurons are like synapses, wires are like nerve cells"): the neuron boxes are
 * parameter-free y = φ(x) (Mealy, no state), a bias box emits 1, every weight is the
 * gain of a wire, and the wiring's own state (the gains) is updated by a controller
 * that reads the boxes' outputs and the target and takes the same gradient step.
 */
import { discreteMachine, oapply, oapplyAdaptive, wire, wiringDiagram, type AdaptiveWiring, type Machine, type Vec } from '../../src/dynamics/index.js';
import { ACTIVATIONS, fanOutLearner, learnerAsMachine, neuronLearner, parVec, seqVec, type Activation, type NumericLearner } from '../../src/mechanisms/nested/index.js';

/** The four XOR patterns and their targets. */
export const XOR_INPUTS: readonly (readonly [number, number])[] = Object.freeze([[0, 0], [0, 1], [1, 0], [1, 1]] as const);
/** Targets of {@link XOR_INPUTS}. */
export const XOR_TARGETS: readonly number[] = Object.freeze([0, 1, 1, 0]);

/** Number of parameters of the 2-2-1 network (2 × (2 weights + bias) + 2 weights + bias). */
export const N_PARAMS = 9;

/** Shared options of both networks. */
export interface XorNetOptions {
  /** φ of the two hidden neurons; the output neuron is a sigmoid (targets are 0 / 1). */
  readonly hidden: Activation;
  /** Gradient step ε. */
  readonly lr: number;
  /** Initial weights are uniform in ±initScale/√2; biases start at 0. */
  readonly initScale: number;
}

/**
 * The 2-2-1 network as a nested learner: `seqVec(seqVec(fanOut, parVec(h1, h2)), o)`.
 * @param opts activation, step and init scale.
 * @returns the learner (nParams 9, R² → R).
 */
export function xorLearner(opts: XorNetOptions): NumericLearner {
  const neuron = (name: string, activation: Activation): NumericLearner => neuronLearner({ nIn: 2, activation, lr: opts.lr, initScale: opts.initScale, name });
  const hiddenLayer = seqVec(fanOutLearner({ nIn: 2, copies: 2 }), parVec(neuron('h1', opts.hidden), neuron('h2', opts.hidden)));
  return seqVec(hiddenLayer, neuron('o', 'sigmoid'));
}

/**
 * The nested learner as a machine (Mealy readout: [y, request]).
 * @param opts activation, step and init scale.
 * @returns a discrete machine with inputs [x1, x2, target] and 9 states.
 */
export function xorLearnerMachine(opts: XorNetOptions): Machine<unknown> {
  return learnerAsMachine(xorLearner(opts), { name: 'xor learners' });
}

/**
 * Learner boxes h1, h2 (inputs [a0, a1, b], outputs [y, r0, r1]) and o (same ports).
 * Forward: x → h1.a, h2.a; h1.y → o.a0, h2.y → o.a1. Backward: the target → o.b;
 * o.r0 → h1.b, o.r1 → h2.b (each hidden neuron's target is the output neuron's
 * request for its input). The box graph has cycles (h1 ⇄ o, h2 ⇄ o); the port
 * graph has none: y depends on a only, r on a and b.
 */
const XOR_LEARNER_DIAGRAM = wiringDiagram({
  outer: { nIn: 3, nOut: 1, inNames: ['x1', 'x2', 'target'], outNames: ['y'] },
  boxes: [
    { nIn: 3, nOut: 3, name: 'h1' },
    { nIn: 3, nOut: 3, name: 'h2' },
    { nIn: 3, nOut: 3, name: 'o' },
  ],
  wires: [
    wire(['in', 0], [0, 0]),
    wire(['in', 1], [0, 1]),
    wire(['in', 0], [1, 0]),
    wire(['in', 1], [1, 1]),
    wire([0, 0], [2, 0]),
    wire([1, 0], [2, 1]),
    wire(['in', 2], [2, 2]),
    wire([2, 1], [0, 2]),
    wire([2, 2], [1, 2]),
    wire([2, 0], ['out', 0]),
  ],
});

/**
 * The 2-2-1 network as neuron-learner boxes wired by `oapply`: one composite step
 * is one online gradient step; the state is `[h1, h2, o]` parameters, the layout of
 * {@link xorLearner}.
 * @param opts activation, step and init scale.
 * @returns a discrete machine with inputs [x1, x2, target] and 9 states.
 */
export function xorWiredMachine(opts: XorNetOptions): Machine<unknown> {
  const neuron = (name: string, activation: Activation): Machine<unknown> =>
    learnerAsMachine(neuronLearner({ nIn: 2, activation, lr: opts.lr, initScale: opts.initScale, name }), { name });
  return oapply(XOR_LEARNER_DIAGRAM, { h1: neuron('h1', opts.hidden), h2: neuron('h2', opts.hidden), o: neuron('o', 'sigmoid') });
}

function neuronBox(name: string, activation: Activation): Machine<unknown> {
  const phi = ACTIVATIONS[activation].apply;
  return discreteMachine({
    name,
    nIn: 1,
    nOut: 1,
    nStates: 0,
    feedthrough: [[0, 0]],
    updateInto: () => {},
    readoutInto: (_u, _p, _t, out, x) => {
      out[0] = phi(x[0]!);
    },
  });
}

const biasBox = discreteMachine({ name: 'bias', nIn: 0, nOut: 1, nStates: 0, updateInto: () => {}, readout: () => [1] });

/** Boxes h1, h2, o (neurons) and bias; wire k < 9 carries parameter k, wire 9 (o → out) has gain 1. */
const XOR_DIAGRAM = wiringDiagram({
  outer: { nIn: 3, nOut: 1, inNames: ['x1', 'x2', 'target'], outNames: ['y'] },
  boxes: [
    { nIn: 1, nOut: 1, name: 'h1' },
    { nIn: 1, nOut: 1, name: 'h2' },
    { nIn: 1, nOut: 1, name: 'o' },
    { nIn: 0, nOut: 1, name: 'bias' },
  ],
  wires: [
    wire(['in', 0], [0, 0]),
    wire(['in', 1], [0, 0]),
    wire([3, 0], [0, 0]),
    wire(['in', 0], [1, 0]),
    wire(['in', 1], [1, 0]),
    wire([3, 0], [1, 0]),
    wire([0, 0], [2, 0]),
    wire([1, 0], [2, 0]),
    wire([3, 0], [2, 0]),
    wire([2, 0], ['out', 0]),
  ],
});

/**
 * The wiring of the adaptive network: its state is the nine gains; `update` is the
 * controller, one gradient step of E = ½(y − target)² computed from the box outputs
 * (innerOut = [h1, h2, o, 1]) and the outer inputs [x1, x2, target].
 * @param opts activation, step (the init scale is unused: initial gains are set by the caller).
 * @returns the adaptive wiring (an Org morphism).
 */
export function xorAdaptiveWiring(opts: XorNetOptions): AdaptiveWiring<unknown> {
  const slopeH = ACTIVATIONS[opts.hidden].slopeFromOutput;
  const slopeO = ACTIVATIONS.sigmoid.slopeFromOutput;
  const lr = opts.lr;
  return {
    diagram: XOR_DIAGRAM,
    nWiringStates: N_PARAMS,
    pattern: (s: Vec, _p: unknown, _t: number, gains: Vec) => {
      gains.set(s);
      gains[N_PARAMS] = 1;
    },
    update: (s: Vec, y: Vec, x: Vec, _p: unknown, _t: number, out: Vec) => {
      const [h1, h2, o] = [y[0]!, y[1]!, y[2]!];
      const dO = (o - x[2]!) * slopeO(o);
      // Backpropagated through the pre-update output gains s[6], s[7].
      const d1 = dO * s[6]! * slopeH(h1);
      const d2 = dO * s[7]! * slopeH(h2);
      const grad = [d1 * x[0]!, d1 * x[1]!, d1, d2 * x[0]!, d2 * x[1]!, d2, dO * h1, dO * h2, dO];
      for (let k = 0; k < N_PARAMS; k++) out[k] = s[k]! - lr * grad[k]!;
    },
  };
}

/**
 * The adaptive-wiring network as a machine: `oapplyAdaptive` of the wiring over
 * parameter-free neuron boxes h1, h2, o and a bias box.
 * @param opts activation, step and init scale.
 * @returns a discrete machine with inputs [x1, x2, target] and 9 states (the gains).
 */
export function xorAdaptiveMachine(opts: XorNetOptions): Machine<unknown> {
  return oapplyAdaptive(xorAdaptiveWiring(opts), [neuronBox('h1', opts.hidden), neuronBox('h2', opts.hidden), neuronBox('o', 'sigmoid'), biasBox]);
}
