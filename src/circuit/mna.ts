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
import type { FlatCircuit, JjParams } from './elaborate.js';
import type { Csc } from './lu.js';
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

/** The MNA matrix on a fixed sparse pattern; only the junction stamps change between factorisations. */
export interface MnaMatrix {
  readonly csc: Csc;
  /** The values without the junction conductances. */
  readonly base: Float64Array;
  /** Per junction, 4 value positions (pp, qq, pq, qp; −1 where grounded). */
  readonly jjPos: Int32Array;
  readonly hS: number;
}

/** Collects (row, col, value) stamps; `tag` ≥ 0 marks junction slot `tag`. */
class Triplets {
  rows: number[] = [];
  cols: number[] = [];
  vals: number[] = [];
  tags: number[] = [];
  add(i: number, j: number, v: number, tag = -1): void {
    this.rows.push(i);
    this.cols.push(j);
    this.vals.push(v);
    this.tags.push(tag);
  }
  /** A conductance `g` between nodes p and q (ground = N). */
  conductance(N: number, p: number, q: number, g: number, tag = -1): void {
    const t = (k: number): number => (tag < 0 ? -1 : tag * 4 + k);
    if (p < N) this.add(p, p, g, t(0));
    if (q < N) this.add(q, q, g, t(1));
    if (p < N && q < N) {
      this.add(p, q, -g, t(2));
      this.add(q, p, -g, t(3));
    }
  }
}

/**
 * Assembles the (scaled) MNA matrix for step `hS`, junctions in region 0; see {@link setRegions}.
 * Memory and time are proportional to the number of elements.
 */
export function assemble(m: Mna, hS: number): MnaMatrix {
  const n = m.nUnknowns;
  const N = m.nNodes;
  const al = 3 / (2 * hS);
  const S = CURRENT_SCALE;
  const t = new Triplets();
  for (const r of m.res) t.conductance(N, r.p, r.q, (S * al) / (KAPPA * r.rOhm));
  for (const c of m.caps) t.conductance(N, c.p, c.q, (S * al * al * c.cF) / KAPPA);
  // The junction's capacitance is fixed; its quasiparticle conductance (per region) is added by setRegions.
  m.jjs.forEach((j, i) => {
    t.conductance(N, j.p, j.q, (S * al * al * j.jj.capF) / KAPPA);
    t.conductance(N, j.p, j.q, 0, i);
  });
  const branchRow = (p: number, q: number, k: number): void => {
    if (p < N) {
      t.add(p, k, 1);
      t.add(k, p, 1);
    }
    if (q < N) {
      t.add(q, k, -1);
      t.add(k, q, -1);
    }
  };
  for (const l of m.inds) {
    branchRow(l.p, l.q, l.k);
    t.add(l.k, l.k, -(KAPPA * l.lH) / S);
  }
  for (const mu of m.mutuals) {
    t.add(mu.k1, mu.k2, -(KAPPA * mu.mH) / S);
    t.add(mu.k2, mu.k1, -(KAPPA * mu.mH) / S);
  }
  for (const v of m.vsrc) branchRow(v.p, v.q, v.k);
  return compress(n, t, m.jjs.length, hS);
}

/** Triplets → CSC, duplicates summed (counting sort by column, a marker per row). */
function compress(n: number, t: Triplets, nJ: number, hS: number): MnaMatrix {
  const count = new Int32Array(n + 1);
  for (const j of t.cols) count[j + 1]!++;
  for (let j = 0; j < n; j++) count[j + 1]! += count[j]!;
  const order = new Int32Array(t.cols.length);
  const fill = count.slice(0, n);
  t.cols.forEach((j, e) => (order[fill[j]!++] = e));
  const colPtr = new Int32Array(n + 1);
  const rowIdx: number[] = [];
  const base: number[] = [];
  const jjPos = new Int32Array(4 * nJ).fill(-1);
  const at = new Int32Array(n).fill(-1);
  for (let j = 0; j < n; j++) {
    for (let e = count[j]!; e < count[j + 1]!; e++) {
      const k = order[e]!;
      const i = t.rows[k]!;
      if (at[i]! < colPtr[j]!) { // not yet in column j (−1: never seen)
        at[i] = rowIdx.length;
        rowIdx.push(i);
        base.push(0);
      }
      base[at[i]!] += t.vals[k]!;
      if (t.tags[k]! >= 0) jjPos[t.tags[k]!] = at[i]!;
    }
    colPtr[j + 1] = rowIdx.length;
  }
  const b = Float64Array.from(base);
  return { csc: { n, colPtr, rowIdx: Int32Array.from(rowIdx), values: b.slice() }, base: b, jjPos, hS };
}

/** Sets the matrix values for junction quasiparticle regions `regions` (in place). */
export function setRegions(mm: MnaMatrix, m: Mna, regions: Uint8Array): void {
  const v = mm.csc.values;
  v.set(mm.base);
  const scale = (CURRENT_SCALE * 3) / (2 * mm.hS * KAPPA);
  for (let i = 0; i < m.jjs.length; i++) {
    const g = scale * m.jjs[i]!.qp.g[regions[i]! as 0 | 1 | 2];
    for (let s = 0; s < 4; s++) {
      const p = mm.jjPos[4 * i + s]!;
      if (p >= 0) v[p] = v[p]! + (s < 2 ? g : -g);
    }
  }
}

/** Standard deviation (A) of a Johnson noise current sample: √(4kT/R)·√(neb/2). */
export function johnsonSigmaA(tempK: number, rOhm: number, nebHz: number): number {
  return Math.sqrt((4 * KB_J_PER_K * tempK) / rOhm) * Math.sqrt(nebHz / 2);
}
