/**
 * Monte Carlo estimates of the SDR error rates, with Wilson score confidence
 * intervals, from explicitly seeded SDRs and segments. Each estimate draws
 * `segments` random segments and tests each against trials/segments random (or
 * noisy, or union) inputs; the inner loops reuse one index permutation and one
 * synapse mask, so a trial costs O(a) random draws and no allocation.
 *
 * @see https://arxiv.org/abs/1601.00720
 */
import { ArgumentError, type Rng } from '../../util/index.js';
import { randomSdr, subsample } from './sdr.js';
import type { UnionMode } from './theory.js';

/** z for a two-sided 99 % interval (the normal 0.995 quantile). */
export const Z_99 = 2.5758293035489004;

/** An estimated rate: `hits` of `trials`, with a two-sided confidence interval [low, high]. */
export interface RateEstimate {
  readonly hits: number;
  readonly trials: number;
  readonly rate: number;
  readonly low: number;
  readonly high: number;
}

/** Options shared by the simulators. */
export interface SimulationOptions {
  /** Number of random inputs in total. */
  readonly trials: number;
  /** Number of independently drawn segments the trials are spread over (default 100). */
  readonly segments?: number;
  /** z of the confidence interval (default {@link Z_99}). */
  readonly z?: number;
}

/**
 * Wilson score interval for a binomial proportion: good coverage down to a few
 * hits, unlike the normal (Wald) interval.
 * @example
 * wilsonInterval(50, 1000); // { low: ≈0.0347, high: ≈0.0716 }
 */
