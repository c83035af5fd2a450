/**
 * The test vectors of the paper note (../shared/papers/06-sdr-active-dendrites.md):
 * every printed number, with the formula and arguments that produce it. A vector
 * matches when our exact value, rounded to the digits the note prints (1–6
 * significant digits; most tables print 3), equals the printed value.
 */
import { falseMatchUnion, thresholdSweep, type Probability, type UnionBinomial } from '../../src/mechanisms/sdr/index.js';
import { formulas, type Theory } from './binomial.js';

/** One printed reference number and how to recompute it. */
export interface TestVector {
  /** Which table and cell, for reports. */
  readonly label: string;
  /** The number as the note prints it. */
  readonly printed: string;
  /** Recomputes it, with the paper's exact formulas or (control) their binomial approximation; unions and the sweep are always exact. */
  readonly compute: (theory?: Theory) => Probability;
}

const fp = (label: string, printed: string, n: number, a: number, s: number, theta: number): TestVector => ({
  label: `${label} P_FP(n=${n}, a=${a}, s=${s}, θ=${theta})`,
  printed,
  compute: (theory = 'exact') => formulas(theory).falseMatch(n, a, s, theta),
});

function table(label: string, rows: readonly (readonly [string, readonly string[]])[], cols: readonly string[], make: (row: string, col: string, printed: string) => TestVector): TestVector[] {
  return rows.flatMap(([row, cells]) => cells.map((printed, j) => make(row, cols[j]!, printed))).map((v) => ({ ...v, label: `${label}: ${v.label}` }));
}

const oracles: TestVector[] = [
  fp('oracle', '8.3758e-13', 10000, 300, 24, 12),
  fp('oracle', '4.0416e-21', 10000, 64, 24, 12),
  fp('oracle', '4.9436e-13', 2000, 40, 20, 10),
  fp('oracle', '2.4719e-23', 2000, 40, 20, 15),
  fp('oracle', '9.78e-21', 200000, 2000, 10, 10),
  fp('oracle', '1.65e-15', 200000, 2000, 20, 10),
  ...(['6.35e-11', '2.53e-14', '1.00e-17'] as const).map((p, i) => fp('oracle θ=s', p, 100000, 2000, 6 + 2 * i, 6 + 2 * i)),
  ...(['5.29e-8', '2.82e-10', '1.54e-12', '8.59e-15'] as const).map((p, i) => fp('oracle s=2θ', p, 100000, 2000, 12 + 4 * i, 6 + 2 * i)),
  fp('oracle s=2mθ', '4.92e-9', 100000, 2000, 40, 10),
  fp('oracle s=2mθ', '4.63e-6', 100000, 2000, 80, 10),
  fp('oracle s=2mθ', '1.59e-4', 100000, 2000, 120, 10),
  fp('oracle s=2mθ', '1.08e-7', 100000, 2000, 240, 20),
  fp('oracle 2 %', '2.06e-3', 400, 8, 4, 2),
  fp('oracle 2 %', '5.22e-2', 4000, 400, 4, 2),
  { label: 'Monte-Carlo note: P_FN(a=128, s=30, θ=12, v=64)', printed: '0.0716985', compute: (theory = 'exact') => formulas(theory).falseNegative(128, 30, 12, 64) },
];

const effectOfN = table(
  'effect of n (s=24, θ=12)',
  [
    ['300', ['1.09e-3', '0.292', '1.0']],
    ['1100', ['8.36e-10', '3.00e-6', '3.51e-3']],
    ['2100', ['4.51e-13', '2.29e-9', '5.90e-6']],
    ['4100', ['1.66e-16', '1.01e-12', '3.76e-9']],
    ['19900', ['1.07e-24', '7.49e-21', '3.74e-17']],
  ],
  ['64', '128', '256'],
  (n, a, printed) => fp('', printed, Number(n), Number(a), 24, 12),
);

// "At a = n/2 the formula gives a flat ≈ 0.58."
const halfN = [300, 1100, 2100, 4100, 19900].map((n) => fp('effect of n, a = n/2:', '0.58', n, n / 2, 24, 12));

const effectOfS = table(
  'effect of s (θ=s/2)',
  [
    ['2000,32', ['3.18e-2', '3.62e-6', '1.98e-11', '3.27e-21']],
    ['4000,32', ['1.59e-2', '2.31e-7', '8.03e-14', '1.03e-25']],
    ['16000,512', ['6.30e-2', '6.55e-5', '1.07e-8', '3.08e-15']],
    ['16000,4000', ['0.438', '0.114', '0.0271', '2.73e-3']],
  ],
  ['2', '8', '16', '30'],
  (na, s, printed) => {
    const [n, a] = na.split(',').map(Number) as [number, number];
    return fp('', printed, n, a, Number(s), Number(s) / 2);
  },
);

