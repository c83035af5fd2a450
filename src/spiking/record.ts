/**
 * Recorders: spikes (as time/id pairs, i.e. a raster), membrane traces and
 * weights over time, plus helpers that turn them into plot-ready arrays.
 */

/** Spikes of a population: spike k is neuron `ids[k]` at `timesMs[k]` (a raster). */
export interface SpikeRecord {
  readonly timesMs: Float64Array;
  readonly ids: Int32Array;
}

/** Membrane potentials of neurons `ids`: `v[k][t]` at `timesMs[t]` (mV). */
export interface TraceRecord {
  readonly timesMs: Float64Array;
  readonly ids: readonly number[];
  readonly v: readonly Float64Array[];
}

/** Weights of synapses `synIds` (CSR order): `w[k][t]` at `timesMs[t]`. */
export interface WeightRecord {
  readonly timesMs: Float64Array;
  readonly synIds: readonly number[];
  readonly w: readonly Float64Array[];
}

class Growable {
  data: Float64Array = new Float64Array(256);
  n = 0;
  push(v: number): void {
    if (this.n === this.data.length) {
      const d = new Float64Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.n++] = v;
  }
  result(): Float64Array {
    return this.data.slice(0, this.n);
  }
}

/** Collects spikes step by step. */
export class SpikeRecorder {
  private readonly t = new Growable();
  private readonly id = new Growable();
  constructor(private readonly dtMs: number) {}
  push(step: number, idx: Int32Array, n: number): void {
    for (let k = 0; k < n; k++) {
      this.t.push(step * this.dtMs);
      this.id.push(idx[k]!);
    }
  }
  result(): SpikeRecord {
    return { timesMs: this.t.result(), ids: Int32Array.from(this.id.result()) };
  }
}

/** Samples chosen entries of a live array every `every` steps. */
class Sampler {
  private readonly t = new Growable();
  private readonly cols: Growable[];
  constructor(
    private readonly dtMs: number,
    readonly ids: readonly number[],
    readonly every: number,
  ) {
    this.cols = ids.map(() => new Growable());
  }
  push(step: number, a: Float64Array): void {
    if (step % this.every !== 0) return;
    this.t.push(step * this.dtMs);
    this.ids.forEach((id, k) => this.cols[k]!.push(a[id]!));
  }
  columns(): { timesMs: Float64Array; cols: Float64Array[] } {
    return { timesMs: this.t.result(), cols: this.cols.map((c) => c.result()) };
  }
}

/** Records membrane potentials. */
export class TraceRecorder extends Sampler {
  result(): TraceRecord {
    const { timesMs, cols } = this.columns();
    return { timesMs, ids: this.ids, v: cols };
  }
}

/** Records weights. */
export class WeightRecorder extends Sampler {
  result(): WeightRecord {
    const { timesMs, cols } = this.columns();
    return { timesMs, synIds: this.ids, w: cols };
  }
}

/**
 * Mean firing rate per neuron (Hz) from a raster.
 * @param n population size
 * @param durationMs the recorded duration
 */
export function firingRates(s: SpikeRecord, n: number, durationMs: number): Float64Array {
  const r = new Float64Array(n);
  for (let k = 0; k < s.ids.length; k++) r[s.ids[k]!]! += 1000 / durationMs;
  return r;
}

/** Histogram of values in [lo, hi] with `bins` equal bins (values outside are clamped into the end bins). */
export function histogram(values: ArrayLike<number>, lo: number, hi: number, bins: number): Float64Array {
  const h = new Float64Array(bins);
  for (let k = 0; k < values.length; k++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(((values[k]! - lo) / (hi - lo)) * bins)));
    h[b]! += 1;
  }
  return h;
}
