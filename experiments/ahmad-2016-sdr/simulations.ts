/**
 * The Monte Carlo half of ahmad-2016-sdr: segments against random, noisy and
 * union inputs, compared with the exact theory through 99 % Wilson intervals.
 */
import type { LineSeries, RunContext } from '../../src/experiment/index.js';
import type { Rng } from '../../src/util/index.js';
import {
  falseMatch,
  falseMatchUnion,
  falseNegative,
  simulateFalseMatch,
  simulateFalseNegative,
  simulateUnion,
  type Probability,
  type RateEstimate,
} from '../../src/mechanisms/sdr/index.js';
import { formulas, type Theory } from './binomial.js';

/** One simulated quantity and its exact value. */
export interface SimulationCase {
  readonly label: string;
  readonly theory: Probability;
  readonly simulate: (trials: number, rng: Rng) => RateEstimate;
}

/** Rates at or above this are compared with the simulation (the bound). */
export const MIN_RATE = 1e-4;

/**
 * The simulated grid: P_FP at moderate n for every θ whose rate is in
 * [1e-4, 0.99], and the note's P_FN table (a=128, s=30) where P_FN ≥ 1e-4
 * (selected by the exact value; `theory` picks the value compared with).
 */
export function simulationCases(theory: Theory = 'exact'): SimulationCase[] {
  const cases: SimulationCase[] = [];
  const f = formulas(theory);
  const fpGrid: [number, number, number][] = [[200, 20, 12], [500, 20, 10], [1000, 20, 16], [1000, 40, 20], [2000, 40, 24]];
  for (const [n, a, s] of fpGrid) {
    for (let theta = 1; theta <= s; theta++) {
      const exact = falseMatch(n, a, s, theta);
      if (exact.value < MIN_RATE || exact.value > 0.99) continue;
      cases.push({ label: `P_FP(${n}, ${a}, ${s}, ${theta})`, theory: f.falseMatch(n, a, s, theta), simulate: (trials, rng) => simulateFalseMatch({ n, a, s, theta }, { trials }, rng) });
    }
  }
  for (const theta of [8, 12, 16]) {
    for (const frac of [0.25, 0.35, 0.5, 0.6]) {
      const v = Math.round(frac * 128);
      if (falseNegative(128, 30, theta, v).value < MIN_RATE) continue;
      cases.push({ label: `P_FN(128, 30, ${theta}, ${v})`, theory: f.falseNegative(128, 30, theta, v), simulate: (trials, rng) => simulateFalseNegative({ n: 2048, a: 128, s: 30, theta, v }, { trials }, rng) });
    }
  }
  return cases;
}

/** Runs every case with `trials` trials; counts the cases whose interval holds the exact value. */
export function runSimulations(cases: readonly SimulationCase[], trials: number, rng: Rng, ctx: RunContext): { agreement: number; cases: number; misses: number; series: LineSeries } {
  ctx.progress.start(cases.length, 'Monte Carlo vs theory');
  const ratio: number[] = [];
  const low: number[] = [];
  const high: number[] = [];
  let inside = 0;
  cases.forEach((c, i) => {
    ctx.throwIfAborted('ahmad-2016-sdr simulations');
    const r = c.simulate(trials, rng.fold(i));
    const p = c.theory.value;
    if (r.low <= p && p <= r.high) inside++;
    else ctx.log(`outside its 99 % interval: ${c.label} = ${p.toExponential(4)}, simulated ${r.rate.toExponential(4)} [${r.low.toExponential(3)}, ${r.high.toExponential(3)}]`);
    ratio.push(r.rate / p);
    low.push(r.low / p);
    high.push(r.high / p);
    ctx.progress.tick(1, c.label);
  });
  ctx.progress.done();
  const series: LineSeries = {
    kind: 'line',
    x: cases.map((_, i) => i + 1),
    ys: { 'simulated / exact': ratio, '99 % low / exact': low, '99 % high / exact': high, exact: cases.map(() => 1) },
    xLabel: 'case (P_FP grid, then P_FN table)',
    yLabel: 'rate relative to the exact value',
    title: `Monte Carlo vs exact theory (${trials} trials per case)`,
    logY: false,
  };
  return { agreement: cases.length ? inside / cases.length : 1, cases: cases.length, misses: cases.length - inside, series };
}

function unionSeries(mode: 'synapses' | 'inputs', ms: readonly number[], p: { n: number; a: number; s: number; theta: number }, trials: number, rng: Rng): { series: LineSeries; errors: number[] } {
  const gamma = ms.map((m) => falseMatchUnion(p.n, p.a, p.s, p.theta, m, mode, 'gamma').value);
  const integer = ms.map((m) => falseMatchUnion(p.n, p.a, p.s, p.theta, m, mode, 'integer').value);
  const sim = ms.map((m, i) => simulateUnion({ ...p, m, mode }, { trials }, rng.fold(i)));
  // Compared where the rate is ≥ 1e-4 (as for the exact cases); rarer points have too few hits.
  const errors = sim.flatMap((r, i) => (r.hits > 0 && gamma[i]! >= MIN_RATE ? [Math.abs(Math.log10(r.rate / gamma[i]!))] : []));
  const what = mode === 'synapses' ? 'one segment stores M patterns' : 'the input is a union of M patterns';
  const series: LineSeries = {
    kind: 'line',
    x: ms,
    ys: { 'theory (gamma)': gamma, 'theory (integer)': integer, simulated: sim.map((r) => r.rate), '99 % high': sim.map((r) => r.high) },
    xLabel: 'M',
    yLabel: 'P_FP',
    title: `Union (${mode}): ${what} (n=${p.n}, a=${p.a}, s=${p.s}, θ=${p.theta}; ${trials} trials)`,
    logY: false,
  };
  return { series, errors };
}

/**
 * Union properties by direct simulation (the segment really holds M
 * subsamples; the input really is a union), against the expected-size closed
 * forms, which are approximations of these rates.
 */
export function unionSimulations(trials: number, rng: Rng, ctx: RunContext): { series: LineSeries; seriesInputs: LineSeries; maxLog10Error: number } {
  ctx.progress.start(2, 'union simulations');
  const [ra, rb] = rng.split(2) as [Rng, Rng];
  const a = unionSeries('synapses', [2, 3, 4, 5], { n: 1000, a: 200, s: 25, theta: 15 }, trials, ra);
  ctx.progress.tick(1);
  const b = unionSeries('inputs', [4, 6, 8, 10, 12, 14], { n: 1000, a: 30, s: 20, theta: 10 }, trials, rb);
  ctx.progress.done();
  const errs = [...a.errors, ...b.errors];
  return { series: a.series, seriesInputs: b.series, maxLog10Error: errs.length ? Math.max(...errs) : 0 };
}