export function wilsonInterval(hits: number, trials: number, z: number = Z_99): { low: number; high: number } {
  if (!Number.isInteger(hits) || !Number.isInteger(trials) || trials <= 0 || hits < 0 || hits > trials) {
    throw new ArgumentError('wilsonInterval(hits, trials)', { what: 'not a valid count', expected: 'integers 0 <= hits <= trials, trials > 0', received: [hits, trials] });
  }
  const p = hits / trials;
  const z2 = z * z;
  const den = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / den;
  const half = (z / den) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

function estimate(hits: number, trials: number, z: number): RateEstimate {
  return { hits, trials, rate: hits / trials, ...wilsonInterval(hits, trials, z) };
}

function checkCounts(where: string, c: Readonly<Record<string, number>>, opts: SimulationOptions): { trials: number; segments: number; z: number } {
  for (const [k, v] of Object.entries(c)) {
    if (!Number.isSafeInteger(v) || v < 0) throw new ArgumentError(`${where}.${k}`, { what: 'not a count', expected: 'an integer >= 0', received: v });
  }
  if (c.a! > c.n! || c.s! > c.n! || c.theta! > c.s!) throw new ArgumentError(where, { what: 'inconsistent sizes', expected: 'a <= n, s <= n, theta <= s', received: c });
  const trials = opts.trials;
  const segments = Math.min(opts.segments ?? 100, trials);
  if (!Number.isSafeInteger(trials) || trials < 1 || !Number.isSafeInteger(segments) || segments < 1) {
    throw new ArgumentError(`${where}.trials`, { what: 'not a positive count', expected: 'integers >= 1 (trials, segments)', received: [trials, segments] });
  }
  return { trials, segments, z: opts.z ?? Z_99 };
}

const TWO_32 = 4294967296;

/**
 * Uniform integer in [0, span) for span < 2^21, unbiased (Lemire's multiply-and-
 * reject; the product of two 32-bit-or-less numbers is exact in a double).
 * Inlined here because `Rng.int` validates its arguments on every call.
 */
function below(rng: Rng, span: number): number {
  let m = rng.nextUint32() * span;
  let low = m % TWO_32;
  if (low < span) {
    const reject = (TWO_32 - span) % span;
    while (low < reject) {
      m = rng.nextUint32() * span;
      low = m % TWO_32;
    }
  }
  return Math.floor(m / TWO_32);
}

/** Scratch of the inner loops: an index permutation for partial Fisher–Yates draws and a synapse mask. */
class Scratch {
  readonly perm: Int32Array;
  readonly mask: Uint8Array;
  readonly stamp: Int32Array;
  constructor(readonly n: number) {
    if (n >= 2 ** 21) throw new ArgumentError('simulate: n', { what: 'too large for the simulator', expected: 'n < 2^21', received: n });
    this.perm = Int32Array.from({ length: n }, (_, i) => i);
    this.mask = new Uint8Array(n);
    this.stamp = new Int32Array(n).fill(-1);
  }
  setSynapses(active: ArrayLike<number>): void {
    this.mask.fill(0);
    for (let i = 0; i < active.length; i++) this.mask[active[i]!] = 1;
  }
  /** Synapses hit by a uniformly random a-subset (the permutation stays a permutation, so draws are uniform from any start). */
  hitsOfRandomInput(a: number, rng: Rng): number {
    const { perm, mask, n } = this;
    let hits = 0;
    for (let i = 0; i < a; i++) {
      const j = i + below(rng, n - i);
      const t = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = t;
      hits += mask[perm[i]!]!;
    }
    return hits;
  }
  /** Synapses hit by the union of m random a-subsets (each cell counted once; `trial` stamps the cells seen). */
  hitsOfUnionInput(a: number, m: number, trial: number, rng: Rng): number {
    let hits = 0;
    for (let k = 0; k < m; k++) {
      for (let i = 0; i < a; i++) {
        const j = i + below(rng, this.n - i);
        const t = this.perm[i]!;
        this.perm[i] = this.perm[j]!;
        this.perm[j] = t;
        const cell = this.perm[i]!;
        if (this.stamp[cell] !== trial) {
          this.stamp[cell] = trial;
          hits += this.mask[cell]!;
        }
      }
    }
    return hits;
  }
}

function trialsOf(segment: number, trials: number, segments: number): number {
  return Math.floor(((segment + 1) * trials) / segments) - Math.floor((segment * trials) / segments);
}

/**
 * Estimates P_FP(n, a, s, θ): a segment with `s` synapses (a random subsample of
 * a random stored pattern, or a random s-subset of the cells when s > a) against
 * random inputs with `a` of `n` cells active.
 * @example
 * simulateFalseMatch({ n: 200, a: 20, s: 10, theta: 4 }, { trials: 100_000 }, createRng(0)).rate;
 */
export function simulateFalseMatch(p: { n: number; a: number; s: number; theta: number }, opts: SimulationOptions, rng: Rng): RateEstimate {
  const { trials, segments, z } = checkCounts('simulateFalseMatch(p)', p, opts);
  const sc = new Scratch(p.n);
  let hits = 0;
  for (let g = 0; g < segments; g++) {
    const stored = randomSdr(p.n, Math.max(p.a, p.s), rng);
    sc.setSynapses(p.s <= p.a ? subsample(stored, p.s, rng).active : stored.active.subarray(0, p.s));
    for (let t = trialsOf(g, trials, segments); t > 0; t--) if (sc.hitsOfRandomInput(p.a, rng) >= p.theta) hits++;
  }
  return estimate(hits, trials, z);
}

/**
 * Estimates P_FN(a, s, θ, v): a segment samples `s` synapses from a stored
 * pattern of `a` active cells (of `n`); the input is the pattern with `v` ON bits
 * moved to random OFF positions; a miss is overlap < θ. The moved bits land
 * outside the pattern, where the segment has no synapses, so only the choice of
 * the dropped bits is drawn.
 */
export function simulateFalseNegative(p: { n: number; a: number; s: number; theta: number; v: number }, opts: SimulationOptions, rng: Rng): RateEstimate {
  const { trials, segments, z } = checkCounts('simulateFalseNegative(p)', p, opts);
  if (p.s > p.a || p.v > p.a || p.v > p.n - p.a) throw new ArgumentError('simulateFalseNegative(p)', { what: 'inconsistent sizes', expected: 's <= a, v <= min(a, n - a)', received: p });
  const sc = new Scratch(p.a); // positions within the pattern: the segment's synapses are a subset of it
  let misses = 0;
  for (let g = 0; g < segments; g++) {
    sc.setSynapses(randomSdr(p.a, p.s, rng).active);
    for (let t = trialsOf(g, trials, segments); t > 0; t--) if (p.s - sc.hitsOfRandomInput(p.v, rng) < p.theta) misses++;
  }
  return estimate(misses, trials, z);
}

/**
 * Estimates the union false-match rates directly (no expected-size shortcut):
 * - `'synapses'`: the segment is the union of `m` subsamples (s each) of `m`
 *   random patterns; inputs are random with `a` active cells.
 * - `'inputs'`: the segment subsamples `s` cells of one random pattern; each
 *   input is the union of `m` random patterns with `a` active cells.
 * The closed forms plug in the expected union size, so they are close to, not
 * exactly, these rates.
 */
export function simulateUnion(p: { n: number; a: number; s: number; theta: number; m: number; mode: UnionMode }, opts: SimulationOptions, rng: Rng): RateEstimate {
  const { mode, ...counts } = p;
  const { trials, segments, z } = checkCounts('simulateUnion(p)', counts, opts);
  if (p.s > p.a) throw new ArgumentError('simulateUnion(p).s', { what: 'exceeds a', expected: `<= ${p.a}`, received: p.s });
  const sc = new Scratch(p.n);
  let hits = 0;
  let trial = 0;
  for (let g = 0; g < segments; g++) {
    const stored = Array.from({ length: mode === 'synapses' ? p.m : 1 }, () => subsample(randomSdr(p.n, p.a, rng), p.s, rng).active);
    sc.mask.fill(0);
    for (const syn of stored) for (const i of syn) sc.mask[i] = 1;
    for (let t = trialsOf(g, trials, segments); t > 0; t--) {
      const h = mode === 'synapses' ? sc.hitsOfRandomInput(p.a, rng) : sc.hitsOfUnionInput(p.a, p.m, trial++, rng);
      if (h >= p.theta) hits++;
    }
  }
  return estimate(hits, trials, z);
}
