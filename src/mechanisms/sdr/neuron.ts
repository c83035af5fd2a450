/**
 * The active-dendrite layer as a discrete `Machine` (see index.ts for the rule).
 * All state, including the random stream used to choose new synapses, lives in
 * the state vector, so the layer composes with `oapply` and replays exactly.
 *
 * State layout: [rng words ×4] then per cell [predicted, activeSegments,
 * bestOverlap, created, segment₀, …], each segment [count, presyn ×S, permanence ×S].
 */
import { ConfigError, Rng, createRng, resolveConfig } from '../../util/index.js';
import { discreteMachine, type Machine, type Vec } from '../../dynamics/index.js';

/** Configuration of {@link activeDendriteLayer}. */
export interface ActiveDendriteConfig {
  /** n: presynaptic cells (input ports 0..n-1; a value ≥ 0.5 is active). */
  readonly inputSize: number;
  /** Postsynaptic cells, each with its own segments and teaching port. */
  readonly cells: number;
  /** Segments per cell; each stores one context, so this caps stored patterns per cell. */
  readonly segmentsPerCell: number;
  /** Synapse slots per segment (the largest s). */
  readonly synapsesPerSegment: number;
  /** θ: connected active synapses that make a segment fire (an NMDA spike). */
  readonly threshold: number;
  /** Active potential synapses that make a segment "matching" (eligible for reinforcement). */
  readonly matchThreshold: number;
  /** s: synapses a segment grows onto active cells per learning event. */
  readonly newSynapses: number;
  /** Permanence of a new synapse. */
  readonly initialPermanence: number;
  /** A synapse conducts when its permanence ≥ this. */
  readonly connectedPermanence: number;
  /** Added to synapses onto active cells of a reinforced segment. */
  readonly permanenceIncrement: number;
  /** Subtracted from synapses onto inactive cells of a reinforced segment. */
  readonly permanenceDecrement: number;
  /** Subtracted from active synapses of matching segments when the cell was predicted but told it is silent. */
  readonly predictedSegmentDecrement: number;
}

/** Defaults of {@link activeDendriteLayer}. */
export const ACTIVE_DENDRITE_DEFAULTS: Readonly<ActiveDendriteConfig> = Object.freeze({
  // 1024 cells at 2–4 % activity already give P_FP < 1e-9 for s = 20, θ = 10 (paper Fig. 2).
  inputSize: 1024,
  // A single neuron, the unit the paper analyses; layers set more.
  cells: 1,
  // Pyramidal neurons have dozens of dendritic segments (paper §"neuron model").
  segmentsPerCell: 32,
  // Room for reinforcement to add synapses beyond the first 20.
  synapsesPerSegment: 32,
  // θ ≈ 8–20 is the measured NMDA range; 10 keeps the median P_FP ≈ 5e-11 (threshold sweep).
  threshold: 10,
  // Below θ so a noisy repetition still finds (and repairs) its segment.
  matchThreshold: 8,
  // s = 2θ: tolerates 50 % noise on the subsample (P_FN tables) at negligible P_FP.
  newSynapses: 20,
  // Above connectedPermanence: one presentation stores a pattern (one-shot, as the theory assumes).
  initialPermanence: 0.6,
  // HTM's customary midpoint.
  connectedPermanence: 0.5,
  // HTM temporal-memory value: a few repetitions saturate a synapse.
  permanenceIncrement: 0.1,
  // Half the increment, so occasional noise does not disconnect a learned synapse at once.
  permanenceDecrement: 0.05,
  // Small, as in HTM: false predictions fade over many presentations, not one.
  predictedSegmentDecrement: 0.01,
});

const INT_KEYS = ['inputSize', 'cells', 'segmentsPerCell', 'synapsesPerSegment', 'threshold', 'matchThreshold', 'newSynapses'] as const;
const UNIT_KEYS = ['initialPermanence', 'connectedPermanence', 'permanenceIncrement', 'permanenceDecrement', 'predictedSegmentDecrement'] as const;

