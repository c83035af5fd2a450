/**
 * The supervised spatial-pattern detector of Davies et al. (2023), built from
 * `src/mechanisms/spiking`: inputs (SpikeSourceArray) → injector relay neurons
 * (one-to-one, weight 20 mV, delay 1 ms) → one IF_curr_delta output per pattern
 * (all-to-all, plastic additive STDP from w = 0, delay 1 ms); a teacher source
 * makes output p fire `teacherDelayMs` after pattern p, so its active inputs are
 * potentiated (pre before post). Homeostasis (optional): synaptic scaling of each
 * output's incoming weights to Σw = (vThresh − vRest)/tolerance after every
 * presentation, so an output fires when a fraction ≥ tolerance of its learnt
 * weight is present (the paper's "homeostatic factor" for near-matches).
 */
import { IF_curr_delta, allToAll, network, oneToOne, spikeSourceArray, type Simulator } from '../../src/mechanisms/spiking/index.js';
import type { Rng } from '../../src/util/index.js';

/** Detector parameters (precursor scripts' values unless noted). */
export interface DetectorOptions {
  readonly inputs: number;
  readonly outputs: number;
  /** STDP potentiation amplitude (fraction of wMax per pairing); an engineering choice, see README. */
  readonly aPlus: number;
  readonly teacherDelayMs: number;
  /** null = no homeostasis; else the fraction of learnt weight that must be present to fire. */
  readonly tolerance: number | null;
}

/** Presentation length: pattern at 1 ms, teacher at 1 + teacherDelay, then a few quiet steps. */
const PRESENTATION_MS = 12;
const THRESHOLD_GAP_MV = 15; // vThresh − vRest of the sPyNNaker defaults

/** A trainable detector network. */
export class Detector {
  private readonly sim: Simulator;
  private readonly input: number;
  private readonly teacher: number;
  private readonly output: number;
  readonly plastic: number;

  constructor(
    private readonly o: DetectorOptions,
    rng: Rng,
  ) {
    const net = network({ dtMs: 1 });
    const n = o.inputs;
    const inp = net.population(n, spikeSourceArray(Array.from({ length: n }, () => [])), 'input');
    const teach = net.population(o.outputs, spikeSourceArray(Array.from({ length: o.outputs }, () => [])), 'teacher');
    const inj = net.population(n, IF_curr_delta({ tauRefracMs: 0.1 }), 'injectors');
    const out = net.population(o.outputs, IF_curr_delta({ tauRefracMs: 0.1 }), 'outputs');
    net.projection(inp, inj, oneToOne(), { weight: 20, delayMs: 1 });
    net.projection(teach, out, oneToOne(), { weight: 20, delayMs: o.teacherDelayMs });
    this.plastic = net.projection(inj, out, allToAll(), {
      weight: 0,
      delayMs: 1,
      plasticity: { tauPlusMs: 10, tauMinusMs: 12, aPlus: o.aPlus, aMinus: o.aPlus, wMin: 0, wMax: 20, weightDependence: 'additive' },
      scaling: o.tolerance === null ? null : { mode: 'sum', targetSum: THRESHOLD_GAP_MV / o.tolerance, intervalMs: PRESENTATION_MS },
    });
    this.sim = net.build(rng);
    this.input = inp.id;
    this.teacher = teach.id;
    this.output = out.id;
  }

  private present(pattern: readonly number[], teach: number | null, learn: boolean): Int32Array {
    const times: number[][] = Array.from({ length: this.o.inputs }, () => []);
    for (const i of pattern) times[i]!.push(1);
    this.sim.setSpikeTimes(this.input, times);
    this.sim.setSpikeTimes(this.teacher, Array.from({ length: this.o.outputs }, (_, p) => (p === teach ? [1] : [])));
    this.sim.plasticityEnabled = learn;
    this.sim.reset();
    this.sim.run(PRESENTATION_MS);
    return this.sim.spikeCounts(this.output);
  }

  /** One supervised presentation: pattern plus teacher spike for output `p`. */
  train(pattern: readonly number[], p: number): void {
    this.present(pattern, p, true);
  }

  /** Which outputs fire for `pattern` (plasticity off). */
  respond(pattern: readonly number[]): number[] {
    const c = this.present(pattern, null, false);
    const fired: number[] = [];
    c.forEach((k, p) => k > 0 && fired.push(p));
    return fired;
  }

  /** Incoming weights of output p (one per input). */
  weightsOf(p: number): Float64Array {
    const m = this.sim.weightMatrix(this.plastic);
    return Float64Array.from({ length: this.o.inputs }, (_, j) => m[j * this.o.outputs + p]!);
  }
}

/** A random pattern: `k` distinct active inputs of `n`. */
export function randomPattern(n: number, k: number, rng: Rng): number[] {
  return Array.from(rng.permutation(n).subarray(0, k)).sort((a, b) => a - b);
}

/** A pattern at Hamming distance 2m from `base`: m active inputs moved to inactive positions. */
export function movedPattern(base: readonly number[], n: number, m: number, rng: Rng): number[] {
  const on = new Set(base);
  const off = Array.from({ length: n }, (_, i) => i).filter((i) => !on.has(i));
  const drop = rng.shuffle([...base]).slice(0, m);
  const add = rng.shuffle(off).slice(0, m);
  drop.forEach((i) => on.delete(i));
  add.forEach((i) => on.add(i));
  return [...on].sort((a, b) => a - b);
}
