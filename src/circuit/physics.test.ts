/**
 * Correctness checks of the solver against exact physics: JTL phase advance per
 * flux quantum, the overdamped I–V law, the Josephson
 * frequency, LC energy conservation, BDF2's second-order convergence.
 */
import { describe, expect, it } from 'vitest';
import { PHI0_WB, countFluxons, netlistCircuit } from './index.js';
import { transient } from './transient.js';
import { LimitError, NonFiniteError } from '../util/index.js';

const MODEL = '.model jj1 jj(rtype=1, vg=2.8mV, cap=0.07pF, r0=160, rN=16, icrit=0.1mA)';

const JTL = `* JTL: two Φ0 voltage pulses (827.13 µV × 5 ps triangles)
${MODEL}
VIN 1 0 pwl(0 0 300p 0 302.5p 827.13u 305p 0 600p 0 602.5p 827.13u 605p 0)
L01 1 2 2p
B01 2 0 jj1 area=2.16
RB01 2 0 5.23
IB01 0 2 pwl(0 0 20p 150u)
L02 2 3 2p
B02 3 0 jj1 area=2.16
RB02 3 0 5.23
IB02 0 3 pwl(0 0 20p 150u)
L03 3 4 2p
RL 4 0 2
.tran 0.25p 1000p
.print phase B01
.print phase B02
`;

function at(timeS: Float64Array, values: Float64Array, tS: number): number {
  return values[timeS.findIndex((t) => t >= tS)]!;
}

describe('sfq solver physics', () => {
  it('JTL: each junction advances 2π per flux-quantum input pulse', () => {
    const res = netlistCircuit(JTL).simulate();
    expect(res.restarts).toBe(0);
    for (const tr of res.traces) {
      const p0 = at(res.timeS, tr.values, 250e-12);
      const p1 = at(res.timeS, tr.values, 450e-12);
      const p2 = at(res.timeS, tr.values, 900e-12);
      expect(p0).toBeGreaterThan(0.2);
      expect(p0).toBeLessThan(Math.PI / 2);
      expect(p1 - p0).toBeCloseTo(2 * Math.PI, 3);
      expect(p2 - p1).toBeCloseTo(2 * Math.PI, 3);
    }
    expect(res.fluxons.map((f) => f.count)).toEqual([2, 2]);
    const c = countFluxons(res.timeS, res.traces[0]!.values);
    expect(c.count).toBe(2);
    expect(c.timesS[0]).toBeGreaterThan(300e-12);
    expect(c.timesS[0]).toBeLessThan(310e-12);
  });

  // Overdamped junction (rtype=0: no quasiparticle branch; β_c ≈ 0.01): ⟨V⟩ = R·√(I² − I_c²), f = ⟨V⟩/Φ₀.
  it.each([150e-6, 200e-6, 300e-6])('overdamped junction at I = %s A: mean voltage within 1%% of R√(I² − Ic²), f = V/Φ0', (iA) => {
    const icA = 100e-6;
    const rOhm = 2;
    const net = `B1 1 0 jo ic=100u\nR1 1 0 ${rOhm}\nI1 0 1 pwl(0 0 10p ${iA})\n.model jo jj(rtype=0, cap=0.01pF, icrit=0.1mA)\n.tran 0.05p 1000p\n.print p(B1)`;
    const res = netlistCircuit(net).simulate();
    const { timeS, traces } = res;
    const phi = traces[0]!.values;
    const c = countFluxons(timeS, phi);
    // Mean voltage over whole periods: between the 3rd slip and the last one.
    const times = c.timesS;
    const k0 = 2;
    const k1 = times.length - 1;
    const vMean = ((k1 - k0) * PHI0_WB) / (times[k1]! - times[k0]!);
    const expected = rOhm * Math.sqrt(iA * iA - icA * icA);
    expect(Math.abs(vMean / expected - 1)).toBeLessThan(0.01);
    // Josephson relation: slips per second = V/Φ0 measured from the phase (∫V dt / Φ0).
    const i0 = timeS.findIndex((t) => t >= times[k0]!);
    const i1 = timeS.findIndex((t) => t >= times[k1]!);
    const vFromPhase = ((phi[i1]! - phi[i0]!) / (2 * Math.PI) / (timeS[i1]! - timeS[i0]!)) * PHI0_WB;
    const f = (k1 - k0) / (times[k1]! - times[k0]!);
    expect(Math.abs(f / (vFromPhase / PHI0_WB) - 1)).toBeLessThan(0.01);
  });

  it('unshunted junction at 250 µA sits above the gap (R_N branch)', () => {
    const net = `B1 1 0 jj1 area=1\nI1 0 1 pwl(0 0 50p 250u)\n${MODEL}\n.tran 0.1p 400p\n.print v(B1)`;
    const res = netlistCircuit(net).simulate();
    const v = res.traces[0]!.values;
    const tail = v.slice(Math.floor(v.length * 0.6));
    const mean = tail.reduce((a, b) => a + b, 0) / tail.length;
    expect(mean).toBeGreaterThan(2.8e-3);
    expect(mean).toBeLessThan(5e-3);
  });

  it('LC oscillator: energy ½LI² + ½CV² is conserved to BDF2 accuracy (slow decay, never growth)', () => {
    const lH = 10e-12;
    const cF = 1e-12;
    const net = `L1 1 0 10p\nC1 1 0 1p\nI1 0 1 pwl(0 0 2p 100u 4p 0)\n.tran 0.05p 220p\n.print i(L1)\n.print v(1)`;
    const res = netlistCircuit(net).simulate();
    const [iL, v] = [res.traces[0]!.values, res.traces[1]!.values];
    const energy = (k: number): number => 0.5 * lH * iL[k]! ** 2 + 0.5 * cF * v[k]! ** 2;
    const k0 = res.timeS.findIndex((t) => t >= 20e-12);
    const e0 = energy(k0);
    expect(e0).toBeGreaterThan(0);
    let maxE = 0;
    for (let k = k0; k < iL.length; k++) maxE = Math.max(maxE, energy(k));
    const eEnd = energy(iL.length - 1);
    expect(maxE / e0).toBeLessThan(1 + 1e-3);
    expect(Math.abs(eEnd / e0 - 1)).toBeLessThan(2e-3); // 10 periods of ~20 ps
  });

  it('BDF2 converges with order 2 on an RLC circuit', () => {
    const net = (h: number): string => `V1 1 0 sin(0 1m 20G)\nR1 1 2 2\nL1 2 3 10p\nC1 3 0 1p\n.tran ${h}p 200p\n.print v(3)`;
    const val = (h: number): number => {
      const res = netlistCircuit(net(h)).simulate();
      return at(res.timeS, res.traces[0]!.values, 150e-12 - 1e-18);
    };
    const ref = val(0.0025);
    const e1 = Math.abs(val(0.2) - ref);
    const e2 = Math.abs(val(0.1) - ref);
    const e3 = Math.abs(val(0.05) - ref);
    const order1 = Math.log2(e1 / e2);
    const order2 = Math.log2(e2 / e3);
    expect(order1).toBeGreaterThan(1.7);
    expect(order1).toBeLessThan(2.3);
    expect(order2).toBeGreaterThan(1.7);
    expect(order2).toBeLessThan(2.3);
  });
});

