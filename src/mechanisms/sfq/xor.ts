/**
 * The rate-coded deep XOR network built from the SFQ cells (our reconstruction
 * of the paper's case study; its exact circuit is not public):
 *
 *   A⁺, B⁺ ─DC/SFQ─ synapse ─┐                       ┌─ synapse ─ JTL×2 ─┐ (excitatory)
 *                            ├─ H1 = neuron, θ = 1 ──┘                    ├─ O = neuron ─ JTL → output rate
 *   A⁻, B⁻ ─DC/SFQ─ synapse ─┴─ H2 = neuron, θ = 2 ───── synapse ─────────┘ (inhibitory: antifluxons)
 *
 * H1 fires for either input (OR), H2 only for coincident inputs (AND); O sums
 * H1 and the antifluxons of the mirror-image (pol = −1) AND path, so it fires
 * for exactly one active input. Logical 1 = a train of input pulses every
 * `periodPs`; the decision is output rate > half the input rate × `decisionFraction`.
 */
import { SFQ_CELLS, pulseTrain } from './cells.js';

/** Settings of one XOR network run. */
export interface XorNetworkOptions {
  readonly a: boolean;
  readonly b: boolean;
  /** Global bias scaling (1 = nominal). */
  readonly bscale: number;
  /** Input pulse period (ps). */
  readonly periodPs: number;
  /** Number of input pulses per active input. */
  readonly pulses: number;
  /** Synapse weights (bias currents, µA): layer 1 and layer 2. */
  readonly weightUa: number;
  /** Neuron thresholds as soma bias currents (µA). */
  readonly orThresholdUa: number;
  readonly andThresholdUa: number;
  readonly outThresholdUa: number;
}

/** Nominal network settings. */
export const XOR_NETWORK_DEFAULTS = Object.freeze({
  bscale: 1,
  periodPs: 50,
  pulses: 10,
  weightUa: 190,
  orThresholdUa: 240,
  andThresholdUa: 100,
  outThresholdUa: 240,
});

/**
 * The network's nominal bias point as a multiple of the cell library's biases:
 * the centre of the bias range over which all four cases are correct (cells
 * alone: 1.00–1.25), as a designer biases a circuit at the middle of its margins.
 */
export const XOR_BIAS_CENTER = 1.12;

/** Time before the first input pulse (ps): biases ramp over 20 ps, then settle. */
export const XOR_START_PS = 60;

/**
 * Netlist text of the XOR network for one input pattern.
 * @returns the netlist; the output junction is `b1|xout`, the hidden somas `bo|xh1`, `bo|xh2`.
 * @example
 * const net = xorNetlist({ ...XOR_NETWORK_DEFAULTS, a: true, b: false });
 */
export function xorNetlist(o: XorNetworkOptions): string {
  const times = Array.from({ length: o.pulses }, (_, k) => XOR_START_PS + k * o.periodPs);
  const src = (on: boolean, sign: number): string => (on ? pulseTrain(times, sign * 600) : '0');
  const stopPs = XOR_START_PS + o.pulses * o.periodPs + 60;
  return `* rate-coded SFQ XOR network
${SFQ_CELLS}
.param bscale=${XOR_BIAS_CENTER * o.bscale}
IAP 0 ap ${src(o.a, 1)}
IBP 0 bp ${src(o.b, 1)}
IAN 0 an ${src(o.a, -1)}
IBN 0 bn ${src(o.b, -1)}
XDAP dcsfq ap dap
XDBP dcsfq bp dbp
XDAN dcsfq an dan pol=-1
XDBN dcsfq bn dbn pol=-1
XS1 synapse dap s1 iw=${o.weightUa}u
XS2 synapse dbp s2 iw=${o.weightUa}u
XS3 synapse dan s3 iw=${o.weightUa}u pol=-1
XS4 synapse dbn s4 iw=${o.weightUa}u pol=-1
XH1 neuron s1 s2 h1 ith=${o.orThresholdUa}u lin=5p rin=0.25
XH2 neuron s3 s4 h2 ith=${o.andThresholdUa}u lin=8p rin=0.4 pol=-1
XS5 synapse h1 s5 iw=${o.weightUa}u
XS6 synapse h2 s6 iw=${o.weightUa}u pol=-1
XD1 jtl s5 d1
XD2 jtl d1 d2
XO neuron d2 s6 o ith=${o.outThresholdUa}u lin=5p rin=0.25
XOUT jtl o out
RL out 0 4
.tran 0.25p ${stopPs}p
`;
}
