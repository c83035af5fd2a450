/**
 * The clock-driven simulator behind `network(...).build(rng)`. Everything lives
 * in preallocated typed arrays; one step is:
 * 1. sources fire; 2. plastic projections deliver the presynaptic spikes that
 * arrive now (STDP depression first, NEST's order), into this step's input slot;
 * 3. cells integrate exactly (`stepCells`) on this step's inputs; 4. static
 * projections push the new spikes into per-population ring buffers at
 * slot (t + delay) mod L; 5. post spikes potentiate their incoming plastic
 * synapses; 6. recording and synaptic scaling.
 * A spike at step s with delay d acts on the post neuron's update at step s + d.
 * Traces decay lazily (value and time of last update), so idle neurons cost nothing.
 */
import { residentTypedArray, type ResidentType } from '../tensor/index.js';
import { ArgumentError, LimitError, type Rng } from '../util/index.js';
import { propagators, stepCells, type CellParams, type CellState, type Propagators } from './cells.js';
import { buildCsr, toDelaySteps, transposeIndex, type Csr } from './connectors.js';
import { compileSource, spikeSourceArray, type SourceRuntime } from './sources.js';
import type { PopulationRef, PopulationSpec, ProjectionSpec } from './spec.js';
import { SpikeRecorder, TraceRecorder, WeightRecorder, type SpikeRecord, type TraceRecord, type WeightRecord } from './record.js';
import { Plasticity } from './plasticity.js';

/** Most steps one run() call takes: 10⁹ (hours even for a tiny network). */
export const MAX_RUN_STEPS = 1_000_000_000;

/** Most membrane / weight values recorded per simulator: 10⁸ doubles (800 MB). */
export const MAX_RECORDED_VALUES = 100_000_000;

interface PopRuntime {
  readonly spec: PopulationSpec;
  readonly n: number;
  source: SourceRuntime | null;
  readonly pr: Propagators | null;
  readonly state: CellState | null;
  readonly spiked: Uint8Array;
  readonly spikeIdx: Int32Array;
  nSpiked: number;
  /** Ring buffers of arriving weights: slot s at [s mod L · n, …). */
  bufE: Float64Array;
  bufI: Float64Array;
  L: number;
  readonly counts: Int32Array;
  spikes: SpikeRecorder | null;
  trace: TraceRecorder | null;
}

interface ProjRuntime {
  readonly spec: ProjectionSpec;
  readonly csr: Csr;
  readonly inhibitory: boolean;
  readonly plastic: Plasticity | null;
  weights: WeightRecorder | null;
}

/** A compiled network; build with `network(...).build(rng)`. */
export class Simulator {
  readonly dtMs: number;
  /** Steps taken since the last reset. */
  step = 0;
  /** Synaptic events (spike deliveries to one synapse) since construction. */
  synapticEvents = 0;
  /** Whether plastic projections learn (weights still deliver when false). */
  plasticityEnabled = true;
  /** Membrane and weight values recorded so far (and asked for by the current run). */
  private recorded = 0;
  private readonly pops: PopRuntime[];
  private readonly projs: ProjRuntime[];
  private readonly rng: Rng;

  constructor(dtMs: number, pops: readonly PopulationSpec[], projs: readonly ProjectionSpec[], rng: Rng) {
    this.dtMs = dtMs;
    this.rng = rng;
    this.pops = pops.map((spec) => this.compilePop(spec));
    this.projs = projs.map((spec) => this.compileProj(spec));
    for (const p of this.pops) {
      const L = 1 + Math.max(0, ...this.projs.filter((q) => q.spec.post === p.spec.id).map((q) => maxOf(q.csr.delay)));
      p.L = L;
      const resident = p.state !== null && p.n >= KERNEL_MIN_NEURONS;
      p.bufE = stateArray(Float64Array, L * p.n, resident);
      p.bufI = stateArray(Float64Array, L * p.n, resident);
    }
    this.reset();
  }

