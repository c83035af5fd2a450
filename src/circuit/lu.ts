/**
 * Sparse LU for the MNA matrix, in the way KLU (JoSIM's solver) works: a
 * fill-reducing order (reverse Cuthill–McKee on the symmetrised pattern), a
 * left-looking Gilbert–Peierls factorisation — each column of L and U comes from
 * a sparse triangular solve whose nonzero pattern is found by a depth-first
 * search, so the work is proportional to the flops — with threshold partial
 * pivoting that keeps the diagonal when it is within 10× of the column's largest
 * entry. A refactorisation with the same pattern and pivot order (the matrix
 * changes only when a junction changes quasiparticle region) skips the search.
 * Memory is proportional to nnz(L + U); solves cost O(nnz(L + U)).
 *
 * A dense factorisation (`method: 'dense'`, the same pivoting rule and factor
 * format) is kept as the reference the sparse one is tested against. It is not
 * chosen automatically: measured on JTL chains, it factorises faster only below
 * about 30 unknowns (2.7 vs 6.0 µs at 9, 9.5 vs 13.7 µs at 23), but it cannot be
 * refactorised in place, and a sparse refactorisation costs 0.3–1 µs there, so
 * over any run with a region change the sparse path wins at every size.
 */
import { LimitError, NeuroError } from '../util/index.js';

/** A square sparse matrix in compressed-column form (row indices unique per column). */
export interface Csc {
  readonly n: number;
  readonly colPtr: Int32Array;
  readonly rowIdx: Int32Array;
  readonly values: Float64Array;
}

/** LU factors of P·A·Qᵀ: Q the fill-reducing column order, P the pivot rows. */
export interface LuFactors {
  readonly n: number;
  /** Pivot row k is original row `rowOf[k]`. */
  readonly rowOf: Int32Array;
  /** Original row r is pivot row `pinv[r]`. */
  readonly pinv: Int32Array;
  /** Column k of the factors is original unknown `colOf[k]`. */
  readonly colOf: Int32Array;
  /** Strictly lower L by columns (unit diagonal), rows in pivot numbering. */
  readonly lPtr: Int32Array;
  readonly lIdx: Int32Array;
  readonly lVal: Float64Array;
  /** Strictly upper U by columns, rows ascending; `uDiag` holds the diagonal. */
  readonly uPtr: Int32Array;
  readonly uIdx: Int32Array;
  readonly uVal: Float64Array;
  readonly uDiag: Float64Array;
  /** Scratch for solves and refactorisations. */
  readonly work: Float64Array;
  /** Factorised densely: the pattern holds numerical zeros dropped, so it cannot be refactorised in place. */
  readonly dense: boolean;
}

/** Most nonzeros of L + U (12 bytes each): about 600 MB. */
export const MAX_LU_NONZEROS = 50_000_000;

/** The pivot threshold: the diagonal is kept while |a_kk| ≥ this × the column's largest candidate. */
const PIVOT_TOL = 0.1;

/** Reverse Cuthill–McKee ordering of the symmetrised pattern of `a`. */
export function rcmOrder(a: Csc): Int32Array {
  const { n, colPtr, rowIdx } = a;
  const deg = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j]!; p < colPtr[j + 1]!; p++) {
      const i = rowIdx[p]!;
      if (i !== j) {
        deg[i]!++;
        deg[j]!++;
      }
    }
  }
  // Adjacency of A + Aᵀ (duplicates kept: they only cost a visited check).
  const ptr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) ptr[i + 1] = ptr[i]! + deg[i]!;
  const adj = new Int32Array(ptr[n]!);
  const fill = ptr.slice(0, n);
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j]!; p < colPtr[j + 1]!; p++) {
      const i = rowIdx[p]!;
      if (i !== j) {
        adj[fill[i]!++] = j;
        adj[fill[j]!++] = i;
      }
    }
  }
  const byDegree = (x: number, y: number): number => deg[x]! - deg[y]! || x - y;
  const starts = Array.from({ length: n }, (_, i) => i).sort(byDegree);
  const seen = new Uint8Array(n);
  const order = new Int32Array(n);
  let len = 0;
  const next: number[] = [];
  for (const s of starts) {
    if (seen[s]) continue;
    seen[s] = 1;
    let head = len;
    order[len++] = s;
    for (; head < len; head++) {
      const v = order[head]!;
      next.length = 0;
      for (let p = ptr[v]!; p < ptr[v + 1]!; p++) {
        const w = adj[p]!;
        if (!seen[w]) {
          seen[w] = 1;
          next.push(w);
        }
      }
      next.sort(byDegree);
      for (const w of next) order[len++] = w;
    }
  }
  return order.reverse();
}

