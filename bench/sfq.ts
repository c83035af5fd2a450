/**
 * SFQ solver benchmark: simulated steps per second for a 100-junction JTL
 * (MIT-LL reference junctions, area 2.16, 5.23 Ω shunts, 2 pH stage inductors,
 * 150 µA biases) carrying an SFQ pulse train, at JoSIM's default step
 * h = 0.25 ps. Run alone: `npx tsx bench/sfq.ts`.
 */
import { netlistCircuit } from '../src/circuit/index.js';
import { SFQ_CELLS, pulseTrain } from '../src/mechanisms/sfq/index.js';

/** Netlist of an `n`-stage JTL driven by a DC/SFQ converter with pulses every `periodPs`. */
export function jtlNetlist(n: number, stopPs: number, periodPs = 50): string {
  const times = Array.from({ length: Math.floor((stopPs - 100) / periodPs) }, (_, k) => 60 + k * periodPs);
  const stages = Array.from({ length: n - 1 }, (_, k) => `X${k + 2} jtl n${k + 1} n${k + 2}`).join('\n');
  return `${SFQ_CELLS}\nIIN 0 in ${pulseTrain(times, 600)}\nX1 dcsfq in n1\n${stages}\nRL n${n} 0 4\n.tran 0.25p ${stopPs}p\n`;
}

/** Runs the benchmark; returns steps/s and the number of junctions and fluxons at the end of the line. */
export function benchSfq(stages = 98, stopPs = 2000): { junctions: number; steps: number; wallS: number; stepsPerS: number; dtPs: number; fluxonsOut: number } {
  const c = netlistCircuit(jtlNetlist(stages, stopPs));
  c.simulate({ stopPs: 100 }); // warm-up (JIT)
  const t0 = performance.now();
  const r = c.simulate();
  const wallS = (performance.now() - t0) / 1000;
  return { junctions: c.junctions.length, steps: r.steps, wallS, stepsPerS: r.steps / wallS, dtPs: r.dtS * 1e12, fluxonsOut: r.fluxons[r.fluxons.length - 1]!.count };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = benchSfq();
  console.log(`sfq JTL: ${r.junctions} junctions, h = ${r.dtPs} ps, ${r.steps} steps in ${r.wallS.toFixed(2)} s → ${Math.round(r.stepsPerS).toLocaleString('en-US')} steps/s (${r.fluxonsOut} fluxons reached the end)`);
}
