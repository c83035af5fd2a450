/**
 * Sparse LU for the MNA matrix: a reverse Cuthill–McKee ordering (narrow band),
 * Gaussian elimination with threshold partial pivoting that visits only
 * nonzeros, and factors kept as compressed rows/columns so that each solve
 * costs O(nnz(L + U)). The matrix changes only when a junction changes
 * quasiparticle region, so one factorisation serves many steps.
 */
import { NeuroError } from '../../util/index.js';

/** Reverse Cuthill–McKee ordering of the symmetrised pattern of a dense row-major `n × n` matrix. */
export function rcmOrder(a: Float64Array, n: number): Int32Array {
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (a[i * n + j] !== 0 || a[j * n + i] !== 0) {
        adj[i]!.push(j);
        adj[j]!.push(i);
      }
  const seen = new Uint8Array(n);
  const order: number[] = [];
  const byDegree = (x: number, y: number): number => adj[x]!.length - adj[y]!.length || x - y;
  const starts = Array.from({ length: n }, (_, i) => i).sort(byDegree);
  for (const s of starts) {
    if (seen[s]) continue;
    seen[s] = 1;
    const queue = [s];
    for (let h = 0; h < queue.length; h++) {
      const v = queue[h]!;
      order.push(v);
      for (const w of [...adj[v]!].sort(byDegree)) if (!seen[w]) {
          seen[w] = 1;
          queue.push(w);
        }
    }
  }
  return Int32Array.from(order.reverse());
}

/** LU factors of P·A·Qᵀ (Q: the fill-reducing order, P: row pivoting). */
export interface LuFactors {
  readonly n: number;
  /** Row i of the permuted system is original row `rowOf[i]`. */
  readonly rowOf: Int32Array;
  /** Column (unknown) i of the permuted system is original unknown `colOf[i]`. */
  readonly colOf: Int32Array;
  /** L by columns: for column k, entries lIdx/lVal in [lPtr[k], lPtr[k+1]). Unit diagonal. */
  readonly lPtr: Int32Array;
  readonly lIdx: Int32Array;
  readonly lVal: Float64Array;
  /** U by rows, diagonal excluded; `uDiag` holds it. */
  readonly uPtr: Int32Array;
  readonly uIdx: Int32Array;
  readonly uVal: Float64Array;
  readonly uDiag: Float64Array;
  /** Scratch for solves. */
  readonly work: Float64Array;
}

/**
 * Factorises a dense row-major `n × n` matrix (not modified).
 * @param order the column/row ordering, e.g. from {@link rcmOrder}.
 * @throws NeuroError (`invalid_argument`: a netlist problem, not a bug) when the matrix is singular (a floating node or a loop of sources).
 */
export function luFactor(a: Float64Array, n: number, order: Int32Array): LuFactors {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] = a[order[i]! * n + order[j]!]!;
  const rowOf = Int32Array.from(order);
  const cols = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    let best = Math.abs(m[k * n + k]!);
    let p = k;
    let max = best;
    for (let i = k + 1; i < n; i++) max = Math.max(max, Math.abs(m[i * n + k]!));
    if (best < 0.1 * max) {
      for (let i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]!) > best) {
          best = Math.abs(m[i * n + k]!);
          p = i;
        }
    }
    if (max === 0) throw new NeuroError('invalid_argument', 'sfq.luFactor', { what: 'singular circuit matrix (a floating node, or a loop of inductors/voltage sources)', expected: 'a node connected to ground through elements', received: `no pivot for unknown ${order[k]}` });
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = m[k * n + j]!;
        m[k * n + j] = m[p * n + j]!;
        m[p * n + j] = t;
      }
      const t = rowOf[k]!;
      rowOf[k] = rowOf[p]!;
      rowOf[p] = t;
    }
    const piv = m[k * n + k]!;
    let nc = 0;
    for (let j = k + 1; j < n; j++) if (m[k * n + j] !== 0) cols[nc++] = j;
    for (let i = k + 1; i < n; i++) {
      const lik = m[i * n + k]!;
      if (lik === 0) continue;
      const l = lik / piv;
      m[i * n + k] = l;
      for (let c = 0; c < nc; c++) {
        const j = cols[c]!;
        m[i * n + j] = m[i * n + j]! - l * m[k * n + j]!;
      }
    }
  }
  return compress(m, n, rowOf, Int32Array.from(order));
}

function compress(m: Float64Array, n: number, rowOf: Int32Array, colOf: Int32Array): LuFactors {
  const lPtr = new Int32Array(n + 1);
  const uPtr = new Int32Array(n + 1);
  const li: number[] = [];
  const lv: number[] = [];
  const ui: number[] = [];
  const uv: number[] = [];
  const uDiag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let i = k + 1; i < n; i++) if (m[i * n + k] !== 0) {
        li.push(i);
        lv.push(m[i * n + k]!);
      }
    lPtr[k + 1] = li.length;
    uDiag[k] = m[k * n + k]!;
    for (let j = k + 1; j < n; j++) if (m[k * n + j] !== 0) {
        ui.push(j);
        uv.push(m[k * n + j]!);
      }
    uPtr[k + 1] = ui.length;
  }
  return {
    n, rowOf, colOf, lPtr, lIdx: Int32Array.from(li), lVal: Float64Array.from(lv),
    uPtr, uIdx: Int32Array.from(ui), uVal: Float64Array.from(uv), uDiag, work: new Float64Array(n),
  };
}

/** Solves A·x = b with the factors; `x` may alias `b`. */
export function luSolve(f: LuFactors, b: Float64Array, x: Float64Array): void {
  const { n, rowOf, colOf, lPtr, lIdx, lVal, uPtr, uIdx, uVal, uDiag, work: y } = f;
  for (let i = 0; i < n; i++) y[i] = b[rowOf[i]!]!;
  for (let k = 0; k < n; k++) {
    const yk = y[k]!;
    if (yk === 0) continue;
    for (let p = lPtr[k]!; p < lPtr[k + 1]!; p++) y[lIdx[p]!] = y[lIdx[p]!]! - lVal[p]! * yk;
  }
  for (let k = n - 1; k >= 0; k--) {
    let s = y[k]!;
    for (let p = uPtr[k]!; p < uPtr[k + 1]!; p++) s -= uVal[p]! * y[uIdx[p]!]!;
    y[k] = s / uDiag[k]!;
  }
  for (let i = 0; i < n; i++) x[colOf[i]!] = y[i]!;
}
