/**
 * Seeded, splittable pseudo-random numbers: xoshiro128** (Blackman & Vigna, 2018),
 * seeded through splitmix32. Every random draw in neuromorph comes from an `Rng`
 * passed in explicitly; `split()` derives independent child streams the way JAX
 * splits keys, so a component can be handed its own stream without shifting the
 * draws of its siblings.
 *
 * @see https://prng.di.unimi.it/ (xoshiro128**)
 * @example
 * const rng = createRng(42);
 * const [a, b] = rng.split(2); // independent streams
 * a.normal(); b.uniform(-1, 1);
 */
import { ArgumentError } from './errors.js';

/** splitmix32 step: a good 32-bit mixer used for seeding and key derivation. */
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const TWO_POW_32 = 4294967296;

/** Serializable generator state (for checkpoints): four uint32 words plus the cached normal. */
export interface RngState {
  readonly s: readonly [number, number, number, number];
  readonly spare: number | null;
}

/** A seeded xoshiro128** stream. Create with {@link createRng}. */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Box–Muller makes normals in pairs; the second waits here. */
  private spare: number | null = null;

  /** @param words four 32-bit state words, not all zero. */
  constructor(words: readonly [number, number, number, number]) {
    if ((words[0] | words[1] | words[2] | words[3]) === 0) {
      throw new ArgumentError('Rng(words)', { what: 'state is all zero', expected: 'at least one non-zero word', received: words });
    }
    [this.s0, this.s1, this.s2, this.s3] = words.map((w) => w >>> 0) as [number, number, number, number];
  }

  /** Next raw uint32. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.next();
  }

  /** Normal with the given mean and standard deviation (Box–Muller). */
  normal(mean = 0, std = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** Uniform integer in [low, high) without modulo bias. */
  int(low: number, high: number): number {
    const span = high - low;
    if (!Number.isInteger(low) || !Number.isInteger(high) || span <= 0 || span > TWO_POW_32) {
      throw new ArgumentError('Rng.int(low, high)', { what: 'bad range', expected: 'integers with 0 < high - low <= 2^32', received: [low, high] });
    }
    // Rejection sampling: accept draws below the largest multiple of span.
    const limit = TWO_POW_32 - (TWO_POW_32 % span);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return low + (x % span);
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    this.shuffle(out);
    return out;
  }

  /** Shuffles an array in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(0, i + 1);
      const tmp = arr[i];
      arr[i] = arr[j];
      arr[j] = tmp;
    }
    return arr;
  }

  /** Fills `out` with uniform values in [low, high). */
  fillUniform(out: Float32Array | Float64Array, low = 0, high = 1): typeof out {
    for (let i = 0; i < out.length; i++) out[i] = low + (high - low) * this.next();
    return out;
  }

  /** Fills `out` with normal values. */
  fillNormal(out: Float32Array | Float64Array, mean = 0, std = 1): typeof out {
    for (let i = 0; i < out.length; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /**
   * Splits off `n` independent child streams (default 2). The parent advances, so
   * calling split twice gives different children; children never share state.
   */
  split(n = 2): Rng[] {
    const out: Rng[] = [];
    for (let i = 0; i < n; i++) out.push(this.child());
    return out;
  }

  /** One independent child stream (advances the parent by four draws). */
  child(): Rng {
    const k = [this.nextUint32(), this.nextUint32(), this.nextUint32(), this.nextUint32()];
    return new Rng(seedWords(k));
  }

  /**
   * A child stream keyed by `key` that does not advance this stream (JAX `fold_in`):
   * the same parent state and key always give the same child.
   */
  fold(key: number | string): Rng {
    let h = typeof key === 'number' ? key | 0 : hashString(key);
    const words = [this.s0 ^ h, this.s1 ^ (h = splitmix32(h)), this.s2 ^ (h = splitmix32(h)), this.s3 ^ splitmix32(h)];
    return new Rng(seedWords(words));
  }

  /** A copy with the same state (draws from the copy do not affect this one). */
  clone(): Rng {
    const r = new Rng([this.s0, this.s1, this.s2, this.s3]);
    r.spare = this.spare;
    return r;
  }

  /** The full state, for checkpoints. */
  getState(): RngState {
    return { s: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0], spare: this.spare };
  }

  /** Restores a state saved by {@link getState}. */
  static fromState(state: RngState): Rng {
    const r = new Rng(state.s);
    r.spare = state.spare;
    return r;
  }
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Mixes arbitrary 32-bit words into a well-spread, non-zero xoshiro state. */
function seedWords(words: readonly number[]): [number, number, number, number] {
  let h = 0x6a09e667;
  const out: [number, number, number, number] = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    h = splitmix32(h ^ (words[i % words.length] ?? 0) ^ Math.imul(i + 1, 0x9e3779b9));
    out[i] = h;
  }
  if ((out[0] | out[1] | out[2] | out[3]) === 0) out[0] = 1;
  return out;
}

/**
 * Creates a seeded generator. The same seed always gives the same stream.
 * @param seed any finite number (integers up to 2^53 use all their bits) or a string.
 */
export function createRng(seed: number | string): Rng {
  if (typeof seed === 'number') {
    if (!Number.isFinite(seed)) {
      throw new ArgumentError('createRng(seed)', { what: 'seed is not finite', expected: 'a finite number', received: seed });
    }
    const lo = seed >>> 0;
    const hi = Math.floor(seed / TWO_POW_32) >>> 0;
    return new Rng(seedWords([lo, hi, 0x243f6a88, 0x85a308d3]));
  }
  const h = hashString(seed);
  return new Rng(seedWords([h, splitmix32(h), 0x13198a2e, 0x03707344]));
}

let defaultGenerator = createRng(0);

/**
 * Re-seeds the default generator, like `torch.manual_seed`. Layers built without
 * an explicit `rng` (`new Linear(784, 64)`) draw from it, so a script that calls
 * `manualSeed(s)` first is deterministic. Library code and experiments always pass
 * their own `rng` (a `Rng.child()` per part), so their results never depend on it.
 * @example
 * manualSeed(42);
 * const fc = new Linear(784, 64); // the same weights on every run
 */
export function manualSeed(seed: number | string): void {
  defaultGenerator = createRng(seed);
}

/** The default generator (seed 0 at load; see {@link manualSeed}). */
export function defaultRng(): Rng {
  return defaultGenerator;
}
