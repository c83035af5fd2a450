/**
 * Paper 8's mechanism: learners as nested dynamical systems. A learner (Fong,
 * Spivak & Tuyéras, "Backprop as Functor") composes in series and in parallel,
 * gradient learners and neurons are built from a forward map and its VJP, and a
 * numeric learner runs as a `Machine` (`learnerAsMachine`) so it can be wired with
 * `oapply` / `oapplyAdaptive` from the dynamics core like any other system.
 *
 * Paper: D. I. Spivak, T. Hosgood, "Deep neural networks as nested dynamical
 * systems" (2021). https://arxiv.org/abs/2111.01297
 */
export {
  learner,
  numericLearner,
  initLearner,
  seq,
  par,
  seqVec,
  parVec,
  type Learner,
  type LearnerSpec,
  type LearnerDims,
  type NumericLearner,
  type NumericLearnerSpec,
} from './learner.js';
export {
  gradientLearner,
  neuronLearner,
  fanOutLearner,
  ACTIVATIONS,
  type Vjp,
  type GradientLearnerSpec,
  type Activation,
  type ActivationFns,
  type NeuronLearnerOptions,
  type FanOutOptions,
} from './learner-gradient.js';
export { learnerAsMachine, type LearnerReadout, type LearnerMachineOptions } from './learner-machine.js';
