/**
 * man-2022-homeostatic: a learner whose learning rate is an internal state that its
 * own classifications push up or down (Man, Damasio, Neven 2022), against a
 * constant rate (LRC) and random regulation (LRR), under label swaps S times per
 * epoch, plus a second-order run where S itself changes (steps and a sinusoid).
 * Claims test the mechanism (η rises with S; the LRH − LRC gap grows with S and is
 * positive at the highest S, also against a constant η at LRH's own mean; η tracks a
 * changing S), not the paper's numbers, and break under `homeostasisOff`. Every claim
 * is judged over (dataset, seed) samples; each dataset is also reported on its own
 * (`mnist_*`, `fashion_*`), as mean and `_std` over seeds.
 */
import { defineExperiment, type Claim, type SeriesData } from '../../src/experiment/index.js';
import { take } from '../../src/data/index.js';
import { ConfigError, type Rng } from '../../src/util/index.js';
import { labelSwapSchedule } from '../../src/mechanisms/homeostatic/index.js';
import { LEARNERS, LEARNER_LABELS, runCondition, type ConditionResult, type LearnerId } from './learners.js';
import { secondOrder, secondOrderBatches } from './second-order.js';
import { correlation, downsample, mean, onlineCurve, setStat } from './summary.js';

type DatasetName = 'mnist' | 'fashion-mnist';
const SHORT: Readonly<Record<DatasetName, string>> = { mnist: 'mnist', 'fashion-mnist': 'fashion' };
const ID = 'man-2022-homeostatic';
/** The paper's words for η following the shift rate (no figure values are verified). */
const PAPER_TUNES = { value: null, where: 'abstract', note: 'the regulator tunes η to the rate of concept shift, also when that rate changes (words only)' };
/** An effect claim `metric > 0` at defaults and quick, judged per (dataset, seed), that must break without homeostasis. */
function positive(metric: string, paper: NonNullable<Claim['paper']>, description: string): Claim {
  return { metric, kind: 'effect', op: '>', value: { defaults: 0, quick: 0 }, paper, controls: ['homeostasisOff'], description: `${description} (per dataset and seed)` };
}
/** Metrics the claims judge, returned per (dataset, seed) as samples. */
const CLAIMED = ['lrRise', 'gapGrowth', 'gapAtMaxS', 'gapVsMeanLrAtMaxS', 'secondOrderStepCorrelation'];

/** `[learner][S index][seed]` of one measured quantity. */
type Grid = Record<string, number[][]>;

function parseList<T extends string>(key: string, raw: string, allowed: readonly T[], required: readonly T[]): T[] {
  const items = raw.split(',').map((s) => s.trim());
  const bad = items.find((s) => !allowed.includes(s as T));
  const missing = required.find((r) => !items.includes(r));
  if (bad !== undefined || missing !== undefined || items.length === 0) {
    throw new ConfigError(`${ID}(config).${key}`, { what: 'invalid list', expected: `a comma list of ${allowed.join(', ')} including ${required.join(', ') || 'one'}`, received: raw });
  }
  return items as T[];
}

