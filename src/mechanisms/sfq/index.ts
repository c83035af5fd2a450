/**
 * Superconducting single-flux-quantum (SFQ) circuits: a Josephson-junction
 * transient simulator that reads JoSIM / WRspice netlists, a library of SFQ
 * cells, and the rate-coded deep XOR network of the paper.
 *
 * Paper: G. Krylov, A. J. Edwards, J. S. Friedman, E. G. Friedman, "Deep
 * Neuromorphic Networks with Superconducting Single Flux Quanta" (2023).
 * https://arxiv.org/abs/2311.10721 (journal: Neuromorph. Comput. Eng. 4, 014005, 2024)
 *
 * Junction (RCSJ, phase φ, κ = 2π/Φ₀):
 *   I = I_c·sin φ + I_qp(V) + C·dV/dt,  V = φ̇/κ,
 *   I_qp piecewise linear (rtype=1): 1/R0 below V_g − ΔV/2, I_c/(icfct·ΔV) across the gap, 1/R_N above.
 * Method (JoSIM's): phase-mode MNA, BDF2 φ̇_n ≈ (3φ_n − 4φ_{n−1} + φ_{n−2})/(2h); sin φ at the predicted
 *   φ⁰ = (4/3)φ_{n−1} − (1/3)φ_{n−2} + κ(2h/3)(5/2·V_{n−1} − 2V_{n−2} + 1/2·V_{n−3}) (no Newton);
 *   restart at h/2 when |φ⁰ − φ_{n−1}| > 0.2·2π; sparse LU refactorised only on a region change;
 *   Johnson noise √(4kT/R)·√(neb/2)·N(0,1) per 1/neb across every resistor and junction.
 *
 * Deviations: no settling pre-run before t = 0 (netlists ramp their biases; `DST` is parsed and
 * ignored); junction noise uses the subgap resistance R0; `T`, `E F G H` elements, `noise()`/`cus`
 * sources and `.spread`/`.iv` are not supported (parse errors say so). The paper's circuits are not
 * public: the cells and the XOR network are our documented reconstruction; inhibition uses the
 * mirror-image (negative-bias) AND path carrying antifluxons, driven by the inverted input drive.
 */
export { sfqCircuit, SFQ_CIRCUIT_DEFAULTS, type SfqCircuitConfig, type SfqCircuit, type SfqSimulateOptions, countFluxons, resultToCsv, resultToJson } from './circuit.js';
export { parseNetlist, type Netlist, type ParseOptions, type PrintKind } from './netlist.js';
export { elaborate, JJ_MODEL_DEFAULTS, type FlatCircuit, type FlatElement, type FlatPrint, type JjParams } from './elaborate.js';
export { PHI0_WB, KB_J_PER_K } from './junction.js';
export type { SimResult } from './transient.js';
export type { Trace, FluxonRecord, SampleSink } from './record.js';
export { SFQ_CELLS, SFQ_MODEL, pulseTrain } from './cells.js';
export { xorNetlist, XOR_NETWORK_DEFAULTS, XOR_START_PS, XOR_BIAS_CENTER, type XorNetworkOptions } from './xor.js';
