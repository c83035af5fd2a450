/**
 * krylov-2023-sfq-xor: the rate-coded deep XOR network of SFQ synapses and
 * neurons (Krylov, Edwards, Friedman & Friedman 2023), simulated at circuit
 * level with our JoSIM-method solver at 4.2 K with seeded Johnson noise.
 * Measured: the XOR truth table at nominal bias; the global bias-scaling
 * margin over which all four cases stay correct; input/output pulse rates;
 * energy dissipated per junction switching (vs I_c·Φ₀); and a synapse's
 * pass probability vs its weight bias (a sigmoid, by Monte Carlo). The noise
 * makes every run stochastic: claims are judged over `seeds` seeds. Controls:
 * `inhibitionOff` (no antifluxon drive: OR instead of XOR), `flatSynapseBias`.
 */
import { defineExperiment } from '../../src/experiment/index.js';
import { PHI0_WB, netlistCircuit } from '../../src/circuit/index.js';
import { SFQ_CELLS, XOR_NETWORK_DEFAULTS, pulseTrain, xorNetlist } from '../../src/mechanisms/sfq/index.js';
import type { Rng } from '../../src/util/index.js';

const CASES = [[false, false], [false, true], [true, false], [true, true]] as const;
/** I_c of the reference junction (area 2.16 × 100 µA). */
const IC_A = 216e-6;

interface XorRun {
  readonly rateGhz: number;
  readonly slips: number;
  readonly dissipatedJ: number;
}

interface XorConfig {
  readonly periodPs: number;
  readonly pulses: number;
  readonly tempK: number;
  readonly inhibition: string;
}

/** The inhibitionOff control: the mirror (antifluxon) path gets no input drive, so H2 never inhibits O. */
function withoutInhibition(net: string): string {
  return net.replace(/^IAN 0 an .*$/m, 'IAN 0 an 0').replace(/^IBN 0 bn .*$/m, 'IBN 0 bn 0');
}

function runXor(a: boolean, b: boolean, bscale: number, c: XorConfig, rng: Rng): XorRun {
  const full = xorNetlist({ ...XOR_NETWORK_DEFAULTS, a, b, bscale, periodPs: c.periodPs, pulses: c.pulses });
  const net = c.inhibition === 'on' ? full : withoutInhibition(full);
  const res = netlistCircuit(net).simulate({ tempK: c.tempK, rng });
  const out = res.fluxons.find((f) => f.junction === 'b1|xout')!;
  const slips = res.fluxons.reduce((s, f) => s + f.timesS.length + f.reverseTimesS.length, 0);
  return { rateGhz: out.count / (c.pulses * c.periodPs * 1e-3), slips, dissipatedJ: res.dissipatedJ };
}

