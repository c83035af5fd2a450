/** Pattern generators of the spatial-pattern experiments (seeded). */
import type { Rng } from '../../src/util/index.js';

/** A random pattern: `k` distinct active inputs of `n`. */
export function randomPattern(n: number, k: number, rng: Rng): number[] {
  return Array.from(rng.permutation(n).subarray(0, k)).sort((a, b) => a - b);
}

/** A pattern at Hamming distance 2m from `base`: m active inputs moved to inactive positions. */
export function movedPattern(base: readonly number[], n: number, m: number, rng: Rng): number[] {
  const on = new Set(base);
  const off = Array.from({ length: n }, (_, i) => i).filter((i) => !on.has(i));
  const drop = rng.shuffle([...base]).slice(0, m);
  const add = rng.shuffle(off).slice(0, m);
  drop.forEach((i) => on.delete(i));
  add.forEach((i) => on.add(i));
  return [...on].sort((a, b) => a - b);
}