describe('transient guards', () => {
  const text = 'B1 1 0 jj1 area=1\nR1 1 0 2\nI1 0 1 pwl(0 0 10p 150u)\n.model jj1 jj(icrit=0.1mA, cap=0.07pF, r0=160, rn=16)\n.tran 0.25p 100p\n.print p(B1)';
  const base = { dtS: 0.25e-12, stopS: 100e-12, startS: 0, printStepS: 0.25e-12, tempK: 0, nebHz: 1e12, restartJumpRad: 1e9, maxRestarts: 0, warmupFraction: 0, recordJunctions: false };

  it('stops a diverging phase with a NonFiniteError naming the time and the element', () => {
    // Values no netlist can give any more (the elaborator checks them): a negative capacitance and critical current.
    const flat = netlistCircuit(text).flat;
    const bad = { ...flat, elements: flat.elements.map((e) => (e.jj ? { ...e, jj: { ...e.jj, icA: -e.jj.icA, capF: -e.jj.capF } } : e)) };
    expect(() => transient(bad, base)).toThrow(NonFiniteError);
    expect(() => transient(bad, base)).toThrow(/circuit transient at t = .* s: the phase of (node 1|junction b1) diverged/);
  });

  it('refuses bad times and runs past the limits before allocating', () => {
    const flat = netlistCircuit(text).flat;
    expect(() => transient(flat, { ...base, dtS: 0 })).toThrow('the step is not a positive time');
    expect(() => transient(flat, { ...base, startS: 200e-12 })).toThrow('the start time is outside [0, stop]');
    expect(() => transient(flat, { ...base, maxSteps: 399 })).toThrow(LimitError);
    expect(() => transient(flat, { ...base, maxSteps: 400 })).not.toThrow();
    expect(() => transient(flat, { ...base, maxRecorded: 10 })).toThrow(/samples × 2 traces/);
  });
});

describe('sparse solver against the dense reference', () => {
  it('gives the dense factorisation’s traces through junction region changes (refactorised in place)', () => {
    // The unshunted junction ramps through the gap into the R_N branch: its region changes, so the
    // sparse path refactorises with its old pivots while the dense one factorises from scratch.
    const gap = `B1 1 0 jj1 area=1\nI1 0 1 pwl(0 0 50p 250u)\nL1 1 2 3p\nR2 2 0 200\n${MODEL}\n.tran 0.1p 200p\n.print v(B1)\n.print phase B1`;
    for (const text of [gap, JTL]) {
      const flat = netlistCircuit(text).flat;
      const tr = flat.tran!;
      const opts = { dtS: tr.stepS, stopS: tr.stopS, startS: 0, printStepS: tr.printStepS, tempK: 0, nebHz: 1e12, restartJumpRad: 0.4 * Math.PI, maxRestarts: 4, warmupFraction: 0.01, recordJunctions: false };
      const sparse = transient(flat, opts);
      const dense = transient(flat, { ...opts, solver: 'dense' });
      expect(sparse.steps).toBe(dense.steps);
      sparse.traces.forEach((t, k) => {
        const ref = dense.traces[k]!.values;
        const scale = Math.max(...ref.map(Math.abs));
        let worst = 0;
        for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(t.values[i]! - ref[i]!));
        expect(worst / scale).toBeLessThan(1e-9);
      });
      if (text === gap) expect(sparse.factorizations).toBeGreaterThan(2);
    }
  });
});
