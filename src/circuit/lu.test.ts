import { describe, expect, it } from 'vitest';
import { createRng, LimitError, NeuroError, type Rng } from '../util/index.js';
import { luFactor, luRefactor, luSolve, rcmOrder, type Csc } from './lu.js';

/** A CSC matrix from a dense row-major array (explicit zeros kept where `pattern` says so). */
function csc(n: number, dense: Float64Array, pattern = (i: number, j: number): boolean => dense[i * n + j] !== 0): Csc {
  const colPtr = new Int32Array(n + 1);
  const rows: number[] = [];
  const vals: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) if (pattern(i, j)) {
        rows.push(i);
        vals.push(dense[i * n + j]!);
      }
    colPtr[j + 1] = rows.length;
  }
  return { n, colPtr, rowIdx: Int32Array.from(rows), values: Float64Array.from(vals) };
}

/** A random sparse matrix with about `perCol` off-diagonal entries per column; the diagonal is zero with probability `zeroDiag`. */
function randomSparse(rng: Rng, n: number, perCol: number, zeroDiag: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    if (!rng.bernoulli(zeroDiag)) a[j * n + j] = rng.uniform(1, 3) * (rng.bernoulli(0.5) ? 1 : -1);
    for (let k = 0; k < perCol; k++) a[rng.int(0, n) * n + j] = rng.normal();
  }
  return a;
}

function residual(n: number, a: Float64Array, x: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < n; i++) {
    let s = -b[i]!;
    for (let j = 0; j < n; j++) s += a[i * n + j]! * x[j]!;
    worst = Math.max(worst, Math.abs(s));
  }
  return worst;
}

function solve(f: ReturnType<typeof luFactor>, b: Float64Array): Float64Array {
  const x = new Float64Array(b.length);
  luSolve(f, b, x);
  return x;
}

describe('sparse LU (Gilbert–Peierls, threshold pivoting)', () => {
  it('solves random sparse systems, with and without zero diagonals, as the dense reference does', () => {
    const rng = createRng('lu');
    let cases = 0;
    for (const n of [1, 2, 5, 17, 60, 150]) {
      for (const zeroDiag of [0, 0.3]) {
        for (let rep = 0; rep < 4; rep++) {
          const a = randomSparse(rng, n, 2, n === 1 ? 0 : zeroDiag);
          const m = csc(n, a);
          const b = Float64Array.from({ length: n }, () => rng.normal());
          let sparse;
          try {
            sparse = luFactor(m, rcmOrder(m));
          } catch (e) {
            // Structurally singular draws must be refused by both paths, with the netlist error code.
            expect((e as NeuroError).code).toBe('invalid_argument');
            expect(() => luFactor(m, rcmOrder(m), 'dense')).toThrow(NeuroError);
            continue;
          }
          const dense = luFactor(m, rcmOrder(m), 'dense');
          const xs = solve(sparse, b), xd = solve(dense, b);
          const scale = Math.max(1, ...xd.map(Math.abs));
          expect(residual(n, a, xs, b) / scale).toBeLessThan(1e-9);
          for (let i = 0; i < n; i++) expect(Math.abs(xs[i]! - xd[i]!) / scale).toBeLessThan(1e-8);
          cases++;
        }
      }
    }
    expect(cases).toBeGreaterThan(30);
  });

  it('pivots off a zero diagonal (MNA branch rows have none)', () => {
    // [[0, 1], [1, 0]]: no diagonal pivot exists; x = (b1, b0).
    const m = csc(2, Float64Array.from([0, 1, 1, 0]));
    const x = solve(luFactor(m, Int32Array.from([0, 1])), Float64Array.from([3, 7]));
    expect(Array.from(x)).toEqual([7, 3]);
  });

  it('refactorises new values on the same pattern, and gives up when a pivot vanishes', () => {
    const rng = createRng('refactor');
    const n = 80;
    const a = randomSparse(rng, n, 2, 0);
    for (let i = 0; i < n; i++) a[i * n + i] = 10 + i; // well conditioned
    const pattern = (i: number, j: number): boolean => a[i * n + j] !== 0;
    const m = csc(n, a, pattern);
    const f = luFactor(m, rcmOrder(m));
    const a2 = a.map((v, k) => (v === 0 ? 0 : v * (1 + 0.5 * Math.sin(k))));
    const m2 = csc(n, a2, pattern);
    expect(luRefactor(f, m2)).toBe(true);
    const b = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
    const fresh = solve(luFactor(m2, rcmOrder(m2)), b);
    const re = solve(f, b);
    for (let i = 0; i < n; i++) expect(re[i]!).toBeCloseTo(fresh[i]!, 10);
    expect(residual(n, a2, re, b)).toBeLessThan(1e-10);
    // A diagonal-only matrix whose pivot becomes 0: refactorisation reports it instead of dividing by zero.
    const d = new Float64Array(n * n);
    for (let i = 0; i < n; i++) d[i * n + i] = 1;
    const md = csc(n, d);
    const fd = luFactor(md, rcmOrder(md));
    d[5 * n + 5] = 0;
    expect(luRefactor(fd, csc(n, d, (i, j) => i === j))).toBe(false);
  });

  it('refuses a singular matrix with a netlist error and a fill-in past the limit with a LimitError', () => {
    const sing = csc(3, Float64Array.from([1, 1, 0, 1, 1, 0, 0, 0, 1]));
    expect(() => luFactor(sing, Int32Array.from([0, 1, 2]))).toThrow(/singular circuit matrix/);
    // An arrow matrix ordered hub-first fills in completely: n² entries.
    const n = 60;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = 4;
      a[i] = a[i * n] = 1;
    }
    a[0] = n;
    const m = csc(n, a);
    const hubFirst = Int32Array.from({ length: n }, (_, i) => i);
    expect(() => luFactor(m, hubFirst, 'sparse', 1000)).toThrow(LimitError);
    const f = luFactor(m, rcmOrder(m), 'sparse', 1000); // RCM puts the hub last: no fill
    expect(f.lIdx.length + f.uIdx.length).toBe(2 * (n - 1));
  });

  it('RCM is a permutation that narrows a shuffled chain to bandwidth 1', () => {
    const n = 200;
    const perm = createRng('rcm').permutation(n);
    const a = new Float64Array(n * n);
    for (let k = 0; k < n; k++) {
      a[perm[k]! * n + perm[k]!] = 2;
      if (k + 1 < n) a[perm[k]! * n + perm[k + 1]!] = a[perm[k + 1]! * n + perm[k]!] = -1;
    }
    const order = rcmOrder(csc(n, a));
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
    const at = new Int32Array(n);
    order.forEach((v, i) => (at[v] = i));
    let band = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (a[i * n + j] !== 0) band = Math.max(band, Math.abs(at[i]! - at[j]!));
    expect(band).toBe(1);
  });
});