  private compilePop(spec: PopulationSpec): PopRuntime {
    const n = spec.size;
    const isCell = 'cmNf' in spec.params;
    // a large cell population's state lives in the kernel memory, where lifStep steps it in place
    const res = isCell && n >= KERNEL_MIN_NEURONS;
    const f64 = (): Float64Array => stateArray(Float64Array, n, res);
    const rt: PopRuntime = {
      spec,
      n,
      source: isCell ? null : compileSource(spec.params as Exclude<PopulationSpec['params'], CellParams>, n, this.dtMs, this.rng.fold(`source${spec.id}`)),
      pr: isCell ? propagators(spec.params as CellParams, this.dtMs) : null,
      state: isCell ? { v: f64(), gE: f64(), gI: f64(), refr: f64(), theta: f64() } : null,
      spiked: stateArray(Uint8Array, n, res),
      spikeIdx: stateArray(Int32Array, n, res),
      nSpiked: 0,
      bufE: new Float64Array(0),
      bufI: new Float64Array(0),
      L: 1,
      counts: new Int32Array(n),
      spikes: null,
      trace: null,
    };
    return rt;
  }

  private compileProj(spec: ProjectionSpec): ProjRuntime {
    const where = `projection ${spec.label}`;
    const pre = this.pops[spec.pre]!;
    const post = this.pops[spec.post]!;
    const wRng = this.rng.fold(`weights${spec.id}`);
    const w = spec.weight;
    const weight = typeof w === 'number' ? () => w : () => wRng.uniform(w[0], w[1]);
    const d = toDelaySteps(`${where}.delayMs`, spec.delayMs, this.dtMs);
    const csr = buildCsr(where, spec.connector, pre.n, post.n, spec.pre === spec.post, this.rng.fold(`connect${spec.id}`), weight, d, this.dtMs);
    let plastic: Plasticity | null = null;
    if (spec.plasticity) {
      if (csr.delay.some((x) => x !== d)) throw new ArgumentError(`${where}.plasticity`, { what: 'plastic projections need one delay for all synapses', expected: d, received: 'per-synapse delays' });
      plastic = new Plasticity(spec.plasticity, spec.scaling, csr, transposeIndex(csr), d, this.dtMs);
    }
    return { spec, csr, inhibitory: spec.receptor === 'inhibitory', plastic, weights: null };
  }

  /** Simulated time since the last reset (ms). */
  get tMs(): number {
    return this.step * this.dtMs;
  }

  /** Resets neurons, traces, in-flight spikes and time to 0 (weights and recordings are kept). */
  reset(): void {
    this.step = 0;
    const initRng = this.rng.fold('vInit');
    for (const p of this.pops) {
      p.bufE.fill(0);
      p.bufI.fill(0);
      p.spiked.fill(0);
      p.nSpiked = 0;
      p.counts.fill(0);
      if (!p.state) continue;
      const { v, gE, gI, refr, theta } = p.state;
      const v0 = p.pr!.params.vInitMv;
      for (let i = 0; i < p.n; i++) v[i] = typeof v0 === 'number' ? v0 : initRng.uniform(v0[0], v0[1]);
      gE.fill(0);
      gI.fill(0);
      refr.fill(0);
      theta.fill(0);
    }
    for (const q of this.projs) q.plastic?.reset();
  }

  /** Replaces the spike times of a SpikeSourceArray population (e.g. the next pattern). */
  setSpikeTimes(pop: number | PopulationRef, spikeTimesMs: readonly (readonly number[])[]): void {
    const p = this.pop(pop);
    if (p.state) throw new ArgumentError('Simulator.setSpikeTimes(pop)', { what: 'not a source population', expected: 'a SpikeSourceArray', received: p.spec.label });
    p.source = compileSource(spikeSourceArray(spikeTimesMs), p.n, this.dtMs, this.rng);
  }

