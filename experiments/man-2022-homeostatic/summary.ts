/**
 * Statistics and report helpers of man-2022-homeostatic: the per-dataset metrics over
 * seeds (merged from the units), and the seed-0 traces a (dataset, seed 0) unit draws.
 */
import type { SeriesData } from '../../src/experiment/index.js';
import { mean, sampleStd } from '../common/stats.js';
import { SHORT, type DatasetName } from './config.js';
import { LEARNER_LABELS, type ConditionResult, type LearnerId } from './learners.js';

export { mean };

/** metrics[key] = mean of `xs`, metrics[`${key}_std`] = their sample standard deviation (0 for one value). */
export function setStat(metrics: Record<string, number>, key: string, xs: readonly number[]): void {
  metrics[key] = mean(xs);
  metrics[`${key}_std`] = sampleStd(xs);
}

/** Pearson correlation of two equal-length lists (0 when either is constant). */
export function correlation(a: readonly number[], b: readonly number[]): number {
  const ma = mean(a), mb = mean(b);
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return saa === 0 || sbb === 0 ? 0 : sab / Math.sqrt(saa * sbb);
}

/** Every k-th element so that at most `max` remain (the last is always kept). */
export function downsample(v: readonly number[], max: number): number[] {
  if (v.length <= max) return [...v];
  const k = Math.ceil(v.length / max);
  const out = v.filter((_, i) => i % k === k - 1);
  if ((v.length - 1) % k !== k - 1) out.push(v[v.length - 1]!);
  return out;
}

/** Prequential accuracy in blocks of `block` samples; `marks[i]` = 1 when a swap falls in block i. */
export function onlineCurve(correct: Uint8Array, swapsAt: readonly number[], block: number): { x: number[]; accuracy: number[]; marks: number[] } {
  const n = Math.floor(correct.length / block);
  const x: number[] = [], accuracy: number[] = [], marks: number[] = [];
  for (let i = 0; i < n; i++) {
    let ok = 0;
    for (let j = i * block; j < (i + 1) * block; j++) ok += correct[j]!;
    x.push((i + 1) * block);
    accuracy.push(ok / block);
    marks.push(swapsAt.some((t) => t >= i * block && t < (i + 1) * block) ? 1 : 0);
  }
  return { x, accuracy, marks };
}

/** `[learner][S index][seed]` of one measured quantity. */
export type Grid = Record<string, number[][]>;

/**
 * Per-dataset metrics (mean and `_std` over seeds) and the per-seed differences the
 * pooled claims average: `lrRise` (η/η₀ of LRH at the highest S minus at S = 0),
 * LRH − LRC at S = 0 and the highest S and their growth, LRH − LRR, LRH − ADWIN.
 */
export function perDataset(
  metrics: Record<string, number>,
  series: Record<string, SeriesData>,
  d: string,
  name: string,
  learners: readonly LearnerId[],
  swaps: readonly number[],
  g: { online: Grid; lr: Grid; val: Grid; recovery: Grid },
  pool: (key: string, xs: readonly number[]) => void,
  seeds: number,
): void {
  for (const l of learners) {
    swaps.forEach((S, si) => {
      for (const [q, grid] of Object.entries(g)) if (grid[l]?.[si] !== undefined) setStat(metrics, `${d}_${l}_S${S}_${q}`, grid[l][si]);
    });
  }
  const last = swaps.length - 1;
  const seedIdx = Array.from({ length: seeds }, (_, k) => k);
  const diff = (q: Grid, a: LearnerId, b: LearnerId, si: number): number[] => seedIdx.map((k) => q[a]![si]![k]! - q[b]![si]![k]!);
  const derived: Record<string, number[]> = {
    lrRise: seedIdx.map((k) => g.lr.lrhMemory![last]![k]! - g.lr.lrhMemory![0]![k]!),
    gapAtS0: diff(g.online, 'lrhMemory', 'lrc', 0),
    gapAtMaxS: diff(g.online, 'lrhMemory', 'lrc', last),
    gapVsMeanLrAtS0: diff(g.online, 'lrhMemory', 'lrcMean', 0),
    gapVsMeanLrAtMaxS: diff(g.online, 'lrhMemory', 'lrcMean', last),
  };
  derived.gapGrowth = derived.gapAtMaxS!.map((v, k) => v - derived.gapAtS0![k]!);
  if (learners.includes('lrr')) {
    derived.gapVsLrrAtS0 = diff(g.online, 'lrhMemory', 'lrr', 0);
    derived.gapVsLrrAtMaxS = diff(g.online, 'lrhMemory', 'lrr', last);
  }
  if (learners.includes('adwin')) derived.gapVsAdwinAtMaxS = diff(g.online, 'lrhMemory', 'adwin', last);
  if (learners.includes('lrhMinibatch')) derived.minibatchGradGapAtMaxS = diff(g.online, 'lrhMinibatch', 'lrc', last);
  // Reported, not claimed: does η follow S across all swap rates, not only the two ends?
  if (swaps.length > 2) derived.lrVsSCorrelation = seedIdx.map((k) => correlation(swaps, swaps.map((_, si) => g.lr.lrhMemory![si]![k]!)));
  for (const [key, xs] of Object.entries(derived)) {
    setStat(metrics, `${d}_${key}`, xs);
    pool(key, xs);
  }
  const curve = (grid: Grid, title: string, yLabel: string): SeriesData => ({
    kind: 'line',
    title: `${name}: ${title} vs swaps per epoch (mean of ${seeds} seeds)`,
    x: [...swaps],
    ys: Object.fromEntries(learners.map((l) => [LEARNER_LABELS[l], swaps.map((_, si) => mean(grid[l]![si]!))])),
    xLabel: 'swaps per epoch S',
    yLabel,
  });
  series[`${d}-acc-vs-S`] = curve(g.online, 'prequential accuracy', 'prequential accuracy');
  series[`${d}-lr-vs-S`] = curve(g.lr, 'mean η/η₀', 'η/η₀');
}

/** η(t) per S for LRH, and prequential accuracy with swap marks at a middle S. */
export function addTraces(series: Record<string, SeriesData>, name: DatasetName, S: number, learner: LearnerId, r: ConditionResult, swapsAt: number[], batchSize: number, swaps: number[]): void {
  const short = SHORT[name];
  const lrKey = `${short}-lr`;
  const x = downsample(Array.from(r.lr, (_, i) => (i + 1) * batchSize), 400);
  if (learner === 'lrhMemory') {
    const prev = series[lrKey];
    const ys: Record<string, readonly number[]> = prev?.kind === 'line' ? { ...prev.ys } : {};
    ys[`LRH, S = ${S}`] = downsample(Array.from(r.lr), 400);
    series[lrKey] = { kind: 'line', title: `${name}: homeostatic η(t) per swap rate (seed 0)`, x, ys, xLabel: 'samples seen', yLabel: 'η' };
  }
  const markS = swaps.find((s) => s >= 10) ?? swaps[swaps.length - 1]!;
  if (S !== markS) return;
  const curve = onlineCurve(r.correct, swapsAt, Math.max(100, Math.floor(r.correct.length / 400)));
  const key = `${short}-online-S${S}`;
  const prev = series[key];
  const ys: Record<string, readonly number[]> = prev?.kind === 'line' ? { ...prev.ys } : { 'swap event': curve.marks };
  ys[LEARNER_LABELS[learner]] = curve.accuracy;
  series[key] = { kind: 'line', title: `${name}: prequential accuracy (blocks of ${curve.x[0]}), S = ${S}; swap events marked 1`, x: curve.x, ys, xLabel: 'samples seen', yLabel: 'accuracy' };
}
