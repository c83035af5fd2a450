/**
 * Spiking benchmark: the Vogels–Abbott CUBA network (4,000 LIF neurons, 3,200
 * excitatory / 800 inhibitory, 2% connectivity, dt = 0.1 ms, 1 s of biological
 * time) in `src/spiking`, side by side with Brian2 (Debian
 * `python3-brian`, default 'runtime' codegen target, same model and dt).
 * Run alone: `npx tsx bench/spiking.ts` (skips Brian2 if it is not installed).
 *
 * Model mapping: Brian2's dv/dt = (ge + gi − (v − El))/τm with ge, gi in volts
 * equals IF_curr_exp with cm = 1 nF, τm = 20 ms and weights w·cm/τm in nA:
 * we = 1.62 mV → 0.081 nA, wi = 9 mV → 0.45 nA (inhibitory receptor).
 */
import { execFileSync } from 'node:child_process';
import { IF_curr_exp, fixedProbability, network } from '../src/spiking/index.js';
import { createRng } from '../src/util/index.js';

/** Result of one CUBA run. */
export interface CubaResult {
  readonly wallS: number;
  readonly buildS: number;
  readonly spikes: number;
  readonly events: number;
  readonly synapses: number;
}

/** Builds and runs CUBA for `durationMs`; times the run only (build reported separately). */
export function runCuba(durationMs = 1000, seed = 0): CubaResult {
  const t0 = performance.now();
  const net = network({ dtMs: 0.1 });
  const cell = IF_curr_exp({ cmNf: 1, tauMMs: 20, tauSynEMs: 5, tauSynIMs: 10, vRestMv: -49, vThreshMv: -50, vResetMv: -60, tauRefracMs: 5, vInitMv: [-60, -50] });
  const exc = net.population(3200, cell, 'exc');
  const inh = net.population(800, cell, 'inh');
  const we = 1.62 / 20;
  const wi = 9 / 20;
  for (const post of [exc, inh]) {
    net.projection(exc, post, fixedProbability(0.02), { weight: we, delayMs: 0.1, receptor: 'excitatory' });
    net.projection(inh, post, fixedProbability(0.02), { weight: wi, delayMs: 0.1, receptor: 'inhibitory' });
  }
  const sim = net.build(createRng(seed));
  const synapses = [0, 1, 2, 3].reduce((s, k) => s + sim.synapses(k).col.length, 0);
  const t1 = performance.now();
  sim.run(durationMs);
  const t2 = performance.now();
  const spikes = Array.from(sim.spikeCounts(exc.id)).reduce((a, b) => a + b, 0) + Array.from(sim.spikeCounts(inh.id)).reduce((a, b) => a + b, 0);
  return { wallS: (t2 - t1) / 1000, buildS: (t1 - t0) / 1000, spikes, events: sim.synapticEvents, synapses };
}

export interface BrianResult {
  readonly wallS: number;
  readonly warmupS: number;
  readonly spikes: number;
  readonly events: number;
  readonly synapses: number;
  readonly target: string;
}

function runBrian(): BrianResult | null {
  try {
    const out = execFileSync('/usr/bin/python3', ['bench/brian_cuba.py'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 900_000 });
    return JSON.parse(out.trim().split('\n').pop()!) as BrianResult;
  } catch {
    return null;
  }
}

/** The CUBA comparison; `ratio` = Brian2 wall time / neuromorph wall time (> 1: we are faster), null without Brian2. */
export interface SpikingResult {
  readonly ours: CubaResult;
  readonly brian: BrianResult | null;
  readonly ratio: number | null;
}

/** Runs the comparison and prints a table through `log`; returns the numbers for `bench/index.ts`. */
export function benchSpiking(log: (line: string) => void = console.log): SpikingResult {
  runCuba(50); // JIT warm-up
  const ours = runCuba(1000);
  const brian = runBrian();
  const ratio = brian ? brian.wallS / ours.wallS : null;
  const fmt = (x: number): string => x.toPrecision(3);
  log('CUBA (Vogels & Abbott 2005): 4,000 LIF, 2% connectivity, dt 0.1 ms, 1 s biological time');
  log(`neuromorph: ${fmt(ours.wallS)} s run (+${fmt(ours.buildS)} s build), ${ours.spikes} spikes (${fmt(ours.spikes / 4000)} Hz), ${ours.synapses} synapses, ${fmt(ours.events / ours.wallS / 1e6)} M synaptic events/s`);
  if (brian) {
    log(`Brian2 (${brian.target}): ${fmt(brian.wallS)} s run (first 1 ms incl. codegen ${fmt(brian.warmupS)} s), ${brian.spikes} spikes (${fmt(brian.spikes / 4000)} Hz), ${fmt(brian.events / brian.wallS / 1e6)} M synaptic events/s`);
    log(`speed-up vs Brian2: ${fmt(ratio!)}x (Brian2 wall / neuromorph wall; shared machine, timings noisy)`);
  } else log('Brian2: not available (apt-get install python3-brian)');
  return { ours, brian, ratio };
}

if (import.meta.url === `file://${process.argv[1]}`) benchSpiking();