/** A growable pair of index / value arrays. */
class Entries {
  idx = new Int32Array(64);
  val = new Float64Array(64);
  len = 0;
  push(i: number, v: number): void {
    if (this.len === this.idx.length) {
      const idx = new Int32Array(this.len * 2);
      idx.set(this.idx);
      this.idx = idx;
      const val = new Float64Array(this.len * 2);
      val.set(this.val);
      this.val = val;
    }
    this.idx[this.len] = i;
    this.val[this.len++] = v;
  }
}

function fillLimit(nnz: number, limit: number): LimitError {
  return new LimitError('circuit sparse LU', { what: 'nonzeros of the LU factors (fill-in)', limit, requested: nnz, raise: 'maxLuNonzeros (CLI: --max-fill N); all-to-all coupling (mutual inductances) causes most fill' });
}

function singular(unknown: number): NeuroError {
  return new NeuroError('invalid_argument', 'circuit.luFactor', { what: 'singular circuit matrix (a floating node, or a loop of inductors/voltage sources)', expected: 'a node connected to ground through elements', received: `no pivot for unknown ${unknown}` });
}

/**
 * Factorises `a` (not modified) with columns in `order`, e.g. from {@link rcmOrder}.
 * @param method `dense`: the O(n³) reference (tests).
 * @param maxNonzeros the fill limit (default {@link MAX_LU_NONZEROS}).
 * @throws NeuroError (`invalid_argument`: a netlist problem, not a bug) when the matrix is singular;
 *   LimitError when the fill-in passes {@link MAX_LU_NONZEROS}.
 */
export function luFactor(a: Csc, order: Int32Array, method: 'sparse' | 'dense' = 'sparse', maxNonzeros = MAX_LU_NONZEROS): LuFactors {
  return method === 'dense' ? denseFactor(a, order) : sparseFactor(a, order, maxNonzeros);
}

