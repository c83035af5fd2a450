/**
 * A ring of coupled harmonic oscillators, one box each:
 *   q_i' = p_i,   p_i' = −ω² q_i + k (q_left + q_right − 2 q_i)
 * Box i has state [q, p], inputs [q_left, q_right] and output q; the ring wires
 * each output to both neighbours. Energy
 *   E = Σ ½p_i² + ½ω² q_i² + ½k (q_{i+1} − q_i)²
 * is conserved. Also used by bench/dynamics.ts (1,000 boxes).
 * Run: npx tsx examples/coupled-oscillators.ts
 */
import { pathToFileURL } from 'node:url';
import { continuousMachine, oapply, simulate, wire, wiringDiagram, type Machine, type Wire, type WiringDiagram } from '../src/dynamics/index.js';

/** ω² and the spring constant k between neighbours. */
export const RING = Object.freeze({ omega2: 1, k: 0.5 });

/** One oscillator box: state [q, p], inputs [q_left, q_right], output q. */
export function oscillator(params = RING): Machine {
  const { omega2, k } = params;
  return continuousMachine({
    nIn: 2,
    nOut: 1,
    nStates: 2,
    name: 'oscillator',
    stateNames: ['q', 'p'],
    dynamicsInto: (u, x, _p, _t, out) => {
      out[0] = u[1]!;
      out[1] = -omega2 * u[0]! + k * (x[0]! + x[1]! - 2 * u[0]!);
    },
    readoutInto: (u, _p, _t, out) => {
      out[0] = u[0]!;
    },
  });
}

/** The ring's wires: box i's output feeds box i+1's left input and box i−1's right input. */
export function ringWires(n: number): Wire[] {
  const wires: Wire[] = [];
  for (let i = 0; i < n; i++) {
    wires.push(wire([i, 0], [(i + 1) % n, 0]));
    wires.push(wire([i, 0], [(i - 1 + n) % n, 1]));
  }
  return wires;
}

/** A closed ring diagram of n oscillator boxes; outer outputs are all q_i. */
export function ringDiagram(n: number): WiringDiagram {
  return wiringDiagram({
    outer: { nIn: 0, nOut: n },
    boxes: Array.from({ length: n }, (_, i) => ({ nIn: 2, nOut: 1, name: `osc${i}` })),
    wires: [...ringWires(n), ...Array.from({ length: n }, (_, i) => wire([i, 0], ['out', i]))],
  });
}

/** Total energy of a ring state `[q0, p0, q1, p1, ...]`. */
export function ringEnergy(u: ArrayLike<number>, params = RING): number {
  const n = u.length / 2;
  let e = 0;
  for (let i = 0; i < n; i++) {
    const q = u[2 * i]!;
    const dq = u[2 * ((i + 1) % n)]! - q;
    e += 0.5 * u[2 * i + 1]! ** 2 + 0.5 * params.omega2 * q * q + 0.5 * params.k * dq * dq;
  }
  return e;
}

/** Simulates a ring of n boxes, one displaced, with RK45; returns the energy drift and the spread of the pulse. */
export function main(options: { n?: number; tEnd?: number; rtol?: number } = {}) {
  const n = options.n ?? 8;
  const box = oscillator();
  const m = oapply(ringDiagram(n), Array.from({ length: n }, () => box));
  const u0 = new Float64Array(2 * n);
  u0[0] = 1;
  const tr = simulate(m, u0, [], { tSpan: [0, options.tEnd ?? 30], rtol: options.rtol ?? 1e-10, atol: 1e-12 });
  const e0 = ringEnergy(u0);
  let maxRelDrift = 0;
  for (let k = 0; k < tr.nT; k++) maxRelDrift = Math.max(maxRelDrift, Math.abs(ringEnergy(tr.u.subarray(2 * n * k, 2 * n * (k + 1))) - e0) / e0);
  // the displacement spreads around the ring: every oscillator moves at some time
  const maxAmp = Array.from({ length: n }, (_, i) => Math.max(...Array.from({ length: tr.nT }, (_, k) => Math.abs(tr.y[n * k + i]!))));
  return { n, t: tr.t, q: tr.y, steps: tr.stats.steps, e0, maxRelDrift, maxAmp };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = main();
  console.log(`ring of ${r.n} coupled oscillators (${r.n} boxes), RK45 over t ∈ [0, 30]: ${r.steps} steps`);
  console.log(`energy ${r.e0.toFixed(6)}, max relative drift ${r.maxRelDrift.toExponential(2)}`);
  console.log(`max |q_i|: ${r.maxAmp.map((a) => a.toFixed(3)).join(' ')}`);
}