const noise = table(
  'noise (a=128, s=30)',
  [
    ['8', ['2.23e-12', '1.21e-7', '7.35e-4', '2.69e-2']],
    ['12', ['2.16e-7', '3.14e-4', '7.17e-2', '0.427']],
    ['16', ['5.90e-4', '4.35e-2', '0.583', '0.934']],
  ],
  ['0.25', '0.35', '0.5', '0.6'],
  (theta, frac, printed) => {
    const v = Math.round(Number(frac) * 128);
    return { label: `P_FN(θ=${theta}, v=${v})`, printed, compute: (theory = 'exact') => formulas(theory).falseNegative(128, 30, Number(theta), v) };
  },
);

const union = (mode: 'synapses' | 'inputs', n: number, a: number, s: number, theta: number, m: number, printed: string, binomial: UnionBinomial): TestVector => ({
  label: `union ${mode} (n=${n}, a=${a}, s=${s}, θ=${theta}, M=${m}, ${binomial})`,
  printed,
  compute: () => falseMatchUnion(n, a, s, theta, m, mode, binomial),
});

// Union (a): the note's table matches S_M rounded to an integer in every cell.
const unionA = table(
  'union (a)',
  [
    ['1', ['1.00e-5', '5.30e-20', '1.76e-24']],
    ['2', ['0.047', '2.36e-14', '9.74e-19']],
    ['5', ['0.991', '2.28e-8', '2.04e-12']],
    ['10', ['1', '1.27e-4', '3.32e-8']],
    ['19', ['1', '4.54e-2', '8.14e-5']],
  ],
  ['1000', '10000', '20000'],
  (m, n, printed) => union('synapses', Number(n), 200, 25, 15, Number(m), printed, 'integer'),
);

// Union (b): M = 2 uses real-valued A_M (gamma binomials), M = 10 and 20 use A_M rounded (the note).
const unionB = table(
  'union (b)',
  [
    ['1', ['1.75e-11', '1.86e-17', '1.84e-20']],
    ['2', ['2.83e-8', '4.18e-14', '4.38e-17']],
    ['10', ['1.9e-2', '3.3e-7', '5.3e-10']],
    ['20', ['0.43', '1.3e-4', '3.5e-7']],
  ],
  ['1000', '4000', '8000'],
  (m, n, printed) => union('inputs', Number(n), 30, 20, 10, Number(m), printed, m === '2' ? 'gamma' : 'integer'),
);

const SWEEP_THETAS = [3, 4, 5, 6, 7, 8, 9, 10, 12, 16, 20, 24] as const;
const SWEEP_PRINTED = ['1.73e-2', '1.99e-3', '1.71e-4', '1.20e-5', '6.57e-7', '3.33e-8', '1.35e-9', '4.80e-11', '3.41e-14', '1.43e-21', '3.90e-30', '2.07e-39'] as const;

/** Median-P_FP vectors of the NMDA-threshold sweep, given the sweep's results (computed once). */
export function sweepVectors(median: (theta: number) => Probability): TestVector[] {
  return SWEEP_THETAS.map((theta, i) => ({ label: `threshold sweep median (θ=${theta})`, printed: SWEEP_PRINTED[i]!, compute: () => median(theta) }));
}

/** All closed-form vectors except the sweep (see {@link sweepVectors}). */
export const TEST_VECTORS: readonly TestVector[] = [...oracles, ...effectOfN, ...halfN, ...effectOfS, ...noise, ...unionA, ...unionB];

/**
 * True when `p`, rounded to the significant digits of `printed`, equals it:
 * |p − printed| ≤ half a unit in the printed value's last digit.
 * @example
 * matchesPrinted(falseMatch(2000, 40, 20, 10), '4.9436e-13'); // true
 */
export function matchesPrinted(p: Probability, printed: string): boolean {
  const mant = printed.toLowerCase().split('e')[0]!;
  const digits = mant.replace(/^[0.]+/, '').replace('.', '').length || 1;
  const value = Number(printed);
  const halfUlp = 0.5 * 10 ** (Math.floor(Math.log10(value)) - digits + 1);
  const ours = 10 ** p.log10;
  return Math.abs(ours - value) <= halfUlp * (1 + 1e-9);
}

/** Convenience for tests: the sweep medians as a lookup. */
export function sweepMedians(): (theta: number) => Probability {
  const rows = thresholdSweep(SWEEP_THETAS);
  return (theta) => rows.find((r) => r.theta === theta)!.median;
}
