/**
 * Units of work of man-2022-homeostatic: one per (dataset, seed) of the main grid,
 * holding every swap rate and learner of that stream (`lrcMean` runs at the mean η
 * lrhMemory had on the same stream, so they cannot be split), and one per
 * (dataset, second-order seed). Every stream is folded from the run's rng by
 * dataset and seed, so a unit draws what it drew inside the one-process loop.
 * Series from seed 0 only come from the seed-0 units.
 */
import { take } from '../../src/data/index.js';
import type { PlannedUnit, RunContext, RunResult, SeriesData, UnitDone, UnitSpec } from '../../src/experiment/index.js';
import { labelSwapSchedule } from '../../src/mechanisms/homeostatic/index.js';
import { NeuroError, type Rng } from '../../src/util/index.js';
import { ID, SHORT, datasetList, learnerList, type DatasetName, type HomeostaticConfig } from './config.js';
import { runCondition, type LearnerId } from './learners.js';
import { secondOrder, secondOrderBatches, type SecondOrderSchedule } from './second-order.js';
import { addTraces, perDataset, setStat, type Grid } from './summary.js';

/** A unit: the main grid of one (dataset, seed), or one second-order run. */
export interface HomeostaticUnit {
  readonly kind: 'grid' | 'second-order';
  readonly dataset: DatasetName;
  readonly seed: number;
}

/** What one learner measured at one S on one stream (η as η/η₀). */
export interface Cell {
  readonly online: number;
  readonly lr: number;
  readonly val: number;
  /** NaN without swaps. */
  readonly recovery: number;
}

/** A main-grid unit's result: `cells[learner][S index]`, and the seed-0 traces (empty for other seeds). */
export interface GridResult {
  readonly kind: 'grid';
  readonly cells: Partial<Record<LearnerId, Cell[]>>;
  readonly series: Record<string, SeriesData>;
}

/** A second-order unit's result (the series only for seed 0). */
export interface SecondOrderUnitResult {
  readonly kind: 'second-order';
  readonly rateCorrelation: Readonly<Record<SecondOrderSchedule, number>>;
  readonly levelCorrelation: Readonly<Record<SecondOrderSchedule, number>>;
  readonly series: SeriesData | null;
}

type UnitResult = GridResult | SecondOrderUnitResult;

/** Metrics the claims judge, returned per (dataset, seed) as samples. */
const CLAIMED = ['lrRise', 'gapGrowth', 'gapAtMaxS', 'gapVsMeanLrAtMaxS', 'secondOrderStepCorrelation'];

/** Per dataset: its seeds' grid units, then its second-order units. */
function plan(config: Readonly<HomeostaticConfig>): PlannedUnit<HomeostaticUnit>[] {
  learnerList(config); // a learner list without the claims' learners fails at the plan
  return datasetList(config).flatMap((dataset) => [
    ...Array.from({ length: config.seeds }, (_, seed) => ({ key: `${SHORT[dataset]}-seed${seed}`, unit: { kind: 'grid' as const, dataset, seed } })),
    ...Array.from({ length: config.secondOrderSeeds }, (_, seed) => ({ key: `${SHORT[dataset]}-second-order-seed${seed}`, unit: { kind: 'second-order' as const, dataset, seed } })),
  ]);
}

/** A progress callback per minibatch over `total` minibatches. */
function batchProgress(ctx: RunContext, total: number, label: string): () => void {
  ctx.progress.start(total, label);
  return () => {
    ctx.throwIfAborted(label);
    ctx.progress.tick();
  };
}

/** Every swap rate and learner on the streams of one (dataset, seed); init, shuffling and swaps shared by the learners. */
function runGrid(config: Readonly<HomeostaticConfig>, name: DatasetName, seed: number, ctx: RunContext): GridResult {
  const learners = learnerList(config);
  // lrcMean runs at the mean η of lrhMemory on the same stream, so after it.
  const order = [...learners.filter((l) => l !== 'lrcMean'), 'lrcMean'] as const;
  const homeostasis = config.homeostasis as 'on' | 'off';
  const swaps = [...config.swaps];
  const streamBatches = Math.ceil(config.trainCount / config.batchSize) * config.epochs;
  const onBatch = batchProgress(ctx, swaps.length * learners.length * streamBatches, `${ID} ${SHORT[name]} seed ${seed}`);
  const [dataRng, initRng, shuffleRng, regRng, swapRng] = ctx.rng.fold(name).fold(seed).split(5) as [Rng, Rng, Rng, Rng, Rng];
  const train = take(ctx.datasets.image(name, 'train'), config.trainCount, dataRng);
  const val = take(ctx.datasets.image(name, 'test'), config.valCount, dataRng);
  const cells: Partial<Record<LearnerId, Cell[]>> = {};
  const series: Record<string, SeriesData> = {};
  swaps.forEach((S, si) => {
    // One swap stream per (dataset, seed, S), shared by every learner (as are init and shuffling).
    const events = labelSwapSchedule({ samplesPerEpoch: train.count, epochs: config.epochs, classes: 10, swapsPerEpoch: S, rng: swapRng.fold(S) });
    let lrhMeanLr = NaN;
    for (const learner of order) {
      const lr0 = learner === 'lrcMean' ? lrhMeanLr : config.lr0;
      const r = runCondition({ learner, train, val, events, epochs: config.epochs, batchSize: config.batchSize, lr0, homeostasis, initRng, shuffleRng, regulatorRng: regRng, onBatch });
      if (learner === 'lrhMemory') lrhMeanLr = r.meanLr;
      (cells[learner] ??= [])[si] = { online: r.online, lr: r.meanLr / config.lr0, val: r.val, recovery: r.recovery };
      if (seed === 0) addTraces(series, name, S, learner, r, events.map((e) => e.at), config.batchSize, swaps);
    }
  });
  ctx.progress.done();
  return { kind: 'grid', cells, series };
}

