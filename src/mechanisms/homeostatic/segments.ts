/**
 * Per-segment accuracy and recovery time of a prequential run: the stream is cut
 * at every shift event; recovery is how long the running accuracy takes to get
 * back to its level just before the shift.
 */
import { ArgumentError } from '../../util/index.js';

/** Statistics of one segment `[start, end)` between shifts. */
export interface SegmentStats {
  readonly start: number;
  readonly end: number;
  /** Prequential accuracy over the segment. */
  readonly accuracy: number;
  /**
   * Samples after `start` until the running accuracy (window `window`) is back to
   * the pre-shift level minus `tolerance`; null when it never recovers within the
   * segment (censored) or for the first segment (no shift before it).
   */
  readonly recovery: number | null;
}

/** Options of {@link segmentStats}. */
export interface SegmentOptions {
  /** Running-accuracy window (samples). */
  readonly window: number;
  /** Allowed shortfall from the pre-shift level (accuracy units). */
  readonly tolerance: number;
}

/**
 * Cuts `correct` (1 = right) at the shift positions and measures each segment.
 * @param correct `[samples]` online correctness
 * @param shifts stream positions of the shifts, ascending
 */
export function segmentStats(correct: ArrayLike<number>, shifts: readonly number[], o: SegmentOptions): SegmentStats[] {
  if (!Number.isInteger(o.window) || o.window < 1) throw new ArgumentError('segmentStats(options.window)', { what: 'invalid window', expected: 'an integer >= 1', received: o.window });
  const n = correct.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + correct[i]!;
  const mean = (a: number, b: number): number => (b > a ? (prefix[b]! - prefix[a]!) / (b - a) : NaN);
  const cuts = [0, ...shifts.filter((s) => s > 0 && s < n), n];
  const out: SegmentStats[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const start = cuts[k]!, end = cuts[k + 1]!;
    let recovery: number | null = null;
    if (k > 0) {
      const before = mean(Math.max(0, start - o.window), start);
      for (let t = start + o.window; t <= end; t++) {
        if (mean(t - o.window, t) >= before - o.tolerance) {
          recovery = t - start;
          break;
        }
      }
    }
    out.push({ start, end, accuracy: mean(start, end), recovery });
  }
  return out;
}
