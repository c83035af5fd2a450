/**
 * Spike sources (PyNN `SpikeSourceArray`, `SpikeSourcePoisson`) and spatial
 * patterns: a set of inputs that all fire at one instant (Davies et al. 2023).
 * Times are in ms and quantised to the step that contains them (t/dt rounded).
 */
import { ArgumentError, type Rng } from '../util/index.js';

/** A source population's description. */
export type SourceParams =
  | { readonly model: 'SpikeSourceArray'; readonly spikeTimesMs: readonly (readonly number[])[] }
  | { readonly model: 'SpikeSourcePoisson'; readonly rateHz: number; readonly startMs: number; readonly durationMs: number };

/** PyNN `SpikeSourceArray`: `spikeTimesMs[i]` lists neuron i's spike times (ms). */
export function spikeSourceArray(spikeTimesMs: readonly (readonly number[])[]): SourceParams {
  spikeTimesMs.forEach((ts, i) =>
    ts.forEach((t) => {
      if (!(t >= 0) || !Number.isFinite(t)) throw new ArgumentError(`spikeSourceArray(spikeTimesMs)[${i}]`, { what: 'bad spike time', expected: 'finite ms >= 0', received: t });
    }),
  );
  return { model: 'SpikeSourceArray', spikeTimesMs };
}

/** PyNN `SpikeSourcePoisson` (seeded by the network rng): independent Poisson trains at `rateHz`. */
export function spikeSourcePoisson(opts: { rateHz: number; startMs?: number; durationMs?: number }): SourceParams {
  if (!(opts.rateHz >= 0) || !Number.isFinite(opts.rateHz)) throw new ArgumentError('spikeSourcePoisson(opts).rateHz', { what: 'bad rate', expected: 'finite >= 0', received: opts.rateHz });
  return { model: 'SpikeSourcePoisson', rateHz: opts.rateHz, startMs: opts.startMs ?? 0, durationMs: opts.durationMs ?? Infinity };
}

/**
 * A spatial-pattern source: pattern p (indices of active inputs) fires all its
 * inputs at `timesMs[p]`.
 * @param n number of input lines
 * @param patterns active input indices per presentation
 * @param timesMs presentation time of each pattern (ms)
 */
export function spatialPatternSource(n: number, patterns: readonly (readonly number[])[], timesMs: readonly number[]): SourceParams {
  if (patterns.length !== timesMs.length) throw new ArgumentError('spatialPatternSource(patterns, timesMs)', { what: 'one time per pattern', expected: patterns.length, received: timesMs.length });
  const times: number[][] = Array.from({ length: n }, () => []);
  patterns.forEach((pat, p) =>
    pat.forEach((i) => {
      if (!Number.isInteger(i) || i < 0 || i >= n) throw new ArgumentError(`spatialPatternSource(patterns)[${p}]`, { what: 'input index out of range', expected: `0..${n - 1}`, received: i });
      times[i]!.push(timesMs[p]!);
    }),
  );
  return spikeSourceArray(times);
}

/** Runtime of a source: which neurons fire at a step. */
export interface SourceRuntime {
  /** Writes the indices firing at `step` into `out`; returns their count. */
  fire(step: number, out: Int32Array): number;
}

/** Compiles a source for time step dt. Poisson draws come from `rng`. */
export function compileSource(src: SourceParams, n: number, dtMs: number, rng: Rng): SourceRuntime {
  if (src.model === 'SpikeSourceArray') {
    if (src.spikeTimesMs.length !== n) throw new ArgumentError('SpikeSourceArray', { what: 'one spike-time list per neuron', expected: n, received: src.spikeTimesMs.length });
    // Event schedule sorted by step; a neuron fires at most once per step.
    const ev: [number, number][] = [];
    src.spikeTimesMs.forEach((ts, i) => new Set(ts.map((t) => Math.round(t / dtMs))).forEach((s) => ev.push([s, i])));
    ev.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const steps = Int32Array.from(ev, (e) => e[0]);
    const ids = Int32Array.from(ev, (e) => e[1]);
    let cursor = 0;
    return {
      fire(step, out) {
        if (cursor > 0 && steps[cursor - 1]! >= step) cursor = lowerBound(steps, step); // rewound (reset)
        while (cursor < steps.length && steps[cursor]! < step) cursor++;
        let c = 0;
        while (cursor < steps.length && steps[cursor] === step) out[c++] = ids[cursor++]!;
        return c;
      },
    };
  }
  const p = (src.rateHz * dtMs) / 1000;
  const s0 = Math.round(src.startMs / dtMs);
  const s1 = src.durationMs === Infinity ? Infinity : Math.round((src.startMs + src.durationMs) / dtMs);
  const lq = Math.log1p(-Math.min(p, 1 - 1e-12));
  return {
    fire(step, out) {
      if (step < s0 || step >= s1 || p <= 0) return 0;
      // Bernoulli(p) per neuron, drawn by geometric skips: O(spikes) per step.
      let c = 0;
      for (let i = Math.floor(Math.log(1 - rng.next()) / lq); i < n; i += 1 + Math.floor(Math.log(1 - rng.next()) / lq)) out[c++] = i;
      return c;
    },
  };
}

function lowerBound(a: Int32Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (a[m]! < v) lo = m + 1;
    else hi = m;
  }
  return lo;
}