/** Column `k` of L·U = A(:, q[k]) by a sparse triangular solve (Gilbert–Peierls), then the pivot. */
function sparseFactor(a: Csc, order: Int32Array, maxNonzeros: number): LuFactors {
  const { n, colPtr, rowIdx, values } = a;
  const pinv = new Int32Array(n).fill(-1);
  const lPtr = new Int32Array(n + 1), uPtr = new Int32Array(n + 1);
  const L = new Entries(), U = new Entries();
  const uDiag = new Float64Array(n);
  const x = new Float64Array(n);
  const mark = new Int32Array(n).fill(-1);
  const topo = new Int32Array(n), stack = new Int32Array(n), pos = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const c = order[k]!;
    // Reach of A(:, c) in the graph of L (row r → rows of L(:, pinv[r])), in topological order.
    let top = n;
    for (let p = colPtr[c]!; p < colPtr[c + 1]!; p++) {
      const r0 = rowIdx[p]!;
      if (mark[r0] === k) continue;
      let sp = 0;
      stack[0] = r0;
      mark[r0] = k;
      pos[0] = pinv[r0]! >= 0 ? lPtr[pinv[r0]!]! : 0;
      while (sp >= 0) {
        const r = stack[sp]!;
        const j = pinv[r]!;
        let pushed = false;
        if (j >= 0) {
          for (let q = pos[sp]!; q < lPtr[j + 1]!; q++) {
            const w = L.idx[q]!;
            if (mark[w] === k) continue;
            pos[sp] = q + 1;
            mark[w] = k;
            stack[++sp] = w;
            pos[sp] = pinv[w]! >= 0 ? lPtr[pinv[w]!]! : 0;
            pushed = true;
            break;
          }
        }
        if (!pushed) topo[--top] = stack[sp--]!;
      }
    }
    for (let p = colPtr[c]!; p < colPtr[c + 1]!; p++) x[rowIdx[p]!] = values[p]!;
    for (let t = top; t < n; t++) {
      const r = topo[t]!;
      const j = pinv[r]!;
      if (j < 0) continue;
      const xr = x[r]!;
      for (let q = lPtr[j]!; q < lPtr[j + 1]!; q++) x[L.idx[q]!] = x[L.idx[q]!]! - L.val[q]! * xr;
    }
    let best = -1, max = 0;
    for (let t = top; t < n; t++) {
      const r = topo[t]!;
      const v = Math.abs(x[r]!);
      if (pinv[r]! < 0 && v > max) {
        max = v;
        best = r;
      }
    }
    if (best < 0) throw singular(c);
    if (mark[c] === k && pinv[c]! < 0 && Math.abs(x[c]!) >= PIVOT_TOL * max) best = c;
    const piv = x[best]!;
    pinv[best] = k;
    uDiag[k] = piv;
    for (let t = top; t < n; t++) {
      const r = topo[t]!;
      const j = pinv[r]!;
      if (r === best) continue;
      if (j >= 0) U.push(j, x[r]!);
      else L.push(r, x[r]! / piv);
      x[r] = 0;
    }
    x[best] = 0;
    lPtr[k + 1] = L.len;
    uPtr[k + 1] = U.len;
    if (L.len + U.len > maxNonzeros) throw fillLimit(L.len + U.len, maxNonzeros);
  }
  const lIdx = L.idx.slice(0, L.len).map((r) => pinv[r]!);
  return finish(n, pinv, order, lPtr, lIdx, L.val.slice(0, L.len), uPtr, U.idx.slice(0, U.len), U.val.slice(0, U.len), uDiag);
}

/** Sorts each U column by row (refactorisation visits them in pivot order) and packs the factors. */
function finish(n: number, pinv: Int32Array, colOf: Int32Array, lPtr: Int32Array, lIdx: Int32Array, lVal: Float64Array, uPtr: Int32Array, uIdx: Int32Array, uVal: Float64Array, uDiag: Float64Array): LuFactors {
  for (let k = 0; k < n; k++) {
    const s = uPtr[k]!, e = uPtr[k + 1]!;
    if (e - s < 2) continue;
    const perm = Array.from({ length: e - s }, (_, i) => s + i).sort((p, q) => uIdx[p]! - uIdx[q]!);
    const idx = perm.map((p) => uIdx[p]!), val = perm.map((p) => uVal[p]!);
    uIdx.set(idx, s);
    uVal.set(val, s);
  }
  const rowOf = new Int32Array(n);
  for (let r = 0; r < n; r++) rowOf[pinv[r]!] = r;
  return { n, rowOf, pinv, colOf: Int32Array.from(colOf), lPtr, lIdx, lVal, uPtr, uIdx, uVal, uDiag, work: new Float64Array(n), dense: false };
}