function validate(c: ActiveDendriteConfig): void {
  const where = 'activeDendriteLayer(config)';
  for (const k of INT_KEYS) {
    const v = c[k];
    if (!Number.isSafeInteger(v) || v < 1) throw new ConfigError(`${where}.${k}`, { what: 'not a positive integer', expected: 'an integer >= 1', received: v });
  }
  for (const k of UNIT_KEYS) {
    const v = c[k];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new ConfigError(`${where}.${k}`, { what: 'not a permanence', expected: 'a number in [0, 1]', received: v });
  }
  if (c.threshold > c.synapsesPerSegment || c.newSynapses > c.synapsesPerSegment) {
    throw new ConfigError(where, { what: 'threshold and newSynapses must fit on a segment', expected: `<= synapsesPerSegment = ${c.synapsesPerSegment}`, received: { threshold: c.threshold, newSynapses: c.newSynapses } });
  }
  if (c.matchThreshold > c.threshold) throw new ConfigError(`${where}.matchThreshold`, { what: 'above threshold', expected: `<= ${c.threshold}`, received: c.matchThreshold });
}

/** Index arithmetic of the state vector. */
interface Layout {
  readonly seg: number;
  readonly cell: number;
  readonly nStates: number;
}

function layoutOf(c: ActiveDendriteConfig): Layout {
  const seg = 1 + 2 * c.synapsesPerSegment;
  const cell = 4 + c.segmentsPerCell * seg;
  return { seg, cell, nStates: 4 + c.cells * cell };
}

/**
 * A layer of neurons with active dendrites, as a discrete Moore machine.
 * Inputs: `inputSize` presynaptic activities, then one teaching signal per cell
 * (1: the cell fires in this context, learn it; −1: it is silent, weaken false
 * predictions; 0: no learning). Outputs: per cell `predicted` (0/1, any segment
 * had ≥ θ connected active synapses on the previous step's input), then per cell
 * the number of active segments.
 * @throws ConfigError for a non-integer size, a permanence outside [0, 1], or θ / s that do not fit.
 * @example
 * const layer = activeDendriteLayer({ inputSize: 64, threshold: 3, matchThreshold: 2, newSynapses: 4 });
 * const u0 = initialState(layer, undefined, createRng(0));
 */
