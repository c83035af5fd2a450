/**
 * Standard SFQ cells as JoSIM subcircuits, built on JoSIM's MIT-LL reference
 * junction (I_c = 100 µA per unit area, β_c ≈ 2.4 with a 11.3/area Ω shunt).
 * Every bias source is `pol·bscale·I`: `bscale` (a global `.param`) scales all
 * biases for margin analysis, and `pol = −1` builds the mirror-image cell that
 * carries antifluxons (used for inhibition). Biases ramp up over 20 ps.
 *
 * Cells (ports in order):
 * - `jtl a q`: one JTL stage, input inductor and a biased junction at q.
 * - `dcsfq in q`: DC/SFQ converter; a current pulse into `in` (≈ 600 µA) emits one fluxon at its rising edge,
 *   the storage loop resets (escape junction B1) on the falling edge.
 * - `split a q1 q2`: splitter (fan-out 2): B1 (area 3, 230 µA) drives the two output stages.
 * - `merge a b q mb=1`: confluence buffer (fan-in 2). Input stages B1/B2 (area 2.16, lightly biased, 60 µA) feed the
 *   merge node 3 through series escape junctions BE1/BE2 (area 2, unbiased, 2 pH in series); B3 at node 3
 *   (area 2.5) carries a heavy 380 µA bias, part of which returns through BE1/BE2 into B1/B2. That static current
 *   protects the forward path (a fluxon from `a` switches B3, not BE1) and pre-loads the backward one: when B3
 *   switches, BE2 slips −2π and the pulse does not reach `b`. `mb` scales the three merge biases; the cell
 *   works for mb from 0.8 to 1.2 (our own values, tuned in this simulator).
 * - `sfqdc a q`: SFQ/DC converter, a toggle read by a DC SQUID. The input stage B1 feeds node m through the
 *   series junction BB; m (280 µA bias) reaches ground through two 8 pH arms LA → BL and LB → BR (area 2.5;
 *   a 40 µA source IX from r to l unbalances them). State 0 → 1: the input fluxon is stored at m (no junction
 *   slips; LA and LB carry ≈ 140 µA more). State 1 → 0: the next fluxon switches BB, BL and BR once each and
 *   the stored flux leaves. LA and LB couple (k = +0.6, −0.6) into a SQUID (two overdamped area-0.7 junctions,
 *   shunt 0.4× the standard, 2 × 6 pH arms, 115 µA bias) whose flux-bias line LF carries −300 µA (k = 0.5):
 *   in state 0 the SQUID stays superconducting (V(q) ≈ 0), in state 1 its critical current drops below the
 *   bias and `q` sits at ≈ 0.25 mV. Our own design and values, tuned in this simulator: the toggle works for
 *   the m bias from 250 to 300 µA (−11 … +7 %) and IX from 10 to 70 µA; the read-out tolerates ±9 % on its
 *   bias and ±17 % on the flux bias.
 * - `synapse a q iw=…`: a stochastic pass/block stage. An input fluxon switches either the weight junction BS
 *   (biased by `iw`: pass) or the series escape junction BE (block). Thermal noise makes it a Bernoulli trial
 *   whose pass probability is a sigmoid in `iw`.
 * - `neuron a b q ith=…`: two L–R (leaky) inductive inputs summed into the soma junction BO, biased by `ith`:
 *   each stored input fluxon adds ≈ Φ₀/L_in (≈ 100 µA) decaying with τ = L/R = 20 ps; BO emits a fluxon when the
 *   sum crosses I_c − ith, which resets the loop by Φ₀. Inputs from mirror (pol = −1) lines inhibit.
 */

/** The reference junction model (JoSIM's MIT-LL test model). */
export const SFQ_MODEL = '.model jjm jj(rtype=1, vg=2.8mV, cap=0.07pF, r0=160, rN=16, icrit=0.1mA)';

/** A shunted junction: `name n+ n- area`, shunt 11.3·f/area Ω (β_c ≈ 2.4·f² at any area; f < 1 overdamps). */
function jj(name: string, a: string, b: string, area: number, f = 1): string {
  return `B${name} ${a} ${b} jjm area=${area}\nRS${name} ${a} ${b} ${((11.3 * f) / area).toFixed(4)}\n`;
}

