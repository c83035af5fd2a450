/**
 * Dynamics: machines (dynamical systems with typed interfaces), wiring diagrams
 * and their composition (`oapply`), undirected resource sharing, adaptive wiring
 * (`oapplyAdaptive`: the wiring pattern is itself a system, Spivak & Hosgood's Org morphisms),
 * integrators and simulation. After Spivak & Hosgood, "Deep neural networks as
 * nested dynamical systems" (2021), with AlgebraicDynamics.jl's semantics.
 *
 * @see https://arxiv.org/abs/2111.01297
 */
export {
  discreteMachine,
  continuousMachine,
  evaluate,
  readout,
  initialState,
  type Vec,
  type MachineKind,
  type Interface,
  type Feedthrough,
  type Machine,
  type MachineSpecBase,
  type DiscreteSpec,
  type ContinuousSpec,
  type StateFn,
  type StateIntoFn,
  type StateAtFn,
  type ReadoutFn,
  type ReadoutIntoFn,
} from './machine.js';
export { wiringDiagram, validateDiagram, wire, boxLabel, type End, type Wire, type BoxSpec, type WiringDiagram } from './wiring.js';
export { type MachineFill } from './compile.js';
export { oapply, compose, oapplyAdaptive, type AdaptiveWiring } from './oapply.js';
export { substitute } from './flatten.js';
export { replicate, type BatchKernel } from './replicate.js';
export {
  resourceSharer,
  undirectedWiring,
  oapplyUndirected,
  sharerAsMachine,
  type ResourceSharer,
  type ResourceSharerSpec,
  type UndirectedWiring,
} from './undirected.js';
export { eulerApprox, rk4Approx } from './integrate.js';
export { simulate, iterate, type Input, type RecordMode, type SimulateOptions } from './simulate.js';
export { type EventSpec, type EventAction } from './events.js';
export { stateAt, outputAt, type Trajectory, type EventHit } from './record.js';
