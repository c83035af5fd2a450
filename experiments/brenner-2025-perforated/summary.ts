/**
 * Metrics and series of one (dataset, network) of brenner-2025-perforated, from the
 * arms of its seeds (in seed order): per-arm means, the paired per-seed comparisons,
 * and the first seed's curves.
 */
import type { SeriesData } from '../../src/experiment/index.js';
import { mean, sampleStd as std } from '../common/stats.js';
import type { ArmResult } from './train.js';

/** The arms of one (dataset, network), one entry per seed (empty: the arm was off). */
export interface DatasetRuns {
  readonly baseline: ArmResult[];
  readonly perforated: ArmResult[];
  readonly wide: ArmResult[];
  readonly gradient: ArmResult[];
  /** Restart control: the narrow baseline with the perforated arm's lr restarts (same seed), no dendrites. */
  readonly restart: ArmResult[];
  readonly narrowWidth: number;
  /** The wide baseline's width, per seed. */
  readonly wideWidths: number[];
}

/**
 * Per-arm means and the paired per-seed comparisons (same init and shuffling in every arm):
 * the gap, the compression gap and the relative error reduction, each as samples and their mean.
 */
export function datasetMetrics(key: string, runs: DatasetRuns): { metrics: Record<string, number>; samples: Record<string, number[]> } {
  const test = (rs: readonly ArmResult[]) => rs.map((r) => r.test);
  const m: Record<string, number> = {};
  for (const [arm, rs] of [['Baseline', runs.baseline], ['Perforated', runs.perforated], ['Wide', runs.wide], ['Gradient', runs.gradient], ['Restart', runs.restart]] as const) {
    if (rs.length === 0) continue;
    m[`${key}${arm}Test`] = mean(test(rs));
    m[`${key}${arm}TestStd`] = std(test(rs));
    m[`${key}${arm}Parameters`] = mean(rs.map((r) => r.parameters));
    m[`${key}${arm}Train`] = mean(rs.map((r) => r.train));
  }
  const samples: Record<string, number[]> = {
    [`${key}Gap`]: runs.perforated.map((r, i) => r.test - runs.baseline[i]!.test),
    [`${key}CompressionGap`]: runs.perforated.map((r, i) => r.test - runs.wide[i]!.test),
    [`${key}RelativeErrorReduction`]: runs.perforated.map((r, i) => relativeErrorReduction(runs.baseline[i]!.test, r.test)),
  };
  for (const [k, xs] of Object.entries(samples)) m[k] = mean(xs);
  m[`${key}GapStd`] = std(samples[`${key}Gap`]!);
  m[`${key}Dendrites`] = mean(runs.perforated.map((r) => r.installed));
  m[`${key}ParameterRatio`] = m[`${key}PerforatedParameters`]! / m[`${key}WideParameters`]!;
  // Mean over seeds: each seed's wide baseline is sized to that seed's perforated model.
  m[`${key}WideWidth`] = mean(runs.wideWidths);
  m[`${key}NarrowWidth`] = runs.narrowWidth;
  m[`${key}Restarts`] = mean(runs.perforated.map((r) => r.restarts.length));
  if (runs.restart.length > 0) m[`${key}RestartControlGap`] = mean(runs.perforated.map((r, i) => r.test - runs.restart[i]!.test));
  if (runs.gradient.length > 0) m[`${key}GradientGap`] = mean(runs.gradient.map((r, i) => r.test - runs.baseline[i]!.test));
  return { metrics: m, samples };
}

/** (err_base − err_perf) / err_base from two test accuracies (0 when the baseline makes no error). */
function relativeErrorReduction(baseTest: number, perfTest: number): number {
  const errB = 1 - baseTest;
  return errB > 0 ? (errB - (1 - perfTest)) / errB : 0;
}

/** Pads a per-epoch curve to the budget with its last value (the tracker may finish early). */
const pad = (xs: readonly number[], n: number): number[] => Array.from({ length: n }, (_, i) => xs[Math.min(i, xs.length - 1)] ?? 0);

/** The first seed's validation curves of every arm, its perforated phases and its parameters per cycle. */
export function datasetSeries(key: string, runs: DatasetRuns, epochs: number): Record<string, SeriesData> {
  const h = runs.narrowWidth;
  const x = Array.from({ length: epochs }, (_, i) => i + 1);
  const p = runs.perforated[0]!;
  const cycles = p.cycles;
  return {
    [`${key}-validation`]: {
      kind: 'line',
      title: `${key}: validation accuracy per epoch, first seed (flat after an arm finishes)`,
      x,
      ys: {
        [`baseline w=${h}`]: pad(runs.baseline[0]!.val, epochs),
        [`perforated w=${h}`]: pad(p.val, epochs),
        [`wide baseline w=${runs.wideWidths[0]!}`]: pad(runs.wide[0]!.val, epochs),
        ...(runs.gradient.length > 0 ? { [`gradient dendrites w=${h}`]: pad(runs.gradient[0]!.val, epochs) } : {}),
        ...(runs.restart.length > 0 ? { [`baseline + restarts w=${h}`]: pad(runs.restart[0]!.val, epochs) } : {}),
      },
      xLabel: 'epoch',
      yLabel: 'accuracy',
    },
    [`${key}-phases`]: {
      kind: 'line',
      title: `${key}: perforated phases, first seed (1 = correlation epoch; dendrites installed)`,
      x,
      ys: { 'correlation phase': pad(p.phases.map((ph) => (ph === 'correlation' ? 1 : 0)), epochs), dendrites: pad(p.dendrites, epochs) },
      xLabel: 'epoch',
    },
    [`${key}-parameters-per-cycle`]: {
      kind: 'bar',
      title: `${key}: parameters per finished neuron phase, first seed (library-counted)`,
      labels: cycles.length > 0 ? cycles.map((c, i) => `cycle ${i}: ${c.dendrites} dendrites (${c.accepted ? 'kept' : 'reverted'})`) : ['no cycle finished'],
      ys: { parameters: cycles.length > 0 ? cycles.map((c) => c.parameters) : [p.parameters] },
    },
  };
}
