/**
 * Physical constants and the RCSJ junction's piecewise-linear quasiparticle
 * branch (JoSIM rtype=1): conductance 1/R0 below V_g − ΔV/2, slope
 * I_c/(icfct·ΔV) across the gap, 1/R_N above, made continuous by an offset
 * current: I_qp(V) = sign(V)·(G_k·|V| + c_k) in region k.
 */
import type { JjParams } from './elaborate.js';

/** Magnetic flux quantum Φ₀ = h/2e, Wb (CODATA 2018, exact). */
export const PHI0_WB = 2.067833848e-15;

/** Boltzmann constant, J/K (exact). */
export const KB_J_PER_K = 1.380649e-23;

/** 2π/Φ₀: phase per volt-second. */
export const KAPPA = (2 * Math.PI) / PHI0_WB;

/** The three conductances and offsets of a junction's quasiparticle branch. */
export interface QpBranch {
  /** Region edges |V| (V): below `v1` subgap, below `v2` gap, else normal. */
  readonly v1: number;
  readonly v2: number;
  /** Conductance per region (S). */
  readonly g: readonly [number, number, number];
  /** Offset current per region (A), applied with the sign of V. */
  readonly c: readonly [number, number, number];
}

/** Builds the piecewise-linear branch of a junction (rtype=0: no branch, all zero). */
export function qpBranch(jj: JjParams): QpBranch {
  if (jj.rtype === 0) return { v1: Infinity, v2: Infinity, g: [0, 0, 0], c: [0, 0, 0] };
  const v1 = jj.vgV - jj.delvV / 2;
  const v2 = jj.vgV + jj.delvV / 2;
  const g0 = 1 / jj.r0Ohm;
  const g1 = jj.icA / (jj.icfct * jj.delvV);
  const g2 = 1 / jj.rnOhm;
  const i1 = v1 * g0;
  const i2 = i1 + g1 * (v2 - v1);
  return { v1, v2, g: [g0, g1, g2], c: [0, i1 - g1 * v1, i2 - g2 * v2] };
}

/** Region index (0 subgap, 1 gap, 2 normal) of voltage `v`. */
export function qpRegion(b: QpBranch, v: number): 0 | 1 | 2 {
  const a = Math.abs(v);
  return a < b.v1 ? 0 : a < b.v2 ? 1 : 2;
}

/** Quasiparticle current (A) at voltage `v` (V). */
export function qpCurrent(b: QpBranch, v: number): number {
  const k = qpRegion(b, v);
  return Math.sign(v) * (b.g[k] * Math.abs(v) + b.c[k]);
}
