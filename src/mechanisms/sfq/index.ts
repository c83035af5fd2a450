/**
 * Superconducting single-flux-quantum (SFQ) neuromorphic circuits: a library of
 * SFQ cells as JoSIM subcircuits and the rate-coded deep XOR network of the
 * paper, as netlists for the circuit engine (`src/circuit`, `netlistCircuit`).
 *
 * Paper: G. Krylov, A. J. Edwards, J. S. Friedman, E. G. Friedman, "Deep
 * Neuromorphic Networks with Superconducting Single Flux Quanta" (2023).
 * https://arxiv.org/abs/2311.10721 (journal: Neuromorph. Comput. Eng. 4, 014005, 2024)
 *
 * The paper's circuits are not public: the cells and the XOR network are our
 * documented reconstruction; inhibition uses the mirror-image (negative-bias) AND
 * path carrying antifluxons, driven by the inverted input drive.
 */
export { SFQ_CELLS, SFQ_MODEL, pulseTrain } from './cells.js';
export { xorNetlist, XOR_NETWORK_DEFAULTS, XOR_START_PS, XOR_BIAS_CENTER, type XorNetworkOptions } from './xor.js';
