/**
 * krylov-2023-sfq-xor: the rate-coded deep XOR network of SFQ synapses and
 * neurons (Krylov, Edwards, Friedman & Friedman 2023), simulated at circuit
 * level with our JoSIM-method solver at 4.2 K with seeded Johnson noise.
 * Measured: the XOR truth table at nominal bias; the global bias-scaling
 * margin over which all four cases stay correct; input/output pulse rates;
 * energy dissipated per junction switching (vs I_c·Φ₀); and a synapse's
 * pass probability vs its weight bias (a sigmoid, by Monte Carlo).
 */
import { defineExperiment } from '../../src/experiment/index.js';
import { PHI0_WB, SFQ_CELLS, XOR_NETWORK_DEFAULTS, pulseTrain, sfqCircuit, xorNetlist } from '../../src/mechanisms/sfq/index.js';
import type { Rng } from '../../src/util/index.js';

const CASES = [[false, false], [false, true], [true, false], [true, true]] as const;
/** I_c of the reference junction (area 2.16 × 100 µA). */
const IC_A = 216e-6;

interface XorRun {
  readonly rateGhz: number;
  readonly slips: number;
  readonly dissipatedJ: number;
}

function runXor(a: boolean, b: boolean, bscale: number, c: { periodPs: number; pulses: number; tempK: number }, rng: Rng): XorRun {
  const net = xorNetlist({ ...XOR_NETWORK_DEFAULTS, a, b, bscale, periodPs: c.periodPs, pulses: c.pulses });
  const res = sfqCircuit(net).simulate({ tempK: c.tempK, rng });
  const out = res.fluxons.find((f) => f.junction === 'b1|xout')!;
  const slips = res.fluxons.reduce((s, f) => s + f.timesS.length + f.reverseTimesS.length, 0);
  return { rateGhz: out.count / (c.pulses * c.periodPs * 1e-3), slips, dissipatedJ: res.dissipatedJ };
}

/** Pass probability of one synapse at weight bias `iwUa`: fraction of `n` input fluxons that reach the output. */
function synapsePass(iwUa: number, n: number, periodPs: number, tempK: number, rng: Rng): number {
  const times = Array.from({ length: n }, (_, k) => 60 + k * periodPs);
  const net = `${SFQ_CELLS}\nIIN 0 in ${pulseTrain(times, 600)}\nX1 dcsfq in 1\nX2 synapse 1 2 iw=${iwUa}u\nX3 jtl 2 3\nRL 3 0 4\n.tran 0.25p ${60 + n * periodPs + 40}p\n`;
  const res = sfqCircuit(net).simulate({ tempK, rng });
  return Math.max(0, res.fluxons.find((f) => f.junction === 'b1|x3')!.count) / n;
}