/** LRH under the two S(epoch) schedules for one (dataset, second-order seed). */
function runSecondOrder(config: Readonly<HomeostaticConfig>, name: DatasetName, seed: number, ctx: RunContext): SecondOrderUnitResult {
  const setup = { trainCount: config.secondOrderTrainCount, epochs: config.secondOrderEpochs, batchSize: config.batchSize, lr0: config.lr0, homeostasis: config.homeostasis as 'on' | 'off' };
  const onBatch = batchProgress(ctx, secondOrderBatches(setup), `${ID} ${SHORT[name]} second-order seed ${seed}`);
  const title = `${name}, second-order shift: LRH η tracking S(epoch) (seed 0)`;
  const so = secondOrder({ ...setup, onBatch }, ctx.rng.fold('second-order').fold(name).fold(seed), ctx.datasets.image(name, 'train'), ctx.datasets.image(name, 'test'), title);
  ctx.progress.done();
  return { kind: 'second-order', rateCorrelation: so.rateCorrelation, levelCorrelation: so.levelCorrelation, series: seed === 0 ? so.series : null };
}

/** The finished grid units of one dataset as `[learner][S index][seed]` grids (seeds in plan order; recovery only where finite). */
function toGrids(results: readonly GridResult[], learners: readonly LearnerId[], swaps: readonly number[]): { online: Grid; lr: Grid; val: Grid; recovery: Grid } {
  const g = { online: {} as Grid, lr: {} as Grid, val: {} as Grid, recovery: {} as Grid };
  const put = (grid: Grid, l: LearnerId, si: number, v: number): void => {
    ((grid[l] ??= [])[si] ??= []).push(v);
  };
  for (const r of results) {
    for (const l of learners) {
      swaps.forEach((_, si) => {
        const c = r.cells[l]![si]!;
        put(g.online, l, si, c.online);
        put(g.lr, l, si, c.lr);
        put(g.val, l, si, c.val);
        if (Number.isFinite(c.recovery)) put(g.recovery, l, si, c.recovery);
      });
    }
  }
  return g;
}

/**
 * Per dataset: the metrics of its finished seeds (and seed 0's traces, when the seed-0
 * unit finished), then its second-order runs; claimed metrics pooled over dataset × seed.
 * @throws NeuroError when no finished unit measures a claimed metric (no grid or no second-order unit at all).
 */
function merge(config: Readonly<HomeostaticConfig>, done: readonly UnitDone<HomeostaticUnit, UnitResult>[]): RunResult {
  const learners = learnerList(config);
  const swaps = [...config.swaps];
  const metrics: Record<string, number> = {};
  const series: Record<string, SeriesData> = {};
  const pooled: Record<string, number[]> = {};
  const pool = (key: string, xs: readonly number[]): void => {
    (pooled[key] ??= []).push(...xs);
  };
  for (const name of datasetList(config)) {
    const d = SHORT[name];
    const mine = done.filter((u) => u.unit.dataset === name);
    const grids = mine.flatMap((u) => (u.result.kind === 'grid' ? [u] : []));
    for (const u of grids) if (u.unit.seed === 0) Object.assign(series, u.result.series);
    const results = grids.map((u) => u.result as GridResult);
    if (results.length > 0) perDataset(metrics, series, d, name, learners, swaps, toGrids(results, learners, swaps), pool, results.length);
    for (const u of mine) {
      if (u.result.kind !== 'second-order') continue;
      for (const k of ['Step', 'Sinusoid'] as const) {
        pool(`${d}_secondOrder${k}Correlation`, [u.result.rateCorrelation[k]]);
        pool(`${d}_secondOrder${k}LevelCorrelation`, [u.result.levelCorrelation[k]]);
        pool(`secondOrder${k}Correlation`, [u.result.rateCorrelation[k]]);
        pool(`secondOrder${k}LevelCorrelation`, [u.result.levelCorrelation[k]]);
      }
      if (u.result.series !== null) series[`${d}-second-order`] = u.result.series;
    }
  }
  const missing = CLAIMED.filter((k) => pooled[k] === undefined);
  if (missing.length > 0) {
    const lost = plan(config).filter((p) => !done.some((u) => u.key === p.key)).map((p) => p.key);
    throw new NeuroError('not_found', `${ID} merge`, { what: `no finished unit measures ${missing.join(', ')}`, expected: 'at least one grid and one second-order unit', received: `missing units ${lost.join(', ')}` });
  }
  for (const [key, xs] of Object.entries(pooled)) setStat(metrics, key, xs);
  const samples = Object.fromEntries(CLAIMED.map((k) => [k, pooled[k]!]));
  return { metrics, samples, series };
}

/** The experiment's units: `neuromorph sweep man-2022-homeostatic --workers N` runs them in parallel. */
export const homeostaticUnits: UnitSpec<HomeostaticConfig, HomeostaticUnit, UnitResult> = {
  plan,
  run: (config, unit, ctx) => (unit.kind === 'grid' ? runGrid(config, unit.dataset, unit.seed, ctx) : runSecondOrder(config, unit.dataset, unit.seed, ctx)),
  merge,
};
