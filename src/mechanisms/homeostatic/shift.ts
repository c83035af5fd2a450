/**
 * Concept-shift streams: label swaps S times per epoch (S constant or a function
 * of the epoch: second-order shift), and the abrupt/gradual drift of river and
 * MOA (a sigmoid mix of two concepts with a position and a width).
 */
import { ArgumentError, type Rng } from '../../util/index.js';

/** One label swap: from sample `at` on (stream position), labels `a` and `b` trade places. */
export interface SwapEvent {
  readonly at: number;
  readonly a: number;
  readonly b: number;
}

/** Swaps per epoch: a constant S, or S(epoch) for second-order shift (epoch counts from 0). */
export type SwapRate = number | ((epoch: number) => number);

/** Options of {@link labelSwapSchedule}. */
export interface LabelSwapOptions {
  /** Samples per epoch N (the stream position advances by N per epoch). */
  readonly samplesPerEpoch: number;
  readonly epochs: number;
  readonly classes: number;
  /** S: swaps per epoch, spaced every N/S samples (rounded, at least 1). */
  readonly swapsPerEpoch: SwapRate;
  /** Draws the two classes of each swap; give every compared learner the same stream. */
  readonly rng: Rng;
}

/**
 * The swap events of a label-swap stream (Man et al. 2022 `swap_labels`): in epoch
 * e, S(e) swaps at positions e·N + k·⌊N/S(e)⌉ for k = 1…S(e) (the last at the epoch's end
 * is dropped only when it falls past the stream), each between two distinct random classes.
 * @returns events in stream order
 */
export function labelSwapSchedule(o: LabelSwapOptions): SwapEvent[] {
  const where = 'labelSwapSchedule(options)';
  if (!Number.isInteger(o.samplesPerEpoch) || o.samplesPerEpoch < 1) throw new ArgumentError(`${where}.samplesPerEpoch`, { what: 'invalid', expected: 'an integer >= 1', received: o.samplesPerEpoch });
  if (!Number.isInteger(o.classes) || o.classes < 2) throw new ArgumentError(`${where}.classes`, { what: 'invalid', expected: 'an integer >= 2', received: o.classes });
  const events: SwapEvent[] = [];
  const n = o.samplesPerEpoch;
  for (let e = 0; e < o.epochs; e++) {
    const s = Math.round(typeof o.swapsPerEpoch === 'number' ? o.swapsPerEpoch : o.swapsPerEpoch(e));
    if (!(s >= 0) || !Number.isFinite(s)) throw new ArgumentError(`${where}.swapsPerEpoch`, { what: 'not a swap count', expected: 'a finite number >= 0', received: s });
    if (s === 0) continue;
    const every = n / s;
    for (let k = 1; k <= s; k++) {
      const at = e * n + Math.max(1, Math.round(k * every));
      if (at >= o.epochs * n) break;
      const a = o.rng.int(0, o.classes);
      let b = o.rng.int(0, o.classes - 1);
      if (b >= a) b++;
      events.push({ at, a, b });
    }
  }
  return events;
}

/** The identity label mapping of `classes` classes (mapping[c] = label shown for true class c). */
export function identityMapping(classes: number): Int32Array {
  return Int32Array.from({ length: classes }, (_, i) => i);
}

/** Applies one swap in place: every class shown as `a` is now shown as `b` and vice versa. */
export function applySwap(mapping: Int32Array, a: number, b: number): void {
  for (let c = 0; c < mapping.length; c++) {
    if (mapping[c] === a) mapping[c] = b;
    else if (mapping[c] === b) mapping[c] = a;
  }
}

/** The label mapping at stream position `t` (all events with `at <= t` applied). */
export function mappingAt(events: readonly SwapEvent[], classes: number, t: number): Int32Array {
  const m = identityMapping(classes);
  for (const ev of events) if (ev.at <= t) applySwap(m, ev.a, ev.b);
  return m;
}

/**
 * A step schedule S(epoch): `values[i]` for `epochsPerStep` epochs each, cycling.
 * @example stepSwapRate([0, 50], 2)(3) // 50
 */
export function stepSwapRate(values: readonly number[], epochsPerStep: number): (epoch: number) => number {
  if (values.length === 0 || !(epochsPerStep >= 1)) throw new ArgumentError('stepSwapRate', { what: 'invalid schedule', expected: 'values and epochsPerStep >= 1', received: { values, epochsPerStep } });
  return (epoch) => values[Math.floor(epoch / epochsPerStep) % values.length]!;
}

/**
 * A sinusoidal schedule S(epoch) = mean + amplitude·sin(2π·epoch/period), floored at 0
 * ("seasonality"). S is rounded when the swaps are placed.
 */
export function sinusoidSwapRate(mean: number, amplitude: number, periodEpochs: number): (epoch: number) => number {
  if (!(periodEpochs > 0)) throw new ArgumentError('sinusoidSwapRate(periodEpochs)', { what: 'invalid period', expected: '> 0', received: periodEpochs });
  return (epoch) => Math.max(0, mean + amplitude * Math.sin((2 * Math.PI * epoch) / periodEpochs));
}

/** Drift shape of {@link driftProbability}: a step, or MOA's sigmoid of the given width. */
export type DriftKind = 'abrupt' | 'gradual';

/** A concept drift from the old concept to the new one around `position` (samples). */
export interface DriftSpec {
  readonly kind: DriftKind;
  /** Centre of the change (stream position, samples). */
  readonly position: number;
  /** Width of the change (samples); ignored by `abrupt`. */
  readonly width: number;
}

/**
 * Probability that sample `t` comes from the new concept: abrupt = [t >= position];
 * gradual = 1 / (1 + exp(−4(t − position)/width)) (MOA `ConceptDriftStream`).
 */
export function driftProbability(spec: DriftSpec, t: number): number {
  if (spec.kind === 'abrupt' || spec.width <= 0) return t >= spec.position ? 1 : 0;
  return 1 / (1 + Math.exp((-4 * (t - spec.position)) / spec.width));
}

/**
 * Draws, for each of `n` stream positions, which concept produces the sample
 * (0 old, 1 new) under a drift. Combine with two label mappings (or two datasets).
 * @returns `[n]` concept indices
 */
export function driftConcepts(spec: DriftSpec, n: number, rng: Rng): Uint8Array {
  const out = new Uint8Array(n);
  for (let t = 0; t < n; t++) out[t] = rng.uniform() < driftProbability(spec, t) ? 1 : 0;
  return out;
}