export function activeDendriteLayer(config: Partial<ActiveDendriteConfig> = {}): Machine {
  const c: ActiveDendriteConfig = resolveConfig({ where: 'activeDendriteLayer(config)', defaults: ACTIVE_DENDRITE_DEFAULTS }, config);
  validate(c);
  const L = layoutOf(c);
  const n = c.inputSize;
  const S = c.synapsesPerSegment;
  const activeList = new Int32Array(n);
  const isActive = new Uint8Array(n);
  const conn = new Int32Array(c.segmentsPerCell);
  const pot = new Int32Array(c.segmentsPerCell);

  function adapt(u: Vec, base: number, inc: number, dec: number): void {
    let k = 0;
    const count = u[base]!;
    for (let i = 0; i < count; i++) {
      const pre = u[base + 1 + i]!;
      const perm = Math.min(1, Math.max(0, u[base + 1 + S + i]! + (isActive[pre] ? inc : -dec)));
      if (perm > 0) {
        u[base + 1 + k] = pre;
        u[base + 1 + S + k] = perm;
        k++;
      }
    }
    u[base] = k;
  }

  function grow(u: Vec, base: number, want: number, nActive: number, rng: Rng): void {
    const count = u[base]!;
    const onSeg = new Set<number>();
    for (let i = 0; i < count; i++) onSeg.add(u[base + 1 + i]!);
    const cand: number[] = [];
    for (let i = 0; i < nActive; i++) if (!onSeg.has(activeList[i]!)) cand.push(activeList[i]!);
    const k = Math.min(want, S - count, cand.length);
    for (let i = 0; i < k; i++) {
      const j = rng.int(i, cand.length);
      [cand[i], cand[j]] = [cand[j]!, cand[i]!];
      u[base + 1 + count + i] = cand[i]!;
      u[base + 1 + S + count + i] = c.initialPermanence;
    }
    u[base] = count + k;
  }

  function stepCell(u: Vec, cellBase: number, teach: number, nActive: number, rng: Rng): void {
    let nAct = 0;
    let best = 0;
    let bestMatch = -1;
    for (let g = 0; g < c.segmentsPerCell; g++) {
      const base = cellBase + 4 + g * L.seg;
      let cn = 0;
      let pn = 0;
      for (let i = 0; i < u[base]!; i++) {
        if (!isActive[u[base + 1 + i]!]) continue;
        pn++;
        if (u[base + 1 + S + i]! >= c.connectedPermanence) cn++;
      }
      conn[g] = cn;
      pot[g] = pn;
      if (cn >= c.threshold) nAct++;
      best = Math.max(best, cn);
      if (pn >= c.matchThreshold && (bestMatch < 0 || pn > pot[bestMatch]!)) bestMatch = g;
    }
    u[cellBase] = nAct > 0 ? 1 : 0;
    u[cellBase + 1] = nAct;
    u[cellBase + 2] = best;
    const segBase = (g: number): number => cellBase + 4 + g * L.seg;
    if (teach > 0.5) {
      if (nAct > 0) {
        for (let g = 0; g < c.segmentsPerCell; g++) {
          if (conn[g]! < c.threshold) continue;
          adapt(u, segBase(g), c.permanenceIncrement, c.permanenceDecrement);
          grow(u, segBase(g), c.newSynapses - pot[g]!, nActive, rng);
        }
      } else if (bestMatch >= 0) {
        adapt(u, segBase(bestMatch), c.permanenceIncrement, c.permanenceDecrement);
        grow(u, segBase(bestMatch), c.newSynapses - pot[bestMatch]!, nActive, rng);
      } else {
        // New segment in the oldest slot (FIFO once all are used).
        const g = u[cellBase + 3]! % c.segmentsPerCell;
        u[cellBase + 3] = u[cellBase + 3]! + 1;
        u[segBase(g)] = 0;
        grow(u, segBase(g), c.newSynapses, nActive, rng);
      }
    } else if (teach < -0.5 && c.predictedSegmentDecrement > 0) {
      for (let g = 0; g < c.segmentsPerCell; g++) if (pot[g]! >= c.matchThreshold) adapt(u, segBase(g), -c.predictedSegmentDecrement, 0);
    }
  }

  return discreteMachine({
    name: 'activeDendriteLayer',
    nIn: n + c.cells,
    nOut: 2 * c.cells,
    nStates: L.nStates,
    init: (_p, rng) => {
      const u = new Float64Array(L.nStates);
      u.set((rng ?? createRng(0)).child().getState().s, 0);
      return u;
    },
    updateInto(u, x, _p, _t, out) {
      out.set(u);
      let nActive = 0;
      for (let i = 0; i < n; i++) {
        isActive[i] = x[i]! >= 0.5 ? 1 : 0;
        if (isActive[i]) activeList[nActive++] = i;
      }
      // An all-zero stream (a hand-made zero state) is not a valid xoshiro state: start from seed 0.
      const words: [number, number, number, number] = [out[0]!, out[1]!, out[2]!, out[3]!];
      const rng = words.some((w) => w !== 0) ? new Rng(words) : createRng(0);
      for (let cell = 0; cell < c.cells; cell++) stepCell(out, 4 + cell * L.cell, x[n + cell]!, nActive, rng);
      out.set(rng.getState().s, 0);
    },
    readoutInto(u, _p, _t, out) {
      for (let cell = 0; cell < c.cells; cell++) {
        out[cell] = u[4 + cell * L.cell]!;
        out[c.cells + cell] = u[4 + cell * L.cell + 1]!;
      }
    },
  });
}
