/**
 * Second-order shift of man-2022-homeostatic: the homeostatic learner under a swap
 * rate S(epoch) that itself changes (steps alternating 0 / 50, and a sinusoid).
 * η has no decay, so it integrates the effects: if the regulator answers the shift
 * rate, the *change* of η over an epoch follows S(epoch). Metrics per dataset and
 * seed: corr(S(e), Δη over epoch e) (claimed) and corr(S(e), η at the end of epoch e).
 */
import type { SeriesData } from '../../src/experiment/index.js';
import { take, type ImageDataset } from '../../src/data/index.js';
import type { Rng } from '../../src/util/index.js';
import { labelSwapSchedule, sinusoidSwapRate, stepSwapRate } from '../../src/mechanisms/homeostatic/index.js';
import { runCondition } from './learners.js';
import { correlation } from './summary.js';

/** What one second-order run of one (dataset, seed) measured, per schedule. */
export interface SecondOrderResult {
  /** corr(S(e), Δη over epoch e), per schedule. */
  readonly rateCorrelation: Readonly<Record<SecondOrderSchedule, number>>;
  /** corr(S(e), η at the end of epoch e), per schedule. */
  readonly levelCorrelation: Readonly<Record<SecondOrderSchedule, number>>;
  /** Series for seed 0: S(e)/50 and η/η₀ at each epoch's end. */
  readonly series: SeriesData;
}

/** The two S(epoch) schedules. */
export type SecondOrderSchedule = 'Step' | 'Sinusoid';

/** Sizes of a second-order run. */
export interface SecondOrderSetup {
  readonly trainCount: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr0: number;
  readonly homeostasis: 'on' | 'off';
  readonly onBatch: () => void;
}

/** Number of minibatches one second-order run takes (both schedules). */
export function secondOrderBatches(s: Pick<SecondOrderSetup, 'trainCount' | 'epochs' | 'batchSize'>): number {
  return 2 * Math.ceil(s.trainCount / s.batchSize) * s.epochs;
}

/** LRH (memoryStep) under both S(epoch) schedules, on one subsample of `trainFull`. */
export function secondOrder(s: SecondOrderSetup, rng: Rng, trainFull: ImageDataset, valFull: ImageDataset, title: string): SecondOrderResult {
  const [dataRng, initRng, shuffleRng, regRng, swapRng] = rng.split(5) as [Rng, Rng, Rng, Rng, Rng];
  const train = take(trainFull, s.trainCount, dataRng);
  const val = take(valFull, Math.min(200, valFull.count), dataRng);
  const schedules: Record<SecondOrderSchedule, (e: number) => number> = { Step: stepSwapRate([0, 50], 1), Sinusoid: sinusoidSwapRate(25, 25, 4) };
  const perEpoch = Math.ceil(train.count / s.batchSize);
  const x = Array.from({ length: s.epochs }, (_, e) => e + 1);
  const ys: Record<string, number[]> = {};
  const rateCorrelation = { Step: 0, Sinusoid: 0 };
  const levelCorrelation = { Step: 0, Sinusoid: 0 };
  for (const label of ['Step', 'Sinusoid'] as const) {
    const rate = schedules[label];
    const events = labelSwapSchedule({ samplesPerEpoch: train.count, epochs: s.epochs, classes: 10, swapsPerEpoch: rate, rng: swapRng.fold(label) });
    const r = runCondition({ learner: 'lrhMemory', train, val, events, epochs: s.epochs, batchSize: s.batchSize, lr0: s.lr0, homeostasis: s.homeostasis, initRng, shuffleRng, regulatorRng: regRng, onBatch: s.onBatch });
    const rates = x.map((_, e) => Math.round(rate(e)));
    const lrEnd = x.map((_, e) => r.lr[(e + 1) * perEpoch - 1]! / s.lr0);
    const dLr = lrEnd.map((v, e) => v - (e === 0 ? 1 : lrEnd[e - 1]!));
    rateCorrelation[label] = correlation(rates, dLr);
    levelCorrelation[label] = correlation(rates, lrEnd);
    ys[`S(e)/50, ${label.toLowerCase()}`] = rates.map((v) => v / 50);
    ys[`η/η₀ at epoch end, ${label.toLowerCase()}`] = lrEnd;
  }
  const series: SeriesData = { kind: 'line', title, x, ys, xLabel: 'epoch', yLabel: 'η/η₀ and S/50' };
  return { rateCorrelation, levelCorrelation, series };
}