/** Dense Gaussian elimination with the same pivoting rule, packed into the sparse factor format. */
function denseFactor(a: Csc, order: Int32Array): LuFactors {
  const { n, colPtr, rowIdx, values } = a;
  const m = new Float64Array(n * n); // m[i·n + k]: row i (original), column k (ordered)
  for (let k = 0; k < n; k++) for (let p = colPtr[order[k]!]!; p < colPtr[order[k]! + 1]!; p++) m[rowIdx[p]! * n + k] = values[p]!;
  const pinv = new Int32Array(n).fill(-1);
  const rowOf = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    let best = -1, max = 0;
    for (let r = 0; r < n; r++) {
      if (pinv[r]! >= 0) continue;
      const v = Math.abs(m[r * n + k]!);
      if (v > max) {
        max = v;
        best = r;
      }
    }
    if (best < 0) throw singular(order[k]!);
    const c = order[k]!;
    if (pinv[c]! < 0 && Math.abs(m[c * n + k]!) >= PIVOT_TOL * max) best = c;
    pinv[best] = k;
    rowOf[k] = best;
    const piv = m[best * n + k]!;
    for (let r = 0; r < n; r++) {
      if (pinv[r]! >= 0 || m[r * n + k] === 0) continue;
      const l = (m[r * n + k]! /= piv);
      for (let j = k + 1; j < n; j++) m[r * n + j] = m[r * n + j]! - l * m[best * n + j]!;
    }
  }
  const lPtr = new Int32Array(n + 1), uPtr = new Int32Array(n + 1);
  const li: number[] = [], lv: number[] = [], ui: number[] = [], uv: number[] = [];
  const uDiag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    uDiag[k] = m[rowOf[k]! * n + k]!;
    for (let i = 0; i < k; i++) if (m[rowOf[i]! * n + k] !== 0) {
        ui.push(i);
        uv.push(m[rowOf[i]! * n + k]!);
      }
    for (let i = k + 1; i < n; i++) if (m[rowOf[i]! * n + k] !== 0) {
        li.push(i);
        lv.push(m[rowOf[i]! * n + k]!);
      }
    lPtr[k + 1] = li.length;
    uPtr[k + 1] = ui.length;
  }
  return { n, rowOf, pinv, colOf: Int32Array.from(order), lPtr, lIdx: Int32Array.from(li), lVal: Float64Array.from(lv), uPtr, uIdx: Int32Array.from(ui), uVal: Float64Array.from(uv), uDiag, work: new Float64Array(n), dense: true };
}

/**
 * Refactorises new values of the same pattern in place with the old pivot order.
 * @returns false when a pivot became too small (then call {@link luFactor} again).
 */
export function luRefactor(f: LuFactors, a: Csc): boolean {
  if (f.dense) return false;
  const { n, pinv, colOf, lPtr, lIdx, lVal, uPtr, uIdx, uVal, uDiag, work: x } = f;
  const { colPtr, rowIdx, values } = a;
  for (let k = 0; k < n; k++) {
    const c = colOf[k]!;
    for (let p = colPtr[c]!; p < colPtr[c + 1]!; p++) x[pinv[rowIdx[p]!]!] = values[p]!;
    for (let p = uPtr[k]!; p < uPtr[k + 1]!; p++) {
      const j = uIdx[p]!;
      const xj = x[j]!;
      uVal[p] = xj;
      x[j] = 0;
      for (let q = lPtr[j]!; q < lPtr[j + 1]!; q++) x[lIdx[q]!] = x[lIdx[q]!]! - lVal[q]! * xj;
    }
    const piv = x[k]!;
    x[k] = 0;
    let max = 0;
    for (let q = lPtr[k]!; q < lPtr[k + 1]!; q++) max = Math.max(max, Math.abs(x[lIdx[q]!]!));
    if (!(Math.abs(piv) > 0) || Math.abs(piv) < 1e-3 * max) {
      x.fill(0);
      return false;
    }
    uDiag[k] = piv;
    for (let q = lPtr[k]!; q < lPtr[k + 1]!; q++) {
      lVal[q] = x[lIdx[q]!]! / piv;
      x[lIdx[q]!] = 0;
    }
  }
  return true;
}

/** Solves A·x = b with the factors; `x` may alias `b`. */
export function luSolve(f: LuFactors, b: Float64Array, x: Float64Array): void {
  const { n, rowOf, colOf, lPtr, lIdx, lVal, uPtr, uIdx, uVal, uDiag, work: y } = f;
  for (let k = 0; k < n; k++) y[k] = b[rowOf[k]!]!;
  for (let k = 0; k < n; k++) {
    const yk = y[k]!;
    if (yk === 0) continue;
    for (let p = lPtr[k]!; p < lPtr[k + 1]!; p++) y[lIdx[p]!] = y[lIdx[p]!]! - lVal[p]! * yk;
  }
  for (let k = n - 1; k >= 0; k--) {
    const yk = (y[k] = y[k]! / uDiag[k]!);
    if (yk === 0) continue;
    for (let p = uPtr[k]!; p < uPtr[k + 1]!; p++) y[uIdx[p]!] = y[uIdx[p]!]! - uVal[p]! * yk;
  }
  for (let k = 0; k < n; k++) x[colOf[k]!] = y[k]!;
}
