import { describe, expect, it } from 'vitest';
import { createRng } from '../util/index.js';
import { iterate } from '../dynamics/index.js';
import { kernels, referenceKernels, residentTypedArray, setKernels, wasmKernels } from '../tensor/index.js';
import { IF_cond_exp, IF_curr_delta, IF_curr_exp, allToAll, fixedProbability, network, populationMachine, propagators, spikeSourceArray, spikeSourcePoisson, stepCells } from './index.js';

/** Discrete ISI of an LIF under constant current: refractory steps + first step where v crosses threshold. */
function expectedIsiMs(p: { tauMMs: number; cmNf: number; vRestMv: number; vResetMv: number; vThreshMv: number; iOffsetNa: number; tauRefracMs: number }, dtMs: number): number {
  const vInf = p.vRestMv + (p.tauMMs / p.cmNf) * p.iOffsetNa;
  const tCont = p.tauMMs * Math.log((vInf - p.vResetMv) / (vInf - p.vThreshMv));
  return Math.round(p.tauRefracMs / dtMs) * dtMs + Math.ceil(tCont / dtMs - 1e-9) * dtMs;
}

describe('LIF under constant current', () => {
  for (const model of [IF_curr_delta, IF_curr_exp] as const) {
    it(`${model().model}: ISI equals the closed form (quantised), and converges as dt → 0`, () => {
      const params = { iOffsetNa: 1, tauRefracMs: 2, vResetMv: -70 };
      const cont = 20 * Math.log((-45 + 70) / (-45 + 50)) + 2; // vInf = -65 + 20 mV
      for (const dtMs of [1, 0.1, 0.01]) {
        const net = network({ dtMs });
        const pop = net.population(1, model(params));
        const sim = net.build(createRng(0));
        sim.record(pop.id);
        sim.run(200);
        const t = sim.spikes(pop.id).timesMs;
        expect(t.length).toBeGreaterThan(3);
        const isi = t[2]! - t[1]!;
        expect(isi).toBeCloseTo(expectedIsiMs({ ...model(params) }, dtMs), 9);
        expect(Math.abs(isi - cont)).toBeLessThanOrEqual(dtMs + 1e-9);
      }
    });
  }
});

describe('IF_curr_exp response to one input spike', () => {
  it('matches the closed-form PSP at every step', () => {
    const dtMs = 0.1;
    const net = network({ dtMs });
    const src = net.population(1, spikeSourceArray([[1]]));
    const cell = IF_curr_exp({ tauSynEMs: 5, tauMMs: 20, cmNf: 1, vThreshMv: 100 });
    const pop = net.population(1, cell);
    net.projection(src, pop, allToAll(), { weight: 0.5, delayMs: 1 });
    const sim = net.build(createRng(0));
    sim.record(pop.id, { spikes: false, vIds: [0] });
    sim.run(60);
    const { timesMs, v } = sim.trace(pop.id);
    // Spike at 1 ms, delay 1 ms: the current jumps at the end of step 2 ms and acts from then on.
    const t0 = 2;
    let maxErr = 0;
    timesMs.forEach((t, k) => {
      const s = t - t0;
      const psp = s <= 0 ? 0 : ((0.5 / 1) * (20 * 5)) / (5 - 20) * (Math.exp(-s / 5) - Math.exp(-s / 20));
      maxErr = Math.max(maxErr, Math.abs(v[0]![k]! - (-65 + psp)));
    });
    expect(maxErr).toBeLessThan(1e-9);
  });

  it('IF_cond_exp depolarises toward eRevE and stays below it', () => {
    const net = network({ dtMs: 0.1 });
    const src = net.population(1, spikeSourceArray([[1]]));
    const pop = net.population(1, IF_cond_exp({ vThreshMv: 100 }));
    net.projection(src, pop, allToAll(), { weight: 0.1, delayMs: 1 });
    const sim = net.build(createRng(0));
    sim.record(pop.id, { vIds: [0] });
    sim.run(50);
    const v = sim.trace(pop.id).v[0]!;
    const peak = Math.max(...v);
    expect(peak).toBeGreaterThan(-60);
    expect(peak).toBeLessThan(0);
  });
});

describe('adaptive threshold and refractoriness', () => {
  it('a target-rate threshold drives the rate toward its target', () => {
    const net = network({ dtMs: 1 });
    const pop = net.population(1, IF_curr_delta({ iOffsetNa: 2, adaptiveThreshold: { incrementMv: 1, tauMs: Infinity, targetRateHz: 20 } }));
    const fixed = network({ dtMs: 1 });
    const p2 = fixed.population(1, IF_curr_delta({ iOffsetNa: 2 }));
    const sim2 = fixed.build(createRng(0));
    sim2.run(2000);
    const sim3 = net.build(createRng(0));
    sim3.run(5000); // transient
    const before = sim3.spikeCounts(pop.id)[0]!;
    sim3.run(5000);
    const rate = (sim3.spikeCounts(pop.id)[0]! - before) / 5;
    expect(sim2.spikeCounts(p2.id)[0]! / 2).toBeGreaterThan(60);
    expect(Math.abs(rate - 20)).toBeLessThan(2);
  });
});

