/**
 * The circuit engine: a Josephson-junction transient simulator that reads JoSIM /
 * WRspice netlists (lexer, expressions, subcircuit elaboration, phase-mode MNA,
 * sparse LU, BDF2 transient with Johnson noise). Mechanisms build their cells and
 * networks as netlists and run them here (`src/mechanisms/sfq` is paper 9's).
 *
 * Junction (RCSJ, phase φ, κ = 2π/Φ₀):
 *   I = I_c·sin φ + I_qp(V) + C·dV/dt,  V = φ̇/κ,
 *   I_qp piecewise linear (rtype=1): 1/R0 below V_g − ΔV/2, I_c/(icfct·ΔV) across the gap, 1/R_N above.
 * Method (JoSIM's): phase-mode MNA, BDF2 φ̇_n ≈ (3φ_n − 4φ_{n−1} + φ_{n−2})/(2h); sin φ at the predicted
 *   φ⁰ = (4/3)φ_{n−1} − (1/3)φ_{n−2} + κ(2h/3)(5/2·V_{n−1} − 2V_{n−2} + 1/2·V_{n−3}) (no Newton);
 *   restart at h/2 when |φ⁰ − φ_{n−1}| > 0.2·2π; sparse LU refactorised only on a region change;
 *   Johnson noise √(4kT/R)·√(neb/2)·N(0,1) per 1/neb across every resistor and junction.
 *
 * Deviations from JoSIM: no settling pre-run before t = 0 (netlists ramp their biases; `DST` is
 * parsed and ignored); junction noise uses the subgap resistance R0; `T`, `E F G H` elements,
 * `noise()`/`cus` sources and `.spread`/`.iv` are not supported (parse errors say so).
 */
export {
  netlistCircuit,
  CIRCUIT_DEFAULTS,
  countFluxons,
  resultToCsv,
  resultToJson,
  type CircuitConfig,
  type NetlistCircuit,
  type CircuitSimulateOptions,
} from './circuit.js';
export { parseNetlist, type Netlist, type ParseOptions, type PrintKind, type RawElement, type ModelDef, type ParamDef, type PrintRequest, type SubcktDef, type TranDef } from './netlist.js';
export type { Field, KeyValue, LogicalLine } from './lex.js';
export type { SourcePos } from './expr.js';
export type { Waveform } from './waveform.js';
export { elaborate, JJ_MODEL_DEFAULTS, type FlatCircuit, type FlatElement, type FlatPrint, type FlatMutual, type JjParams } from './elaborate.js';
export { PHI0_WB, KB_J_PER_K } from './junction.js';
export type { SimResult } from './transient.js';
export type { Trace, FluxonRecord, SampleSink } from './record.js';