export default defineExperiment({
  id: 'krylov-2023-sfq-xor',
  paper: {
    title: 'Deep Neuromorphic Networks with Superconducting Single Flux Quanta',
    authors: 'Krylov, Edwards, Friedman, Friedman',
    year: 2023,
    url: 'https://arxiv.org/abs/2311.10721',
  },
  description:
    'Circuit-level SFQ XOR network (stochastic bias-tuned synapses, threshold neurons, inhibition by a mirror antifluxon path) simulated with a JoSIM-method solver at 4.2 K.',
  defaults: {
    periodPs: 50,
    pulses: 16,
    tempK: 4.2,
    bscaleMin: 0.8,
    bscaleMax: 1.4,
    bscaleStep: 0.025,
    decisionFraction: 0.25,
    synapseBiasMinUa: 110,
    synapseBiasMaxUa: 170,
    synapseBiasPoints: 13,
    synapsePulses: 60,
    seed: 0,
  },
  quick: { pulses: 10, bscaleStep: 0.05, synapseBiasPoints: 13, synapsePulses: 40 },
  smoke: { pulses: 4, bscaleMin: 1, bscaleMax: 1, bscaleStep: 0.05, synapseBiasPoints: 4, synapsePulses: 6 },
  claims: [
    { metric: 'xorCorrect', op: '==', value: 4, description: 'all four XOR cases classified correctly by output pulse rate at nominal bias' },
    { metric: 'marginPct', op: '>', value: { defaults: 0, quick: 0 }, description: 'global bias-scaling margin (±%) over which all four cases stay correct is positive' },
    { metric: 'inputRateGhz', op: '>=', value: 10, description: 'pulse rates in the tens of GHz' },
    { metric: 'energyPerSwitchOverIcPhi0', op: '<=', value: 2, description: 'energy dissipated per junction switching ≈ I_c·Φ₀ (ratio reported)' },
    { metric: 'energyPerSwitchOverIcPhi0', op: '>=', value: 0.2, description: 'energy per switching is of order I_c·Φ₀, not far below' },
    { metric: 'synapsePassLow', op: '<=', value: { defaults: 0.1, quick: 0.1 }, description: 'synapse blocks at low weight bias (sigmoid lower tail)' },
    { metric: 'synapsePassHigh', op: '>=', value: { defaults: 0.9, quick: 0.9 }, description: 'synapse passes at high weight bias (sigmoid upper tail)' },
  ],
  run(config, ctx) {
    const c = config;
    const [xorRng, marginRng, synRng] = ctx.rng.split(3) as [Rng, Rng, Rng];
    const inputRateGhz = 1000 / c.periodPs;
    const decide = (rate: number): boolean => rate > c.decisionFraction * inputRateGhz;
    const metrics: Record<string, number> = { inputRateGhz };

    ctx.progress.start(4, 'xor truth table');
    const nominal = CASES.map(([a, b], k) => {
      const r = runXor(a, b, 1, c, xorRng.fold(k));
      ctx.progress.tick();
      return r;
    });
    ctx.progress.done();
    metrics.xorCorrect = nominal.filter((r, k) => decide(r.rateGhz) === (CASES[k]![0] !== CASES[k]![1])).length;
    nominal.forEach((r, k) => (metrics[`outputRateGhz${Number(CASES[k]![0])}${Number(CASES[k]![1])}`] = r.rateGhz));
    const slips = nominal.reduce((s, r) => s + r.slips, 0);
    const energy = nominal.reduce((s, r) => s + r.dissipatedJ, 0) / Math.max(1, slips);
    metrics.energyPerSwitchAj = energy * 1e18;
    metrics.icPhi0Aj = IC_A * PHI0_WB * 1e18;
    metrics.energyPerSwitchOverIcPhi0 = energy / (IC_A * PHI0_WB);

    const scales: number[] = [];
    for (let s = c.bscaleMin; s <= c.bscaleMax + 1e-9; s += c.bscaleStep) scales.push(Math.round(s * 1e4) / 1e4);
    ctx.progress.start(scales.length, 'bias margin');
    const correct = scales.map((s, i) => {
      ctx.throwIfAborted('bias margin');
      const ok = CASES.filter(([a, b], k) => decide(runXor(a, b, s, c, marginRng.fold(i * 4 + k)).rateGhz) === (a !== b)).length;
      ctx.progress.tick();
      return ok;
    });
    ctx.progress.done();
    const mid = scales.findIndex((s) => Math.abs(s - 1) < 1e-6);
    let lo = mid;
    let hi = mid;
    if (mid >= 0 && correct[mid] === 4) {
      while (lo > 0 && correct[lo - 1] === 4) lo--;
      while (hi < scales.length - 1 && correct[hi + 1] === 4) hi++;
    }
    metrics.marginLowPct = mid >= 0 && correct[mid] === 4 ? (1 - scales[lo]!) * 100 : 0;
    metrics.marginHighPct = mid >= 0 && correct[mid] === 4 ? (scales[hi]! - 1) * 100 : 0;
    metrics.marginPct = Math.min(metrics.marginLowPct, metrics.marginHighPct);

    const biases = Array.from({ length: c.synapseBiasPoints }, (_, i) => c.synapseBiasMinUa + ((c.synapseBiasMaxUa - c.synapseBiasMinUa) * i) / Math.max(1, c.synapseBiasPoints - 1));
    ctx.progress.start(biases.length, 'synapse sigmoid');
    const pass = biases.map((iw, i) => {
      const p = synapsePass(iw, c.synapsePulses, c.periodPs, c.tempK, synRng.fold(i));
      ctx.progress.tick();
      return p;
    });
    ctx.progress.done();
    metrics.synapsePassLow = pass[0]!;
    metrics.synapsePassHigh = pass[pass.length - 1]!;
    const half = biases.findIndex((_, i) => pass[i]! >= 0.5);
    metrics.synapseHalfBiasUa = half >= 0 ? biases[half]! : NaN;

    return {
      metrics,
      series: {
        synapse: { kind: 'line', x: biases, ys: { 'P(pass)': pass }, xLabel: 'synapse weight bias (µA)', yLabel: 'pass probability', title: `Synapse pass probability vs bias at ${c.tempK} K` },
        margin: { kind: 'line', x: scales, ys: { 'cases correct': correct }, xLabel: 'global bias scaling', yLabel: 'XOR cases correct (of 4)', title: 'Classification vs global bias' },
        rates: { kind: 'bar', labels: ['00', '01', '10', '11'], ys: { 'output rate (GHz)': nominal.map((r) => r.rateGhz) }, xLabel: 'input pattern AB', yLabel: 'GHz', title: 'XOR output pulse rate at nominal bias' },
      },
    };
  },
});
