import { describe, expect, it } from 'vitest';
import { createRng } from '../util/index.js';
import { IF_cond_exp, IF_curr_delta, allToAll, histogram, network, spikeSourceArray, spikeSourcePoisson, stdp, stdpPairChange, type StdpConfig } from './index.js';

/** One pre (arriving at preMs) and one post spike (forced by a strong teacher input), then Δw of the plastic synapse. */
function simulatedPair(preMs: number, postMs: number, rule: StdpConfig, w0: number): number {
  const net = network({ dtMs: 1 });
  const pre = net.population(1, spikeSourceArray([[preMs - 1]]));
  const teacher = net.population(1, spikeSourceArray([[postMs - 1]]));
  const post = net.population(1, IF_curr_delta());
  const proj = net.projection(pre, post, allToAll(), { weight: w0, delayMs: 1, plasticity: rule });
  net.projection(teacher, post, allToAll(), { weight: 20, delayMs: 1 });
  const sim = net.build(createRng(0));
  sim.run(Math.max(preMs, postMs) + 5);
  return sim.synapses(proj).weight[0]! - w0;
}

describe('pair-based STDP', () => {
  const rules = [
    stdp({ tauPlusMs: 10, tauMinusMs: 12, aPlus: 0.1, aMinus: 0.12, wMax: 5, weightDependence: 'additive' }),
    stdp({ tauPlusMs: 20, tauMinusMs: 20, aPlus: 0.1, aMinus: 0.12, wMax: 5, weightDependence: 'multiplicative' }),
    stdp({ tauPlusMs: 20, tauMinusMs: 20, aPlus: 0.1, aMinus: 0.12, wMax: 5, pairing: 'nearest' }),
  ];
  for (const rule of rules) {
    it(`Δw for one pair matches the rule (${rule.weightDependence}, ${rule.pairing})`, () => {
      for (const dt of [-15, -4, -1, 0, 1, 3, 8, 20]) {
        const pre = 30;
        const post = pre + dt;
        const got = simulatedPair(pre, post, rule, 2);
        const want = stdpPairChange(rule, pre, post, 2);
        expect(got).toBeCloseTo(want, 12);
      }
      expect(stdpPairChange(rule, 0, 5, 2)).toBeGreaterThan(0);
      expect(stdpPairChange(rule, 5, 0, 2)).toBeLessThan(0);
    });
  }

  it('closed form of the additive rule: Δw = A+·(wMax−wMin)·e^{−Δt/τ+}', () => {
    const r = stdp({ tauPlusMs: 10, aPlus: 0.1, wMax: 20 });
    expect(stdpPairChange(r, 0, 5, 0)).toBeCloseTo(0.1 * 20 * Math.exp(-0.5), 12);
    expect(stdpPairChange(r, 0, 5, 19.9)).toBeCloseTo(0.1, 12); // clipped at wMax
  });

  it('rejects bad configs with typed errors', () => {
    expect(() => stdp({ tauPlusMs: -1 })).toThrow(/tauPlusMs/);
    expect(() => stdp({ wMin: 2, wMax: 1 })).toThrow(/bounds reversed/);
  });

  it('inhibitory plastic projections learn with the same rule and hyperpolarise', () => {
    const net = network({ dtMs: 1 });
    const pre = net.population(1, spikeSourceArray([[4]]));
    const teacher = net.population(1, spikeSourceArray([[6]]));
    const post = net.population(1, IF_curr_delta());
    const proj = net.projection(pre, post, allToAll(), { weight: 1, delayMs: 1, receptor: 'inhibitory', plasticity: { aPlus: 0.1, wMax: 5 } });
    net.projection(teacher, post, allToAll(), { weight: 20, delayMs: 1 });
    const sim = net.build(createRng(0));
    sim.record(post.id, { vIds: [0] });
    sim.run(6);
    expect(sim.membrane(post.id)[0]!).toBeLessThan(-65);
    sim.run(10);
    expect(sim.synapses(proj).weight[0]!).toBeGreaterThan(1);
  });
});

describe('Song, Miller & Abbott (2000): STDP with Poisson inputs', () => {
  it('drives the weights to a bimodal distribution', () => {
    // Brian2's example (N = 1000 at 15 Hz, τm 10 ms, El −74, vt −54, vr −60, τe 5 ms, τ± 20 ms,
    // dApre = 0.01·gmax, dApost = −1.05·dApre) over 200 s of biological time (~4 s wall).
    const gL = 0.2 / 10; // cm / τm (µS); gmax = 0.01 gL, as Brian2's dimensionless ge = 0.01
    const gmax = 0.01 * gL;
    const net = network({ dtMs: 0.1 });
    const inp = net.population(1000, spikeSourcePoisson({ rateHz: 15 }));
    const out = net.population(1, IF_cond_exp({ cmNf: 0.2, tauMMs: 10, vRestMv: -74, vThreshMv: -54, vResetMv: -60, vInitMv: -74, tauRefracMs: 0, tauSynEMs: 5 }));
    const proj = net.projection(inp, out, allToAll(), { weight: [0, gmax], delayMs: 0.1, plasticity: { tauPlusMs: 20, tauMinusMs: 20, aPlus: 0.01, aMinus: 0.0105, wMax: gmax } });
    const sim = net.build(createRng(3));
    const w0 = histogram(Array.from(sim.synapses(proj).weight, (x) => x / gmax), 0, 1, 10);
    sim.run(200_000);
    const h = histogram(Array.from(sim.synapses(proj).weight, (x) => x / gmax), 0, 1, 10);
    const edges = (h[0]! + h[9]!) / 2;
    const middle = (h[4]! + h[5]!) / 2;
    // Uniform at the start; U-shaped (bimodal, modes at the bounds) at the end.
    expect((w0[0]! + w0[9]!) / 2 / ((w0[4]! + w0[5]!) / 2)).toBeLessThan(1.5);
    expect(edges / middle).toBeGreaterThan(3);
    expect(h[0]!).toBeGreaterThan(h[2]!);
    expect(h[9]!).toBeGreaterThan(h[7]!);
  }, 20_000);
});