function bias(name: string, node: string, ua: number | string): string {
  return `IB${name} 0 ${node} pwl(0 0 20p {pol*bscale*${ua}u})\n`;
}

/** The cell library as netlist text: the model, `bscale`, and every subcircuit. */
export const SFQ_CELLS = `${SFQ_MODEL}
.param bscale=1
.subckt jtl a q pol=1
L1 a q 2p
${jj('1', 'q', '0', 2.16)}${bias('1', 'q', 150)}.ends jtl
.subckt dcsfq in q pol=1
LIN in 1 1p
LST 1 0 5p
${jj('1', '1', '2', 2)}${jj('2', '2', '0', 2.5)}${bias('2', '2', 160)}L2 2 q 2p
${jj('3', 'q', '0', 2.16)}${bias('3', 'q', 150)}.ends dcsfq
.subckt split a q1 q2 pol=1
L1 a 1 1p
${jj('1', '1', '0', 3)}${bias('1', '1', 230)}L2 1 q1 2p
${jj('2', 'q1', '0', 2.16)}${bias('2', 'q1', 150)}L3 1 q2 2p
${jj('3', 'q2', '0', 2.16)}${bias('3', 'q2', 150)}.ends split
.subckt merge a b q pol=1 mb=1
L1 a 1 2p
${jj('1', '1', '0', 2.16)}${bias('1', '1', 'mb*60')}LE1 1 5 2p
${jj('E1', '5', '3', 2)}L2 b 2 2p
${jj('2', '2', '0', 2.16)}${bias('2', '2', 'mb*60')}LE2 2 6 2p
${jj('E2', '6', '3', 2)}${jj('3', '3', '0', 2.5)}${bias('3', '3', 'mb*380')}L4 3 q 2p
${jj('4', 'q', '0', 2.16)}${bias('4', 'q', 150)}.ends merge
.subckt sfqdc a q pol=1
L1 a 1 2p
${jj('1', '1', '0', 2.16)}${bias('1', '1', 150)}${jj('B', '1', 'm', 2.8)}LA m l 8p
LB m r 8p
${jj('L', 'l', '0', 2.5)}${jj('R', 'r', '0', 2.5)}${bias('M', 'm', 280)}IX r l pwl(0 0 20p {pol*bscale*40u})
LQA q sa 6p
LQB q sb 6p
${jj('QA', 'sa', '0', 0.7, 0.4)}${jj('QB', 'sb', '0', 0.7, 0.4)}${bias('Q', 'q', 115)}KA LA LQA 0.6
KB LB LQB -0.6
LF f 0 4p
${bias('F', 'f', -300)}KF LF LQA 0.5
.ends sfqdc
.subckt synapse a q iw=150u pol=1
L1 a 1 2p
${jj('1', '1', '0', 2.16)}${bias('1', '1', 150)}${jj('E', '1', '2', 2.5)}LS 2 3 0.5p
${jj('S', '3', '0', 2.16)}IBS 0 3 pwl(0 0 20p {pol*bscale*iw})
L3 3 q 2p
${jj('O', 'q', '0', 3)}${bias('O', 'q', 150)}.ends synapse
.subckt neuron a b q ith=160u pol=1 lin=12p rin=0.6
LA a ma {lin}
RA ma x {rin}
LB b mb {lin}
RB mb x {rin}
${jj('O', 'x', '0', 2.16)}IBO 0 x pwl(0 0 20p {pol*bscale*ith})
L2 x q 2p
${jj('2', 'q', '0', 3)}${bias('2', 'q', 150)}.ends neuron
`;

/** A train of trapezoidal current pulses (rise 10 ps, high 20 ps, fall 10 ps) for a DC/SFQ input, as a pwl source. */
export function pulseTrain(timesPs: readonly number[], ampUa: number): string {
  const pts = ['0 0'];
  for (const t of timesPs) pts.push(`${t}p 0 ${t + 10}p ${ampUa}u ${t + 30}p ${ampUa}u ${t + 40}p 0`);
  return `pwl(${pts.join(' ')})`;
}
