/**
 * Dense float64 linear algebra for analysis code (not on the autodiff tape):
 * the singular value decomposition by one-sided (Hestenes) Jacobi rotations and
 * the symmetric eigendecomposition by cyclic Jacobi rotations. Both are accurate
 * to a few ulps of the largest singular value / eigenvalue and take about a second
 * for a 300×300 matrix. Matrices are row-major `Float64Array`s with explicit sizes.
 */
import { ArgumentError, ShapeError } from '../util/index.js';

/** Result of {@link svd}: `a ≈ u · diag(s) · vt`, with k = min(rows, cols). */
export interface Svd {
  /** Left singular vectors, row-major [rows, k]; column j belongs to s[j] (zero when s[j] = 0). */
  readonly u: Float64Array;
  /** Singular values, descending, ≥ 0, length k. */
  readonly s: Float64Array;
  /** Right singular vectors transposed, row-major [k, cols]; orthonormal rows. */
  readonly vt: Float64Array;
  readonly rows: number;
  readonly cols: number;
  readonly k: number;
}

/** Result of {@link symEig}: `a = vectors · diag(values) · vectorsᵀ`. */
export interface SymEig {
  /** Eigenvalues, descending, length n. */
  readonly values: Float64Array;
  /** Eigenvectors as columns, row-major [n, n]: column j belongs to values[j]. */
  readonly vectors: Float64Array;
}

/** Options of {@link svd} and {@link symEig}. */
export interface JacobiOptions {
  /** Relative off-diagonal tolerance at which a rotation is skipped (default 1e-15). */
  tol?: number;
  /** Maximum number of sweeps (default 60; convergence is quadratic, typically 6–12). */
  maxSweeps?: number;
}

function checkMatrix(a: ArrayLike<number>, rows: number, cols: number, where: string): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new ArgumentError(where, { what: 'matrix sizes must be positive integers', expected: '>= 1', received: [rows, cols] });
  }
  if (a.length !== rows * cols) throw new ShapeError(where, { what: 'data length = rows·cols', expected: rows * cols, received: a.length });
}

/**
 * Singular value decomposition of a dense matrix by one-sided Jacobi rotations
 * (Hestenes 1958; Demmel & Veselić 1992): the columns of a working copy are
 * rotated pairwise until mutually orthogonal; their norms are the singular values.
 * @param a row-major [rows, cols]
 * @param rows number of rows
 * @param cols number of columns
 * @param opts tolerance and sweep limit
 * @returns `{ u [rows,k], s [k] descending, vt [k,cols] }` with k = min(rows, cols)
 * @example const { s } = svd([3, 0, 0, 4], 2, 2); // s = [4, 3]
 */
export function svd(a: ArrayLike<number>, rows: number, cols: number, opts: JacobiOptions = {}): Svd {
  checkMatrix(a, rows, cols, 'svd(a, rows, cols)');
  if (rows < cols) {
    // Decompose aᵀ = V S Uᵀ and swap the factors.
    const at = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) at[j * rows + i] = a[i * cols + j];
    const r = svd(at, cols, rows, opts);
    return { u: transposeOf(r.vt, r.k, rows), s: r.s, vt: transposeOf(r.u, cols, r.k), rows, cols, k: r.k };
  }
  const m = rows;
  const n = cols;
  const tol = opts.tol ?? 1e-15;
  const maxSweeps = opts.maxSweeps ?? 60;
  // Columns stored contiguously: w[j*m + i] = a[i, j]; v[j*n + i] = V[i, j].
  const w = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[j * m + i] = a[i * n + j];
  const v = new Float64Array(n * n);
  for (let j = 0; j < n; j++) v[j * n + j] = 1;
  const norms = new Float64Array(n);
  for (let j = 0; j < n; j++) norms[j] = dot(w, j * m, w, j * m, m);
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const alpha = norms[p];
        const beta = norms[q];
        const gamma = dot(w, p * m, w, q * m, m);
        if (gamma === 0 || Math.abs(gamma) <= tol * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotate(w, p * m, q * m, m, c, s);
        rotate(v, p * n, q * n, n, c, s);
        norms[p] = alpha - t * gamma;
        norms[q] = beta + t * gamma;
      }
    }
    // Refresh the norms to stop rounding drift in the running updates.
    for (let j = 0; j < n; j++) norms[j] = dot(w, j * m, w, j * m, m);
    if (!rotated) break;
  }
  const order = Array.from({ length: n }, (_, j) => j).sort((x, y) => norms[y] - norms[x]);
  const u = new Float64Array(m * n);
  const s = new Float64Array(n);
  const vt = new Float64Array(n * n);
  order.forEach((j, rank) => {
    const sigma = Math.sqrt(norms[j]);
    s[rank] = sigma;
    if (sigma > 0) for (let i = 0; i < m; i++) u[i * n + rank] = w[j * m + i] / sigma;
    for (let i = 0; i < n; i++) vt[rank * n + i] = v[j * n + i];
  });
  return { u, s, vt, rows, cols, k: n };
}

