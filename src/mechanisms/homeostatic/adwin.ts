/**
 * ADWIN, an adaptive-window drift detector (Bifet & Gavaldà, "Learning from
 * time-changing data with adaptive windowing", SDM 2007), as an optional
 * companion: feed it the 0/1 errors of a prequential run and bump η when it fires.
 * The window is an exponential histogram (at most `maxBuckets` buckets of each
 * size 2^i); every `clock` samples, each split into an older part W₀ and a newer
 * part W₁ is tested with ε = √(2σ²·ln(2/δ')/m) + 2·ln(2/δ')/(3m), m the harmonic
 * mean of |W₀| and |W₁|, δ' = δ/ln(n); when |μ₀ − μ₁| > ε the oldest bucket is dropped.
 * @see https://doi.org/10.1137/1.9781611972771.42
 */
import { ConfigError } from '../../util/index.js';

/** Options of {@link adwin} (river's defaults). */
export interface AdwinOptions {
  /** Confidence δ of the cut test. */
  readonly delta: number;
  /** Test for a cut every `clock` samples. */
  readonly clock: number;
  /** Buckets of one size kept before two are merged. */
  readonly maxBuckets: number;
  /** Each side of a cut holds at least this many samples. */
  readonly minWindow: number;
}

/** river's `drift.ADWIN` defaults. */
export const ADWIN_DEFAULTS: AdwinOptions = Object.freeze({ delta: 0.002, clock: 32, maxBuckets: 5, minWindow: 5 });

interface Bucket {
  n: number;
  total: number;
  /** Sum of squared deviations from the bucket mean. */
  m2: number;
}

/** A running ADWIN detector. */
export interface Adwin {
  /** Adds one value; returns true when a drift was detected at this sample. */
  update(x: number): boolean;
  /** Current window length. */
  readonly width: number;
  /** Mean of the current window. */
  readonly mean: number;
}

function merge(a: Bucket, b: Bucket): Bucket {
  const n = a.n + b.n;
  const d = a.total / a.n - b.total / b.n;
  return { n, total: a.total + b.total, m2: a.m2 + b.m2 + ((a.n * b.n) / n) * d * d };
}

/**
 * Builds an ADWIN detector.
 * @example
 * const det = adwin();
 * for (let i = 0; i < 2000; i++) if (det.update(i < 1000 ? 0 : 1)) console.log('drift at', i);
 */
export function adwin(options: Partial<AdwinOptions> = {}): Adwin {
  const o = { ...ADWIN_DEFAULTS, ...options };
  if (!(o.delta > 0 && o.delta < 1) || !(o.clock >= 1) || !(o.maxBuckets >= 2) || !(o.minWindow >= 1)) {
    throw new ConfigError('adwin(options)', { what: 'invalid options', expected: '0 < delta < 1, clock >= 1, maxBuckets >= 2, minWindow >= 1', received: o });
  }
  // levels[i]: buckets of 2^i samples, oldest first; higher levels hold older data.
  const levels: Bucket[][] = [[]];
  let all: Bucket = { n: 0, total: 0, m2: 0 };
  let ticks = 0;
  const compress = (): void => {
    for (let i = 0; i < levels.length; i++) {
      if (levels[i]!.length <= o.maxBuckets) break;
      const [a, b] = levels[i]!.splice(0, 2) as [Bucket, Bucket];
      (levels[i + 1] ??= []).push(merge(a, b));
    }
  };
  const dropOldest = (): void => {
    for (let i = levels.length - 1; i >= 0; i--) {
      if (levels[i]!.length === 0) continue;
      const b = levels[i]!.shift()!;
      const restN = all.n - b.n;
      if (restN === 0) all = { n: 0, total: 0, m2: 0 };
      else {
        const restTotal = all.total - b.total;
        const d = b.total / b.n - restTotal / restN;
        all = { n: restN, total: restTotal, m2: Math.max(0, all.m2 - b.m2 - ((b.n * restN) / all.n) * d * d) };
      }
      return;
    }
  };
  /** One pass over the splits, oldest first; true when a cut was made. */
  const cutOnce = (): boolean => {
    const variance = all.m2 / all.n;
    const lnTerm = Math.log((2 * Math.log(all.n)) / o.delta);
    let n0 = 0, t0 = 0;
    for (let i = levels.length - 1; i >= 0; i--) {
      for (const b of levels[i]!) {
        n0 += b.n;
        t0 += b.total;
        const n1 = all.n - n0;
        if (n1 < o.minWindow) return false;
        if (n0 < o.minWindow) continue;
        const m = 1 / (1 / n0 + 1 / n1);
        const eps = Math.sqrt((2 * variance * lnTerm) / m) + (2 * lnTerm) / (3 * m);
        if (Math.abs(t0 / n0 - (all.total - t0) / n1) > eps) {
          dropOldest();
          return true;
        }
      }
    }
    return false;
  };
  return {
    update(x: number): boolean {
      const n = all.n + 1;
      const d = all.n > 0 ? x - all.total / all.n : 0;
      all = { n, total: all.total + x, m2: all.m2 + ((n - 1) / n) * d * d };
      levels[0]!.push({ n: 1, total: x, m2: 0 });
      compress();
      if (++ticks % o.clock !== 0 || all.n < 2 * o.minWindow) return false;
      let detected = false;
      while (all.n >= 2 * o.minWindow && cutOnce()) detected = true;
      return detected;
    },
    get width() {
      return all.n;
    },
    get mean() {
      return all.n === 0 ? NaN : all.total / all.n;
    },
  };
}