describe('populationMachine', () => {
  it('steps like the simulator kernel and iterates as a dynamics machine', () => {
    const m = populationMachine(IF_curr_delta({ iOffsetNa: 1 }), 2, 1);
    expect([m.nIn, m.nOut, m.nStates]).toEqual([4, 2, 12]);
    const traj = iterate(m, m.init!(undefined), new Float64Array(4), 40);
    // Same closed-form ISI as the simulator: vInf = -45 mV, reset -65, threshold -50 → ceil(20·ln 4) = 28 steps.
    const spikesAt: number[] = [];
    for (let k = 0; k < traj.nT; k++) if (traj.y[k * 2]! === 1) spikesAt.push(traj.t[k]!);
    expect(spikesAt[0]).toBe(28);
  });
});

describe('the WebAssembly LIF kernel', () => {
  /** A recurrent E/I network with a Poisson drive, big enough (≥ 64 per population) for the kernel. */
  function run(): { spikes: Float64Array[]; v: Float64Array[]; resident: boolean } {
    const net = network({ dtMs: 0.1 });
    const drive = net.population(100, spikeSourcePoisson({ rateHz: 40 }));
    const exc = net.population(300, IF_curr_exp({ tauRefracMs: 2, vInitMv: [-65, -50], adaptiveThreshold: { incrementMv: 0.5, tauMs: 50, targetRateHz: 10 } }));
    const inh = net.population(80, IF_curr_delta({ tauRefracMs: 1, vInitMv: [-65, -52] }));
    net.projection(drive, exc, fixedProbability(0.2), { weight: [0.5, 1.5], delayMs: 1 });
    net.projection(exc, exc, fixedProbability(0.05), { weight: [0.1, 0.4], delayMs: 2.5 });
    net.projection(exc, inh, fixedProbability(0.1), { weight: 1.2, delayMs: 1 });
    net.projection(inh, exc, fixedProbability(0.2), { weight: 0.8, delayMs: 0.5, receptor: 'inhibitory' });
    const sim = net.build(createRng(3));
    for (const p of [exc, inh]) sim.record(p.id);
    sim.run(300);
    return { spikes: [exc, inh].map((p) => sim.spikes(p.id).timesMs), v: [exc, inh].map((p) => sim.membrane(p.id).slice()), resident: wasmKernels()?.isResident(sim.membrane(exc.id)) ?? false };
  }

  it('gives bit-identical spikes and membranes to the reference loop', () => {
    const wasm = wasmKernels();
    if (wasm === null || kernels() !== wasm) return; // no wasm here: only the reference runs
    const fast = run();
    expect(fast.resident).toBe(true); // the state lived in the kernel memory, so the kernel stepped it
    setKernels(referenceKernels);
    let slow: ReturnType<typeof run>;
    try {
      slow = run();
    } finally {
      setKernels(wasm);
    }
    expect(slow.resident).toBe(false);
    expect(fast.spikes[0]!.length).toBeGreaterThan(300); // the network is active
    expect(fast.spikes[1]!.length).toBeGreaterThan(10);
    for (let k = 0; k < 2; k++) {
      expect(fast.spikes[k]).toEqual(slow.spikes[k]);
      expect(fast.v[k]).toEqual(slow.v[k]);
    }
  });

  it('stepCells with clearInputs zeroes the step\'s input slot on both paths', () => {
    const pr = propagators(IF_curr_exp(), 0.1);
    for (const resident of [true, false]) {
      const f = (n: number): Float64Array => (resident ? residentTypedArray(Float64Array, n) : new Float64Array(n));
      const n = 128;
      const st = { v: f(n).fill(-65), gE: f(n), gI: f(n), refr: f(n), theta: f(n) };
      const inE = f(2 * n).fill(1), inI = f(2 * n).fill(2);
      stepCells(pr, st, n, inE, inI, n, new Uint8Array(n), new Int32Array(n), true);
      expect(Array.from(inE.subarray(0, n)).every((x) => x === 1)).toBe(true);
      expect(Array.from(inE.subarray(n)).every((x) => x === 0)).toBe(true);
      expect(Array.from(inI.subarray(n)).every((x) => x === 0)).toBe(true);
      expect(st.gE[5]).toBe(1); // the inputs were read before they were cleared
      expect(st.gI[5]).toBe(2);
    }
  });
});

describe('cell options', () => {
  it('rejects an unknown key with the valid names and accepts PyNN names in PyNN units', () => {
    expect(() => IF_curr_exp({ vThresh: -60 } as never)).toThrow(/unknown key "vThresh" \(did you mean "vThreshMv"\?\)/);
    const pynn = IF_curr_exp({ v_thresh: -60, tau_m: 10, cm: 0.5, i_offset: 1 } as never);
    expect(pynn).toEqual(IF_curr_exp({ vThreshMv: -60, tauMMs: 10, cmNf: 0.5, iOffsetNa: 1 }));
    expect(() => IF_curr_exp({ v_thresh: -60, vThreshMv: -55 } as never)).toThrow(/both/);
  });

  it('the PyNN name changes the spike count the way the camelCase one does', () => {
    const count = (cell: ReturnType<typeof IF_curr_exp>): number => {
      const net = network({ dtMs: 0.1 });
      const pop = net.population(1, cell);
      const sim = net.build(createRng(1));
      sim.record(pop); // the population itself, not only its id
      sim.run(200);
      return sim.spikes(pop).timesMs.length;
    };
    const base = count(IF_curr_exp({ iOffsetNa: 1 }));
    const lower = count(IF_curr_exp({ i_offset: 1, v_thresh: -60 } as never));
    expect(lower).toBe(count(IF_curr_exp({ iOffsetNa: 1, vThreshMv: -60 })));
    expect(lower).toBeGreaterThan(base);
  });
});