/** Pass probability of one synapse at weight bias `iwUa`: fraction of `n` input fluxons that reach the output. */
function synapsePass(iwUa: number, n: number, periodPs: number, tempK: number, rng: Rng): number {
  const times = Array.from({ length: n }, (_, k) => 60 + k * periodPs);
  const net = `${SFQ_CELLS}\nIIN 0 in ${pulseTrain(times, 600)}\nX1 dcsfq in 1\nX2 synapse 1 2 iw=${iwUa}u\nX3 jtl 2 3\nRL 3 0 4\n.tran 0.25p ${60 + n * periodPs + 40}p\n`;
  const res = netlistCircuit(net).simulate({ tempK, rng });
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
    seeds: 5,
    bscaleMin: 0.8,
    bscaleMax: 1.4,
    bscaleStep: 0.025,
    decisionFraction: 0.25,
    synapseBiasMinUa: 110,
    synapseBiasMaxUa: 170,
    synapseBiasPoints: 13,
    synapsePulses: 60,
    inhibition: 'on',
    synapseSweep: 'on',
    seed: 0,
  },
  quick: { pulses: 10, seeds: 5, bscaleStep: 0.05, synapseBiasPoints: 13, synapsePulses: 40 },
  smoke: { pulses: 4, seeds: 2, bscaleMin: 1, bscaleMax: 1, bscaleStep: 0.05, synapseBiasPoints: 4, synapsePulses: 6 },
  choices: { inhibition: ['on', 'off'], synapseSweep: ['on', 'flat'] },
  // The pulse period and the bias-scale step must be > 0 (rate 1000 / period; the margin sweep steps by bscaleStep).
  // 0 synapse-bias points skip the sweep (the inhibitionOff control). The synapse bias currents are left free.
  // Limits: ConfigRange.limit's rule (a power of ten ≥ 100× the paper default for counts, ≥ 10× for widths).
  ranges: {
    periodPs: { min: 1e-9 },
    pulses: { integer: true, min: 1, limit: 10_000 },
    tempK: { min: 0 },
    seeds: { integer: true, min: 1, limit: 1_000 },
    // A bias scale past 10 switches every junction; a step under 0.001 would ask for over 10⁴ margin points.
    bscaleMin: { min: 0, max: 10 },
    bscaleMax: { min: 0, max: 10 },
    bscaleStep: { min: 0.001 },
    decisionFraction: { min: 0, max: 1 },
    synapseBiasPoints: { integer: true, min: 0, limit: 10_000 },
    synapsePulses: { integer: true, min: 1, limit: 10_000 },
    seed: { integer: true },
  },
  controls: {
    inhibitionOff: { description: 'the inhibitory (antifluxon mirror) path gets no input drive: the network computes OR, not XOR; the synapse sweep is skipped', overrides: { inhibition: 'off', synapseBiasPoints: 0 } },
    flatSynapseBias: { description: 'every synapse-sweep point at the midpoint weight bias: the bias no longer sets the pass probability; the XOR margin sweep is skipped', overrides: { synapseSweep: 'flat', bscaleMin: 1, bscaleMax: 1 } },
  },
  claims: [
    {
      metric: 'xorCorrect',
      op: '==',
      value: 4,
      paper: { value: null, where: 'Abstract (XOR case study)', note: 'the rate-coded XOR network classifies its inputs; no count or rates published' },
      controls: ['inhibitionOff'],
      description: 'per seed (Johnson noise): all four XOR cases classified correctly by output pulse rate at nominal bias',
    },
    {
      metric: 'marginPct',
      op: '>',
      value: { defaults: 0, quick: 0 },
      paper: { value: null, where: 'Abstract', note: '“wide classification margin”; no number published' },
      controls: ['inhibitionOff'],
      description: 'per seed: global bias-scaling margin (±%) over which all four cases stay correct is positive',
    },
    { metric: 'inputRateGhz', kind: 'fact', op: '>=', value: 10, interval: 'exact', description: 'config echo: the input pulse rate 1000 / periodPs is in the tens of GHz' },
    {
      metric: 'energyPerSwitchOverIcPhi0',
      kind: 'fact',
      op: '<=',
      value: 2,
      description: 'physics of the simulator, not a finding of the paper: energy dissipated per junction switching ≈ I_c·Φ₀ (ratio, per seed)',
    },
    { metric: 'energyPerSwitchOverIcPhi0', kind: 'fact', op: '>=', value: 0.2, description: 'the same: energy per switching is of order I_c·Φ₀, not far below' },
    {
      metric: 'synapsePassSpan',
      op: '>=',
      value: { defaults: 0.8, quick: 0.8 },
      paper: { value: null, where: 'Abstract (journal version)', note: 'a synapse passes or blocks each spike with a bias-set probability (thermal stochasticity); no curve values published' },
      controls: ['flatSynapseBias'],
      description: 'per seed: the weight bias sets the pass probability: P(pass) at the highest bias − P(pass) at the lowest (blocks at low bias, passes at high; ≥ 0.8 = the old ≤ 0.1 and ≥ 0.9 tails together)',
    },
  ],
  run(config, ctx) {
    const c = config;
    const inputRateGhz = 1000 / c.periodPs;
    const decide = (rate: number): boolean => rate > c.decisionFraction * inputRateGhz;
    const metrics: Record<string, number> = { inputRateGhz };
    const samples: Record<string, number[]> = {};
    const per = (k: string, v: number): void => void (samples[k] ??= []).push(v);
    const scales: number[] = [];
    for (let s = c.bscaleMin; s <= c.bscaleMax + 1e-9; s += c.bscaleStep) scales.push(Math.round(s * 1e4) / 1e4);
    const biases = Array.from({ length: c.synapseBiasPoints }, (_, i) => c.synapseBiasMinUa + ((c.synapseBiasMaxUa - c.synapseBiasMinUa) * i) / Math.max(1, c.synapseBiasPoints - 1));
    const midBias = (c.synapseBiasMinUa + c.synapseBiasMaxUa) / 2;
    const rates: number[][] = [];
    const correctByScale: number[][] = [];
    const passBySeed: number[][] = [];

    ctx.progress.start(c.seeds, 'seeds');
    for (let seed = 0; seed < c.seeds; seed++) {
      ctx.throwIfAborted('krylov-2023-sfq-xor');
      const [xorRng, marginRng, synRng] = ctx.rng.fold(seed).split(3) as [Rng, Rng, Rng];
      // 1. Truth table at nominal bias (each seed: its own Johnson noise).
      const nominal = CASES.map(([a, b], k) => runXor(a, b, 1, c, xorRng.fold(k)));
      const ok = nominal.filter((r, k) => decide(r.rateGhz) === (CASES[k]![0] !== CASES[k]![1])).length;
      per('xorCorrect', ok);
      rates.push(nominal.map((r) => r.rateGhz));
      const slips = nominal.reduce((s, r) => s + r.slips, 0);
      const energy = nominal.reduce((s, r) => s + r.dissipatedJ, 0) / Math.max(1, slips);
      per('energyPerSwitchAj', energy * 1e18);
      per('energyPerSwitchOverIcPhi0', energy / (IC_A * PHI0_WB));
      // 2. Margin: seed 0 runs every scale (the series); later seeds walk out from the nominal scale until a scale fails.
      const correct = scales.map(() => NaN);
      const caseOk = (i: number): number => {
        if (Number.isNaN(correct[i]!)) correct[i] = CASES.filter(([a, b], k) => decide(runXor(a, b, scales[i]!, c, marginRng.fold(i * 4 + k)).rateGhz) === (a !== b)).length;
        return correct[i]!;
      };
      if (seed === 0) scales.forEach((_, i) => caseOk(i));
      const mid = scales.findIndex((s) => Math.abs(s - 1) < 1e-6);
      let lo = mid;
      let hi = mid;
      if (mid >= 0 && caseOk(mid) === 4) {
        while (lo > 0 && caseOk(lo - 1) === 4) lo--;
        while (hi < scales.length - 1 && caseOk(hi + 1) === 4) hi++;
      }
      correctByScale.push(correct);
      const good = mid >= 0 && caseOk(mid) === 4;
      per('marginLowPct', good ? (1 - scales[lo]!) * 100 : 0);
      per('marginHighPct', good ? (scales[hi]! - 1) * 100 : 0);
      per('marginPct', Math.min(samples.marginLowPct!.at(-1)!, samples.marginHighPct!.at(-1)!));
      // 3. Synapse pass probability vs weight bias (flat control: every point at the midpoint bias).
      if (biases.length > 0) {
        const pass = biases.map((iw, i) => synapsePass(c.synapseSweep === 'flat' ? midBias : iw, c.synapsePulses, c.periodPs, c.tempK, synRng.fold(i)));
        passBySeed.push(pass);
        per('synapsePassLow', pass[0]!);
        per('synapsePassHigh', pass[pass.length - 1]!);
        per('synapsePassSpan', pass[pass.length - 1]! - pass[0]!);
      }
      ctx.progress.tick();
    }
    ctx.progress.done();
    const avg = (xs: readonly number[]): number => xs.reduce((x, y) => x + y, 0) / xs.length;
    for (const [k, v] of Object.entries(samples)) metrics[k] = avg(v);
    const meanRates = CASES.map((_, k) => avg(rates.map((r) => r[k]!)));
    CASES.forEach(([a, b], k) => (metrics[`outputRateGhz${Number(a)}${Number(b)}`] = meanRates[k]!));
    metrics.icPhi0Aj = IC_A * PHI0_WB * 1e18;
    const pass = biases.map((_, i) => avg(passBySeed.map((p) => p[i]!)));
    const half = biases.findIndex((_, i) => pass[i]! >= 0.5);
    if (biases.length > 0) metrics.synapseHalfBiasUa = half >= 0 ? biases[half]! : NaN;
    const correct = scales.map((_, i) => correctByScale[0]![i]!);

    return {
      metrics,
      samples,
      series: {
        synapse: { kind: 'line', x: biases, ys: { 'P(pass)': pass }, xLabel: 'synapse weight bias (µA)', yLabel: 'pass probability (mean over seeds)', title: `Synapse pass probability vs bias at ${c.tempK} K` },
        margin: { kind: 'line', x: scales, ys: { 'cases correct': correct }, xLabel: 'global bias scaling', yLabel: 'XOR cases correct (of 4; seed 0)', title: 'Classification vs global bias' },
        rates: { kind: 'bar', labels: ['00', '01', '10', '11'], ys: { 'output rate (GHz)': meanRates }, xLabel: 'input pattern AB', yLabel: 'GHz (mean over seeds)', title: 'XOR output pulse rate at nominal bias' },
      },
    };
  },
});
