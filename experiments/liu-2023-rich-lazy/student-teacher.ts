/**
 * The paper's theory check (Theorem 1, Proposition 1 as summarised in the note):
 * a two-layer linear student f(x) = w₂ᵀ W₁ x learns a random linear teacher
 * y = βᵀx from a small initialisation (‖W₁‖_F = ‖w₂‖ = σ) whose W₁ has rank r.
 * Training is gradient descent on the population loss ½ E‖f(x) − y‖² over
 * x ~ N(0, I_d), i.e. ½‖W₁ᵀw₂ − β‖². The tangent kernel is
 * K(x, x') = xᵀ M x' with M = ‖w₂‖² I + W₁ᵀW₁, and over x ~ N(0, I) its alignment
 * ⟨K₀, K_T⟩/(‖K₀‖‖K_T‖) is the cosine of M₀ and M_T. Our construction from the
 * note's summary (the paper's exact setting is not public): isotropic inputs, no
 * anisotropy F.
 */
import { alignment, frobeniusNorm, gaussianConnectivity, rankTruncations, weightChangeNorm } from '../../src/mechanisms/low-rank/index.js';
import type { Rng } from '../../src/util/index.js';

/** Settings of the student–teacher check. */
export interface StudentTeacherSettings {
  /** Input size d = hidden size (so W₁ can have any rank 1..d). */
  readonly d: number;
  /** ‖W₁(0)‖_F = ‖w₂(0)‖ (small: the rich-regime premise of Theorem 1). */
  readonly sigma: number;
  readonly lr: number;
  readonly steps: number;
  /** Random teachers averaged over. */
  readonly teachers: number;
  readonly ranks: readonly number[];
  /** 'full' (the control): every init has full rank d, whatever `ranks` says. Default 'truncated'. */
  readonly rankInit?: 'truncated' | 'full';
  /** 'random' (the control): the rank-1 "aligned" init uses a random direction instead of the teacher's. Default 'task'. */
  readonly aligned?: 'task' | 'random';
}

/** Mean kernel alignment and ‖ΔW₁‖_F per rank, and for the teacher-aligned rank-1 init. */
export interface StudentTeacherResult {
  readonly ka: number[];
  readonly dW: number[];
  readonly alignedKa: number;
  readonly alignedDw: number;
  /** Per teacher (paired): KA at the last rank minus KA at the first. */
  readonly kaRise: number[];
  /** Per teacher (paired): KA of the aligned init minus KA of the first rank's init. */
  readonly alignedGain: number[];
}

/** M = ‖w₂‖² I + W₁ᵀW₁, [d, d]. */
function kernelMatrix(w1: Float64Array, w2: Float64Array, d: number): Float64Array {
  const m = new Float64Array(d * d);
  let v = 0;
  for (const x of w2) v += x * x;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let acc = i === j ? v : 0;
      for (let h = 0; h < d; h++) acc += w1[h * d + i] * w1[h * d + j];
      m[i * d + j] = acc;
    }
  }
  return m;
}

/** Trains (w₁, w₂) in place by GD on ½‖W₁ᵀw₂ − β‖²; @returns [kernel alignment, ‖ΔW₁‖_F]. */
function train(w1: Float64Array, w2: Float64Array, beta: Float64Array, s: StudentTeacherSettings): [number, number] {
  const d = s.d;
  const m0 = kernelMatrix(w1, w2, d);
  const start = Float64Array.from(w1);
  const e = new Float64Array(d);
  for (let step = 0; step < s.steps; step++) {
    for (let i = 0; i < d; i++) {
      let acc = -beta[i];
      for (let h = 0; h < d; h++) acc += w1[h * d + i] * w2[h];
      e[i] = acc;
    }
    // ∂/∂W₁ = w₂ eᵀ, ∂/∂w₂ = W₁ e (both from the old weights).
    for (let h = 0; h < d; h++) {
      let g2 = 0;
      for (let i = 0; i < d; i++) g2 += w1[h * d + i] * e[i];
      for (let i = 0; i < d; i++) w1[h * d + i] -= s.lr * w2[h] * e[i];
      w2[h] -= s.lr * g2;
    }
  }
  return [alignment(m0, kernelMatrix(w1, w2, d)), weightChangeNorm(start, w1)];
}

/**
 * Runs the check: for each teacher, one Gaussian W₁ draw truncated to every rank
 * (rescaled to σ), one w₂ draw, and a rank-1 W₁ = σ·u β̂ᵀ aligned with the teacher.
 * @param s settings
 * @param rng the only randomness
 * @returns means over teachers
 */
export function studentTeacher(s: StudentTeacherSettings, rng: Rng): StudentTeacherResult {
  const ka = s.ranks.map(() => 0);
  const dW = s.ranks.map(() => 0);
  let alignedKa = 0;
  let alignedDw = 0;
  const kaRise: number[] = [];
  const alignedGain: number[] = [];
  const unit = (v: Float64Array, scale: number): Float64Array => {
    const norm = frobeniusNorm(v);
    return v.map((x) => (x * scale) / norm);
  };
  for (let t = 0; t < s.teachers; t++) {
    const r = rng.fold(`teacher/${t}`);
    const normal = (): Float64Array => r.fillNormal(new Float64Array(s.d), 0, 1) as Float64Array;
    const beta = unit(normal(), 1);
    const w2 = unit(normal(), s.sigma);
    const atRank = rankTruncations(gaussianConnectivity(s.d, 1, r), s.d, s.d);
    const kaHere = s.ranks.map((rank, i) => {
      const w1 = unit(atRank(s.rankInit === 'full' ? s.d : Math.min(rank, s.d)).w, s.sigma);
      const [a, w] = train(w1, Float64Array.from(w2), beta, s);
      ka[i] += a / s.teachers;
      dW[i] += w / s.teachers;
      return a;
    });
    const u = unit(normal(), 1);
    // 'random' (the control): the same rank-1 form u vᵀ, with v a random unit vector instead of the teacher β̂.
    const v = s.aligned === 'random' ? unit(normal(), 1) : beta;
    const aligned = new Float64Array(s.d * s.d).map((_, k) => s.sigma * u[Math.floor(k / s.d)] * v[k % s.d]);
    const [a, w] = train(aligned, Float64Array.from(w2), beta, s);
    alignedKa += a / s.teachers;
    alignedDw += w / s.teachers;
    kaRise.push(kaHere[kaHere.length - 1] - kaHere[0]);
    alignedGain.push(a - kaHere[0]);
  }
  return { ka, dW, alignedKa, alignedDw, kaRise, alignedGain };
}
