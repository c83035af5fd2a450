/**
 * Modified nodal analysis in phase mode (JoSIM's MNPA). Unknowns: node phases
 * φ (rad) and the currents of inductors and voltage/phase sources. With BDF2,
 * V_n = (a·φ_n − H_n)/κ where a = 3/(2h), H_n = (4φ_{n−1} − φ_{n−2})/(2h),
 * κ = 2π/Φ₀, so every branch is a conductance on phase plus a history current:
 *   R: I = (a/(κR))·φ − H/(κR)
 *   C: I = (a²C/κ)·φ − C·(a·H/κ + (4V_{n−1} − V_{n−2})/(2h))
 *   B: the same with G_qp(region) + C, and I_c·sin φ⁰ + offset on the right side
 *   L: φ_p − φ_q − κ·(L·I + Σ M·I') = 0 (algebraic)
 *   V: φ_p − φ_q = (κ·V(t) + H)/a;  P: φ_p − φ_q = P(t)
 * KCL rows are scaled by S = 1/(100 µA) and currents solved in units of 100 µA,
 * so every matrix entry is O(0.1–10) and pivoting sees balanced rows.
 */
import { LimitError } from '../../util/index.js';
import type { FlatCircuit, JjParams } from './elaborate.js';
import { KAPPA, KB_J_PER_K, qpBranch, type QpBranch } from './junction.js';
import type { Waveform } from './waveform.js';

/** Current scale: KCL rows are multiplied by S and branch currents solved as S·I. */
export const CURRENT_SCALE = 1e4;

/** A resistor (or a junction's noise) between node indices p, q (ground = nNodes). */
export interface Branch {
  readonly name: string;
  readonly p: number;
  readonly q: number;
}

/** The circuit indexed for the solver. */
export interface Mna {
  readonly nNodes: number;
  readonly nUnknowns: number;
  readonly nodeNames: readonly string[];
  readonly res: readonly (Branch & { readonly rOhm: number; readonly tempK: number | undefined })[];
  readonly caps: readonly (Branch & { readonly cF: number })[];
  readonly jjs: readonly (Branch & { readonly jj: JjParams; readonly qp: QpBranch; readonly tempK: number | undefined })[];
  readonly inds: readonly (Branch & { readonly lH: number; readonly k: number })[];
  readonly vsrc: readonly (Branch & { readonly wave: Waveform; readonly k: number; readonly phase: boolean })[];
  readonly isrc: readonly (Branch & { readonly wave: Waveform })[];
  readonly mutuals: readonly { readonly k1: number; readonly k2: number; readonly mH: number }[];
}

/** Indexes a flat circuit: node numbers, branch-current unknowns, mutual inductances. */
export function indexCircuit(c: FlatCircuit): Mna {
  const nNodes = c.nodes.length;
  const idx = new Map(c.nodes.map((n, i) => [n, i]));
  const node = (n: string): number => (n === '0' ? nNodes : idx.get(n)!);
  let k = nNodes;
  const out = { res: [], caps: [], jjs: [], inds: [], vsrc: [], isrc: [] } as { [K in 'res' | 'caps' | 'jjs' | 'inds' | 'vsrc' | 'isrc']: Mna[K][number][] };
  for (const e of c.elements) {
    const b = { name: e.name, p: node(e.nodes[0]), q: node(e.nodes[1]) };
    if (e.type === 'R') out.res.push({ ...b, rOhm: e.value, tempK: e.tempK });
    else if (e.type === 'C') out.caps.push({ ...b, cF: e.value });
    else if (e.type === 'B') out.jjs.push({ ...b, jj: e.jj!, qp: qpBranch(e.jj!), tempK: e.tempK });
    else if (e.type === 'L') out.inds.push({ ...b, lH: e.value, k: k++ });
    else if (e.type === 'I') out.isrc.push({ ...b, wave: e.wave! });
    else out.vsrc.push({ ...b, wave: e.wave!, k: k++, phase: e.type === 'P' });
  }
  const lk = new Map(out.inds.map((l) => [l.name, l]));
  const mutuals = c.mutuals.map((m) => {
    const a = lk.get(m.l1)!;
    const b = lk.get(m.l2)!;
    return { k1: a.k, k2: b.k, mH: m.k * Math.sqrt(a.lH * b.lH) };
  });
  return { nNodes, nUnknowns: k, nodeNames: c.nodes, ...out, mutuals };
}

/** Per-junction conductance (S) and capacitance stamp for region `r`, step h. */
function stampG(m: Mna, a: Float64Array, n: number, p: number, q: number, g: number): void {
  const N = m.nNodes;
  if (p < N) a[p * n + p] += g;
  if (q < N) a[q * n + q] += g;
  if (p < N && q < N) {
    a[p * n + q] -= g;
    a[q * n + p] -= g;
  }
}

/** Most unknowns of the dense solver: 8,000² doubles, twice, is about 1 GiB. */
export const MAX_DENSE_UNKNOWNS = 8_000;

/**
 * Assembles the (scaled) MNA matrix for step `hS` and junction regions `regions`.
 * @returns a dense row-major `nUnknowns²` matrix.
 */
export function assemble(m: Mna, hS: number, regions: Uint8Array): Float64Array {
  const n = m.nUnknowns;
  // The solver is dense: n² doubles for the matrix and as many for its LU factors.
  if (n > MAX_DENSE_UNKNOWNS) {
    throw new LimitError('sfq MNA', { what: `a dense ${n} × ${n} system (${((16 * n * n) / 2 ** 30).toFixed(1)} GiB with its LU factors)`, limit: MAX_DENSE_UNKNOWNS, requested: n, raise: 'a smaller circuit (the solver is dense)' });
  }
  const N = m.nNodes;
  const a = new Float64Array(n * n);
  const al = 3 / (2 * hS);
  const S = CURRENT_SCALE;
  for (const r of m.res) stampG(m, a, n, r.p, r.q, (S * al) / (KAPPA * r.rOhm));
  for (const c of m.caps) stampG(m, a, n, c.p, c.q, (S * al * al * c.cF) / KAPPA);
  m.jjs.forEach((j, i) => stampG(m, a, n, j.p, j.q, (S * (al * j.qp.g[regions[i]! as 0 | 1 | 2] + al * al * j.jj.capF)) / KAPPA));
  const branchRow = (p: number, q: number, k: number): void => {
    if (p < N) {
      a[p * n + k] += 1;
      a[k * n + p] += 1;
    }
    if (q < N) {
      a[q * n + k] -= 1;
      a[k * n + q] -= 1;
    }
  };
  for (const l of m.inds) {
    branchRow(l.p, l.q, l.k);
    a[l.k * n + l.k] -= (KAPPA * l.lH) / S;
  }
  for (const mu of m.mutuals) {
    a[mu.k1 * n + mu.k2] -= (KAPPA * mu.mH) / S;
    a[mu.k2 * n + mu.k1] -= (KAPPA * mu.mH) / S;
  }
  for (const v of m.vsrc) branchRow(v.p, v.q, v.k);
  return a;
}

/** Standard deviation (A) of a Johnson noise current sample: √(4kT/R)·√(neb/2). */
export function johnsonSigmaA(tempK: number, rOhm: number, nebHz: number): number {
  return Math.sqrt((4 * KB_J_PER_K * tempK) / rOhm) * Math.sqrt(nebHz / 2);
}
