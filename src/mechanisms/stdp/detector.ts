/**
 * The supervised spatial-pattern detector of Davies et al. (2023), built on the spiking engine
 * (`src/spiking`): inputs (SpikeSourceArray) → injector relay neurons
 * (one-to-one, weight 20 mV, delay 1 ms) → one IF_curr_delta output per pattern
 * (all-to-all, plastic additive STDP from w = 0, delay 1 ms); a teacher source
 * makes output p fire `teacherDelayMs` after pattern p, so its active inputs are
 * potentiated (pre before post). Homeostasis (optional): synaptic scaling of each
 * output's incoming weights to Σw = (vThresh − vRest)/tolerance after every
 * presentation, so an output fires when a fraction ≥ tolerance of its learnt
 * weight is present (the paper's "homeostatic factor" for near-matches).
 */
import { IF_curr_delta, allToAll, network, oneToOne, spikeSourceArray, type Simulator } from '../../spiking/index.js';
import { resolveConfig, type Rng } from '../../util/index.js';

/** Configuration of {@link spatialPatternDetector}. */
export interface SpatialDetectorConfig {
  /** Input lines (one injector neuron each). */
  readonly inputs: number;
  /** Output neurons, one per pattern to learn. */
  readonly outputs: number;
  /** STDP potentiation amplitude (fraction of wMax per pairing; A− = A+). */
  readonly aPlus: number;
  /** Teacher spike delay after the pattern (ms). */
  readonly teacherDelayMs: number;
  /** null = no homeostasis; else the fraction of learnt weight that must be present to fire. */
  readonly tolerance: number | null;
}

/** Defaults: the precursor scripts' network with the working A+ of our reproduction (see the experiment's README). */
export const SPATIAL_DETECTOR_DEFAULTS: Readonly<SpatialDetectorConfig> = Object.freeze({
  // 100 input lines with 10 active is the paper's spatial-pattern setup.
  inputs: 100,
  // One pattern, the "ideal detector" case.
  outputs: 1,
  // An engineering choice: the one-shot window where one pairing drives the output to threshold (README).
  aPlus: 0.105,
  // The teacher fires 5 ms after the pattern, inside the 10 ms STDP window (pre before post).
  teacherDelayMs: 5,
  // Homeostasis on: an output fires when 80% of its learnt weight is present.
  tolerance: 0.8,
});

/** A trained-in-place detector: one supervised presentation per `train`, plasticity off in `respond`. */
export interface SpatialPatternDetector {
  readonly config: Readonly<SpatialDetectorConfig>;
  /** One supervised presentation: pattern (active input indices) plus the teacher spike for output `p`. */
  train(pattern: readonly number[], p: number): void;
  /** Which outputs fire for `pattern` (plasticity off). */
  respond(pattern: readonly number[]): number[];
  /** Incoming weights of output p (one per input). */
  weightsOf(p: number): Float64Array;
}

/** Presentation length: pattern at 1 ms, teacher at 1 + teacherDelay, then a few quiet steps. */
const PRESENTATION_MS = 12;
const THRESHOLD_GAP_MV = 15; // vThresh − vRest of the sPyNNaker defaults

/**
 * Builds the detector network on the spiking engine.
 * @param config partial config; unknown keys and out-of-range values throw a ConfigError.
 * @param rng the generator for the network build (the network is deterministic today; the build takes one like every network).
 * @example
 * const d = spatialPatternDetector({ outputs: 2 }, createRng(1));
 * d.train([1, 5, 9], 0);
 * d.respond([1, 5, 9]); // [0]
 */
export function spatialPatternDetector(config: Partial<SpatialDetectorConfig>, rng: Rng): SpatialPatternDetector {
  const c = resolveConfig(
    {
      where: 'spatialPatternDetector(config)',
      defaults: SPATIAL_DETECTOR_DEFAULTS,
      ranges: { inputs: { integer: true, min: 1 }, outputs: { integer: true, min: 1 }, aPlus: { min: 0 }, teacherDelayMs: { min: 0 }, tolerance: { above: 0, max: 1 } },
      nullable: ['tolerance'],
    },
    config,
  );
  const net = network({ dtMs: 1 });
  const n = c.inputs;
  const inp = net.population(n, spikeSourceArray(Array.from({ length: n }, () => [])), 'input');
  const teach = net.population(c.outputs, spikeSourceArray(Array.from({ length: c.outputs }, () => [])), 'teacher');
  const inj = net.population(n, IF_curr_delta({ tauRefracMs: 0.1 }), 'injectors');
  const out = net.population(c.outputs, IF_curr_delta({ tauRefracMs: 0.1 }), 'outputs');
  net.projection(inp, inj, oneToOne(), { weight: 20, delayMs: 1 });
  net.projection(teach, out, oneToOne(), { weight: 20, delayMs: c.teacherDelayMs });
  const plastic = net.projection(inj, out, allToAll(), {
    weight: 0,
    delayMs: 1,
    plasticity: { tauPlusMs: 10, tauMinusMs: 12, aPlus: c.aPlus, aMinus: c.aPlus, wMin: 0, wMax: 20, weightDependence: 'additive' },
    scaling: c.tolerance === null ? null : { mode: 'sum', targetSum: THRESHOLD_GAP_MV / c.tolerance, intervalMs: PRESENTATION_MS },
  });
  const sim: Simulator = net.build(rng);
  const present = (pattern: readonly number[], teacher: number | null, learn: boolean): Int32Array => {
    const times: number[][] = Array.from({ length: n }, () => []);
    for (const i of pattern) times[i]!.push(1);
    sim.setSpikeTimes(inp.id, times);
    sim.setSpikeTimes(teach.id, Array.from({ length: c.outputs }, (_, p) => (p === teacher ? [1] : [])));
    sim.plasticityEnabled = learn;
    sim.reset();
    sim.run(PRESENTATION_MS);
    return sim.spikeCounts(out.id);
  };
  return Object.freeze({
    config: c,
    train(pattern: readonly number[], p: number): void {
      present(pattern, p, true);
    },
    respond(pattern: readonly number[]): number[] {
      const fired: number[] = [];
      present(pattern, null, false).forEach((k, p) => k > 0 && fired.push(p));
      return fired;
    },
    weightsOf(p: number): Float64Array {
      const m = sim.weightMatrix(plastic);
      return Float64Array.from({ length: n }, (_, j) => m[j * c.outputs + p]!);
    },
  });
}