  /**
   * Runs for `durationMs` (rounded to steps).
   * @throws ArgumentError for a negative or non-finite duration; LimitError, before the run, when
   *   it would take more than `MAX_RUN_STEPS` steps or its membrane / weight recordings would
   *   pass `MAX_RECORDED_VALUES` values.
   */
  run(durationMs: number): void {
    if (!(Number.isFinite(durationMs) && durationMs >= 0)) throw new ArgumentError('Simulator.run(durationMs)', { what: 'bad duration', expected: 'a finite time ≥ 0 ms', received: durationMs });
    const steps = Math.round(durationMs / this.dtMs);
    if (steps > MAX_RUN_STEPS) throw new LimitError('Simulator.run', { what: `${durationMs} ms at dt = ${this.dtMs} ms (time steps)`, limit: MAX_RUN_STEPS, requested: steps, raise: 'run the time in several run() calls, or a larger dtMs' });
    const samplers = [...this.pops.map((p) => p.trace), ...this.projs.map((q) => q.weights)];
    let recorded = this.recorded;
    for (const r of samplers) if (r) recorded += Math.ceil(steps / r.every) * (r.ids.length + 1);
    if (recorded > MAX_RECORDED_VALUES) {
      throw new LimitError('Simulator.run', { what: 'recorded membrane and weight values (samples × recorded ids)', limit: MAX_RECORDED_VALUES, requested: recorded, raise: 'a larger everyMs or fewer ids in record() / recordWeights()' });
    }
    this.recorded = recorded;
    for (let k = 0; k < steps; k++) this.advance();
  }

  /** One time step. */
  advance(): void {
    const s = this.step;
    const learn = this.plasticityEnabled;
    for (const p of this.pops) if (p.source) p.nSpiked = p.source.fire(s, p.spikeIdx);
    for (const q of this.projs) {
      if (!q.plastic) continue;
      const post = this.pops[q.spec.post]!;
      const off = (s % post.L) * post.n;
      this.synapticEvents += q.plastic.deliverArrivals(s, q.inhibitory ? post.bufI : post.bufE, off, learn);
    }
    for (const p of this.pops) {
      if (!p.state) continue;
      const off = (s % p.L) * p.n;
      // the slot is zeroed as it is read (a fill on the shared kernel memory is ~10× slower than a plain one)
      p.nSpiked = stepCells(p.pr!, p.state, p.n, p.bufE, p.bufI, off, p.spiked, p.spikeIdx, true);
    }
    for (const p of this.pops) {
      for (let k = 0; k < p.nSpiked; k++) p.counts[p.spikeIdx[k]!]!++;
      p.spikes?.push(s, p.spikeIdx, p.nSpiked);
      if (p.trace && p.state) p.trace.push(s, p.state.v);
    }
    for (const q of this.projs) {
      const pre = this.pops[q.spec.pre]!;
      const post = this.pops[q.spec.post]!;
      if (q.plastic) {
        q.plastic.storePre(s, pre.spikeIdx, pre.nSpiked);
        if (learn) q.plastic.onPost(s, post.spikeIdx, post.nSpiked);
        if (learn) q.plastic.maybeScale(s, post.counts);
      } else this.deliverStatic(q, pre, post, s);
      q.weights?.push(s, q.csr.weight);
    }
    this.step = s + 1;
  }

  private deliverStatic(q: ProjRuntime, pre: PopRuntime, post: PopRuntime, s: number): void {
    const { rowPtr, col, weight, delay } = q.csr;
    const buf = q.inhibitory ? post.bufI : post.bufE;
    const { n, L } = post;
    for (let k = 0; k < pre.nSpiked; k++) {
      const j = pre.spikeIdx[k]!;
      const a = rowPtr[j]!;
      const b = rowPtr[j + 1]!;
      this.synapticEvents += b - a;
      if (b === a) continue;
      const d0 = delay[a]!;
      if (delay[b - 1] === d0 && d0 === delay[(a + b) >> 1]) {
        // Common case: one delay per row (checked cheaply; rows are built with one delay unless fromList).
        const off = ((s + d0) % L) * n;
        for (let m = a; m < b; m++) buf[off + col[m]!]! += weight[m]!;
      } else for (let m = a; m < b; m++) buf[((s + delay[m]!) % L) * n + col[m]!]! += weight[m]!;
    }
  }

  private pop(ref: number | PopulationRef): PopRuntime {
    const id = typeof ref === 'number' ? ref : ref.id;
    const p = this.pops[id];
    if (!p) throw new ArgumentError('Simulator', { what: 'unknown population', expected: `id < ${this.pops.length}`, received: id });
    return p;
  }

