/**
 * Sparse distributed representations as sorted index arrays: x ∈ {0,1}^n stored
 * as the ascending indices of its ON bits. Overlap is a linear merge; random
 * generation, noise, subsampling and unions take an explicit seeded `Rng`.
 *
 * @see https://arxiv.org/abs/1601.00720
 */
import { ArgumentError, type Rng } from '../../util/index.js';

/** A sparse binary vector of size `n`: `active` holds its ON indices, ascending, unique. */
export interface Sdr {
  readonly n: number;
  readonly active: Uint32Array;
}

function checkSize(where: string, name: string, v: number, max: number, maxName: string): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new ArgumentError(`${where}.${name}`, { what: 'not a count', expected: 'an integer >= 0', received: v });
  if (v > max) throw new ArgumentError(`${where}.${name}`, { what: `exceeds ${maxName}`, expected: `<= ${max}`, received: v });
}

/**
 * An SDR from ON indices (any order; duplicates rejected).
 * @throws ArgumentError for an index outside [0, n) or a repeated index.
 * @example
 * sdr(8, [5, 1]).active; // Uint32Array [1, 5]
 */
export function sdr(n: number, indices: ArrayLike<number>): Sdr {
  checkSize('sdr(n, indices)', 'n', n, 2 ** 32, '2^32');
  const active = Uint32Array.from(indices).sort();
  for (let i = 0; i < active.length; i++) {
    const v = indices[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= n) throw new ArgumentError('sdr(n, indices)', { what: 'index out of range', expected: `integers in [0, ${n})`, received: v });
    if (i > 0 && active[i] === active[i - 1]) throw new ArgumentError('sdr(n, indices)', { what: 'repeated index', expected: 'unique indices', received: active[i] });
  }
  return { n, active };
}

/** Floyd's algorithm: a uniformly random k-subset of [0, n), sorted (k draws, O(k) memory). */
function randomSubset(n: number, k: number, rng: Rng): Uint32Array {
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = rng.int(0, j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return Uint32Array.from(chosen).sort();
}

/**
 * A uniformly random SDR with `a` of `n` bits ON.
 * @example
 * randomSdr(2048, 40, createRng(0)).active.length; // 40
 */
export function randomSdr(n: number, a: number, rng: Rng): Sdr {
  checkSize('randomSdr(n, a)', 'n', n, 2 ** 32, '2^32');
  checkSize('randomSdr(n, a)', 'a', a, n, 'n');
  return { n, active: randomSubset(n, a, rng) };
}

/**
 * overlap(x, y) = x·y, the number of shared ON bits (linear merge).
 * @throws ArgumentError when the sizes differ.
 * @example
 * sdrOverlap(sdr(8, [1, 2, 5]), sdr(8, [2, 5, 7])); // 2
 */
export function sdrOverlap(x: Sdr, y: Sdr): number {
  if (x.n !== y.n) throw new ArgumentError('sdrOverlap(x, y)', { what: 'sizes differ', expected: x.n, received: y.n });
  const p = x.active;
  const q = y.active;
  let i = 0;
  let j = 0;
  let c = 0;
  while (i < p.length && j < q.length) {
    const d = p[i]! - q[j]!;
    if (d === 0) {
      c++;
      i++;
      j++;
    } else if (d < 0) i++;
    else j++;
  }
  return c;
}

/**
 * Noise as in the paper: `v` of x's ON bits, chosen at random, move to `v`
 * random positions that were OFF. The result keeps |x| ON bits.
 * @throws ArgumentError when v > |x| or v > n − |x|.
 * @example
 * sdrOverlap(x, addNoise(x, 10, rng)); // |x| - 10
 */
export function addNoise(x: Sdr, v: number, rng: Rng): Sdr {
  const a = x.active.length;
  checkSize('addNoise(x, v)', 'v', v, Math.min(a, x.n - a), 'min(|x|, n - |x|)');
  const drop = randomSubset(a, v, rng); // positions within x.active
  const off = randomSubset(x.n - a, v, rng); // ranks among the OFF bits, ascending
  const kept: number[] = [];
  let d = 0;
  for (let i = 0; i < a; i++) {
    if (d < drop.length && drop[d] === i) d++;
    else kept.push(x.active[i]!);
  }
  // Map the r-th OFF bit to its index by walking x.active (both ascending).
  const moved: number[] = [];
  let skipped = 0;
  let k = 0;
  for (const r of off) {
    while (k < a && x.active[k]! <= r + skipped) {
      k++;
      skipped++;
    }
    moved.push(r + skipped);
  }
  return sdr(x.n, kept.concat(moved));
}

/**
 * A random subsample of `s` of x's ON bits (a segment's synapses onto a pattern).
 * @throws ArgumentError when s > |x|.
 */
export function subsample(x: Sdr, s: number, rng: Rng): Sdr {
  checkSize('subsample(x, s)', 's', s, x.active.length, '|x|');
  const pick = randomSubset(x.active.length, s, rng);
  return { n: x.n, active: Uint32Array.from(pick, (i) => x.active[i]!) };
}

/**
 * The union (bitwise OR) of SDRs of one size.
 * @throws ArgumentError for an empty list or differing sizes.
 */
export function sdrUnion(xs: readonly Sdr[]): Sdr {
  if (xs.length === 0) throw new ArgumentError('sdrUnion(xs)', { what: 'empty list', expected: 'at least one SDR', received: 0 });
  const n = xs[0]!.n;
  const on = new Uint8Array(n);
  for (const x of xs) {
    if (x.n !== n) throw new ArgumentError('sdrUnion(xs)', { what: 'sizes differ', expected: n, received: x.n });
    for (const i of x.active) on[i] = 1;
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (on[i]) out.push(i);
  return { n, active: Uint32Array.from(out) };
}