/**
 * Singular values only (descending).
 * @param a row-major [rows, cols]
 * @param rows number of rows
 * @param cols number of columns
 * @returns the min(rows, cols) singular values, descending
 * @example singularValues([0, 2, 1, 0], 2, 2); // [2, 1]
 */
export function singularValues(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  return svd(a, rows, cols).s;
}

/**
 * Eigendecomposition of a symmetric matrix by cyclic Jacobi rotations. Only the
 * upper triangle's symmetry is assumed, not checked beyond the shape.
 * @param a row-major [n, n], symmetric
 * @param n size
 * @param opts tolerance and sweep limit
 * @returns eigenvalues descending and eigenvectors as columns
 * @example symEig([2, 1, 1, 2], 2).values; // [3, 1]
 */
export function symEig(a: ArrayLike<number>, n: number, opts: JacobiOptions = {}): SymEig {
  checkMatrix(a, n, n, 'symEig(a, n)');
  const tol = opts.tol ?? 1e-15;
  const maxSweeps = opts.maxSweeps ?? 60;
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += m[i * n + i] * m[i * n + i];
      for (let j = i + 1; j < n; j++) off += m[i * n + j] * m[i * n + j];
    }
    if (off <= tol * tol * diag || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (apq === 0) continue;
        const app = m[p * n + p];
        const aqq = m[q * n + q];
        if (Math.abs(apq) <= tol * Math.sqrt(Math.abs(app * aqq))) {
          m[p * n + q] = 0;
          m[q * n + p] = 0;
          continue;
        }
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(1 + theta * theta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        // A ← Jᵀ A J on rows/columns p, q.
        for (let k = 0; k < n; k++) {
          const akp = m[k * n + p];
          const akq = m[k * n + q];
          m[k * n + p] = c * akp - s * akq;
          m[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = m[p * n + k];
          const aqk = m[q * n + k];
          m[p * n + k] = c * apk - s * aqk;
          m[q * n + k] = s * apk + c * aqk;
        }
        m[p * n + q] = 0;
        m[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, j) => j).sort((x, y) => m[y * n + y] - m[x * n + x]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((j, rank) => {
    values[rank] = m[j * n + j];
    for (let i = 0; i < n; i++) vectors[i * n + rank] = v[i * n + j];
  });
  return { values, vectors };
}

function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, len: number): number {
  let acc = 0;
  for (let i = 0; i < len; i++) acc += x[xo + i] * y[yo + i];
  return acc;
}

/** Rotates two contiguous columns: (x, y) ← (c·x − s·y, s·x + c·y). */
function rotate(buf: Float64Array, po: number, qo: number, len: number, c: number, s: number): void {
  for (let i = 0; i < len; i++) {
    const x = buf[po + i];
    const y = buf[qo + i];
    buf[po + i] = c * x - s * y;
    buf[qo + i] = s * x + c * y;
  }
}

function transposeOf(a: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
  return out;
}