  private proj(id: number): ProjRuntime {
    const q = this.projs[id];
    if (!q) throw new ArgumentError('Simulator', { what: 'unknown projection', expected: `id < ${this.projs.length}`, received: id });
    return q;
  }

  /** Starts recording a population's spikes and (optionally) membrane potentials of neurons `vIds` every `everyMs`. */
  record(pop: number | PopulationRef, opts: { spikes?: boolean; vIds?: readonly number[]; everyMs?: number } = {}): void {
    const p = this.pop(pop);
    if (opts.spikes ?? true) p.spikes = new SpikeRecorder(this.dtMs);
    if (opts.vIds && p.state) p.trace = new TraceRecorder(this.dtMs, opts.vIds, Math.max(1, Math.round((opts.everyMs ?? this.dtMs) / this.dtMs)));
  }

  /** Starts recording the weights of synapses `synIds` (CSR order; default all) of a projection every `everyMs`. */
  recordWeights(proj: number, opts: { synIds?: readonly number[]; everyMs?: number } = {}): void {
    const q = this.proj(proj);
    const ids = opts.synIds ?? Array.from({ length: q.csr.col.length }, (_, k) => k);
    q.weights = new WeightRecorder(this.dtMs, ids, Math.max(1, Math.round((opts.everyMs ?? this.dtMs) / this.dtMs)));
  }

  /** Recorded spikes of a population (empty if not recorded). */
  spikes(pop: number | PopulationRef): SpikeRecord {
    return this.pop(pop).spikes?.result() ?? { timesMs: new Float64Array(0), ids: new Int32Array(0) };
  }

  /** Recorded membrane traces of a population. */
  trace(pop: number | PopulationRef): TraceRecord {
    return this.pop(pop).trace?.result() ?? { timesMs: new Float64Array(0), ids: [], v: [] };
  }

  /** Recorded weights of a projection. */
  weightHistory(proj: number): WeightRecord {
    return this.proj(proj).weights?.result() ?? { timesMs: new Float64Array(0), synIds: [], w: [] };
  }

  /** Spike counts per neuron since the last reset. */
  spikeCounts(pop: number | PopulationRef): Int32Array {
    return this.pop(pop).counts.slice();
  }

  /** Neurons that fired in the last step. */
  lastSpikes(pop: number | PopulationRef): Int32Array {
    const p = this.pop(pop);
    return p.spikeIdx.slice(0, p.nSpiked);
  }

  /** Live membrane potentials of a cell population (mV). */
  membrane(pop: number | PopulationRef): Float64Array {
    const p = this.pop(pop);
    if (!p.state) throw new ArgumentError('Simulator.membrane(pop)', { what: 'not a cell population', expected: 'cells', received: p.spec.label });
    return p.state.v;
  }

  /** The projection's synapses in CSR order; `weight` is live (mutations act immediately). */
  synapses(proj: number): Csr {
    return this.proj(proj).csr;
  }

  /** Dense [nPre, nPost] weight matrix (summing duplicate synapses). */
  weightMatrix(proj: number): Float64Array {
    const { nPre, nPost, rowPtr, col, weight } = this.proj(proj).csr;
    const m = new Float64Array(nPre * nPost);
    for (let j = 0; j < nPre; j++) for (let k = rowPtr[j]!; k < rowPtr[j + 1]!; k++) m[j * nPost + col[k]!]! += weight[k]!;
    return m;
  }
}

/** Cell populations at least this large keep their state resident (the kernel's own lower bound). */
const KERNEL_MIN_NEURONS = 64;

/** A zeroed state array: resident in the kernel memory when `resident`, else an ordinary one. */
function stateArray<T extends Float64Array | Int32Array | Uint8Array>(type: { new (n: number): T } & ResidentType<T>, n: number, resident: boolean): T {
  return resident ? residentTypedArray(type, n) : new type(n);
}

function maxOf(a: Uint16Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i]! > m) m = a[i]!;
  return m;
}