export default defineExperiment({
  id: ID,
  paper: {
    title: 'Need is All You Need: Homeostatic Neural Networks Adapt to Concept Shift',
    authors: 'Man, Damasio, Neven',
    year: 2022,
    url: 'https://arxiv.org/abs/2205.08645',
  },
  description: 'Homeostatic learning rate (784-80-60-10 ELU, SGD, minibatch 10) vs constant, random and ADWIN-bump regulation under label swaps S times per epoch.',
  defaults: {
    datasets: 'mnist,fashion-mnist',
    // LRC, LRH (memoryStep) and the constant at LRH's mean η are needed by the claims; the others are reported.
    learners: 'lrc,lrhMemory,lrhMinibatch,lrr,adwin,lrcMean',
    // 'off' (the control): the homeostatic learners run at a constant η₀.
    homeostasis: 'on',
    swaps: [0, 2, 10, 50],
    // Samples per epoch: S = 50 then swaps every 200 samples (the paper: every 1,200).
    trainCount: 10_000,
    valCount: 2_000,
    epochs: 5,
    batchSize: 10,
    // η₀ = 1e-3 (the paper) barely trains in a few epochs of a subsample; 0.02 does (Δ = η₀/10 follows).
    lr0: 0.02,
    seeds: 3,
    secondOrderTrainCount: 2_000,
    secondOrderEpochs: 12,
    secondOrderSeeds: 3,
    seed: 0,
  },
  // About a minute on two cores: two swap rates, two seeds, one epoch of 5,000 samples
  // (S = 50: a swap every 100 samples). η moves on only a few % of decisions (most
  // take/leave comparisons tie on a 20-sample memo), so at this length η is close to a
  // random walk and `lrRise` is within its seed spread; see the README for longer runs.
  quick: { learners: 'lrc,lrhMemory,lrr,lrcMean', swaps: [0, 50], trainCount: 5_000, valCount: 500, epochs: 1, seeds: 2, secondOrderTrainCount: 1_000, secondOrderEpochs: 6, secondOrderSeeds: 1 },
  smoke: { datasets: 'mnist', swaps: [0, 50], trainCount: 100, valCount: 50, epochs: 1, seeds: 1, secondOrderTrainCount: 50, secondOrderEpochs: 2, secondOrderSeeds: 1 },
  choices: { homeostasis: ['on', 'off'] },
  controls: {
    homeostasisOff: { description: 'the homeostatic learners at a constant η₀ (the regulation removed; everything else, streams and init included, unchanged)', overrides: { homeostasis: 'off' } },
  },
  claims: [
    positive('lrRise', PAPER_TUNES, "the homeostatic learner's mean η (in units of η₀) is higher at the highest S than at S = 0"),
    positive('gapGrowth', { value: null, where: 'abstract', note: 'the advantage is largest at the highest shift rates (words only)' }, 'the LRH − LRC prequential-accuracy gap is larger at the highest S than at S = 0'),
    positive('gapAtMaxS', { value: null, where: 'abstract', note: 'beats constant and random regulation under concept shift (words only)' }, 'LRH beats LRC at η₀ (prequential accuracy) at the highest S'),
    positive('gapVsMeanLrAtMaxS', 'not published', "LRH beats a constant η set to LRH's own mean η on the same stream, at the highest S: the regulation, not the level of η, is what helps"),
    positive('secondOrderStepCorrelation', PAPER_TUNES, 'second-order shift (S alternating 0 / 50 per epoch): the per-epoch change of η correlates positively with S'),
  ],
  run(config, ctx) {
    const names = parseList<DatasetName>('datasets', config.datasets, ['mnist', 'fashion-mnist'], []);
    const learners = parseList<LearnerId>('learners', config.learners, LEARNERS, ['lrc', 'lrhMemory', 'lrcMean']);
    // lrcMean runs at the mean η of lrhMemory on the same stream, so after it.
    const order = [...learners.filter((l) => l !== 'lrcMean'), 'lrcMean'] as const;
    const homeostasis = config.homeostasis as 'on' | 'off';
    const swaps = [...config.swaps];
    const metrics: Record<string, number> = {};
    const series: Record<string, SeriesData> = {};
    const streamBatches = Math.ceil(config.trainCount / config.batchSize) * config.epochs;
    const soSetup = { trainCount: config.secondOrderTrainCount, epochs: config.secondOrderEpochs, batchSize: config.batchSize, lr0: config.lr0, homeostasis };
    ctx.progress.start(names.length * (swaps.length * learners.length * config.seeds * streamBatches + config.secondOrderSeeds * secondOrderBatches(soSetup)), ID);
    const onBatch = (): void => {
      ctx.throwIfAborted(ID);
      ctx.progress.tick();
    };
    const pooled: Record<string, number[]> = {};
    const pool = (key: string, xs: readonly number[]): void => {
      (pooled[key] ??= []).push(...xs);
    };
    for (const name of names) {
      const d = SHORT[name];
      const dsRng = ctx.rng.fold(name);
      const grids = { online: {} as Grid, lr: {} as Grid, val: {} as Grid, recovery: {} as Grid };
      for (let seed = 0; seed < config.seeds; seed++) {
        const [dataRng, initRng, shuffleRng, regRng, swapRng] = dsRng.fold(seed).split(5) as [Rng, Rng, Rng, Rng, Rng];
        const train = take(ctx.datasets.image(name, 'train'), config.trainCount, dataRng);
        const val = take(ctx.datasets.image(name, 'test'), config.valCount, dataRng);
        swaps.forEach((S, si) => {
          // One swap stream per (dataset, seed, S), shared by every learner (as are init and shuffling).
          const events = labelSwapSchedule({ samplesPerEpoch: train.count, epochs: config.epochs, classes: 10, swapsPerEpoch: S, rng: swapRng.fold(S) });
          let lrhMeanLr = NaN;
          for (const learner of order) {
            const lr0 = learner === 'lrcMean' ? lrhMeanLr : config.lr0;
            const r = runCondition({ learner, train, val, events, epochs: config.epochs, batchSize: config.batchSize, lr0, homeostasis, initRng, shuffleRng, regulatorRng: regRng, onBatch });
            if (learner === 'lrhMemory') lrhMeanLr = r.meanLr;
            const put = (g: Grid, v: number): void => {
              ((g[learner] ??= [])[si] ??= []).push(v);
            };
            put(grids.online, r.online);
            put(grids.lr, r.meanLr / config.lr0);
            put(grids.val, r.val);
            if (Number.isFinite(r.recovery)) put(grids.recovery, r.recovery);
            if (seed === 0) addTraces(series, name, S, learner, r, events.map((e) => e.at), config.batchSize, swaps);
          }
        });
      }
      perDataset(metrics, series, d, name, learners, swaps, grids, pool, config.seeds);
      for (let seed = 0; seed < config.secondOrderSeeds; seed++) {
        const so = secondOrder({ ...soSetup, onBatch }, ctx.rng.fold('second-order').fold(name).fold(seed), ctx.datasets.image(name, 'train'), ctx.datasets.image(name, 'test'), `${name}, second-order shift: LRH η tracking S(epoch) (seed 0)`);
        for (const k of ['Step', 'Sinusoid'] as const) {
          pool(`${d}_secondOrder${k}Correlation`, [so.rateCorrelation[k]]);
          pool(`${d}_secondOrder${k}LevelCorrelation`, [so.levelCorrelation[k]]);
          pool(`secondOrder${k}Correlation`, [so.rateCorrelation[k]]);
          pool(`secondOrder${k}LevelCorrelation`, [so.levelCorrelation[k]]);
        }
        if (seed === 0) series[`${d}-second-order`] = so.series;
      }
    }
    ctx.progress.done();
    for (const [key, xs] of Object.entries(pooled)) setStat(metrics, key, xs);
    const samples = Object.fromEntries(CLAIMED.map((k) => [k, pooled[k]!]));
    return { metrics, samples, series };
  },
});

/**
 * Per-dataset metrics (mean and `_std` over seeds) and the per-seed differences the
 * pooled claims average: `lrRise` (η/η₀ of LRH at the highest S minus at S = 0),
 * LRH − LRC at S = 0 and the highest S and their growth, LRH − LRR, LRH − ADWIN.
 */
function perDataset(
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
function addTraces(series: Record<string, SeriesData>, name: DatasetName, S: number, learner: LearnerId, r: ConditionResult, swapsAt: number[], batchSize: number, swaps: number[]): void {
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
