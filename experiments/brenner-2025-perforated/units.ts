/**
 * Units of work of brenner-2025-perforated: one per dataset × network (MLP, CNN) ×
 * seed. A unit loads its dataset's subsample (the same in every unit of that
 * dataset), trains every arm of its seed (baseline, perforated, restart control,
 * gradient dendrites, wide baseline) from the streams folded from the seed index,
 * and checkpoints after each arm. The merge computes the paired comparisons over
 * the finished seeds, in seed order.
 */
import { trainValSplit } from '../../src/data/index.js';
import type { RunContext, RunResult, SeriesData, UnitDone, UnitSpec } from '../../src/experiment/index.js';
import { ConfigError, NeuroError, type Rng } from '../../src/util/index.js';
import { subsample } from '../common/classifier.js';
import { DATASETS, type DatasetKey, type PerforatedConfig } from './config.js';
import { datasetMetrics, datasetSeries, type DatasetRuns } from './summary.js';
import { modelParameters, trainArm, type ArmConfig, type ArmData, type ArmResult, type ModelSpec } from './train.js';

const ID = 'brenner-2025-perforated';

/** One unit: a dataset, a network and a seed index (`firstSeed` included). */
export interface PerforatedUnit {
  readonly dataset: DatasetKey;
  readonly arch: ModelSpec['arch'];
  readonly seed: number;
}

/** What one unit measured: every arm of its seed (null: the arm is off) and the wide baseline's width. */
export interface SeedArms {
  readonly baseline: ArmResult;
  /** The baseline itself when `dendrites` is off (same kind, same streams, so the same run). */
  readonly perforated: ArmResult;
  readonly restart: ArmResult | null;
  readonly gradient: ArmResult | null;
  readonly wide: ArmResult;
  readonly wideWidth: number;
}

/** One network of the comparison: its narrow width and the wide baseline's (0 = chosen by parameter count). */
interface ArchPlan {
  readonly arch: ModelSpec['arch'];
  /** Metric-name suffix after the dataset key ('' for the MLP, 'Cnn'). */
  readonly suffix: string;
  readonly width: number;
  readonly wide: number;
}

/** @throws ConfigError when both networks are off */
function archPlans(config: Readonly<PerforatedConfig>): ArchPlan[] {
  const archs: ArchPlan[] = config.mlpArm === 'on' ? [{ arch: 'mlp', suffix: '', width: config.narrowHidden, wide: config.wideHidden }] : [];
  if (config.cnnArm === 'on') archs.push({ arch: 'cnn', suffix: 'Cnn', width: config.cnnChannels, wide: config.cnnWideChannels });
  if (archs.length === 0) throw new ConfigError(ID, { what: 'no network to train', expected: "mlpArm or cnnArm 'on'", received: "both 'off'" });
  return archs;
}

const usedDatasets = (config: Readonly<PerforatedConfig>) => DATASETS.filter((d) => config.datasets === 'both' || config.datasets === d.key);

/** The datasets × networks × seeds, in the order the merge reports them. */
function plan(config: Readonly<PerforatedConfig>): { key: string; unit: PerforatedUnit }[] {
  const archs = archPlans(config);
  if (!Number.isInteger(config.firstSeed) || config.firstSeed < 0) throw new ConfigError(`${ID}.firstSeed`, { what: 'not a seed index', expected: 'an integer ≥ 0', received: config.firstSeed });
  return usedDatasets(config).flatMap((d) =>
    archs.flatMap((a) =>
      Array.from({ length: config.seeds }, (_, i) => {
        const seed = config.firstSeed + i;
        return { key: `${d.key}-${a.arch}-seed${seed}`, unit: { dataset: d.key, arch: a.arch, seed } };
      }),
    ),
  );
}

/** The dataset's train / validation / test subsamples, drawn in turn from its data stream. */
function loadData(key: DatasetKey, config: Readonly<PerforatedConfig>, dataRng: Rng, ctx: RunContext): ArmData {
  const d = DATASETS.find((x) => x.key === key)!;
  const full = subsample(ctx.datasets.image(d.name, 'train'), config.trainCount + config.valCount, dataRng);
  const { train, val } = trainValSplit(full, { valCount: config.valCount, rng: dataRng });
  return { train, val, test: subsample(ctx.datasets.image(d.name, 'test'), config.testCount, dataRng), normalize: d.normalize };
}

/** Runs one unit: every arm of one seed on one dataset and network. */
function runUnit(config: Readonly<PerforatedConfig>, unit: PerforatedUnit, ctx: RunContext): SeedArms {
  const arch = archPlans(config).find((a) => a.arch === unit.arch);
  if (arch === undefined) throw new ConfigError(`${ID} unit`, { what: 'network is off in this config', expected: archPlans(config).map((a) => a.arch), received: unit.arch });
  // The same two roots as a one-process loop over datasets and networks: folds never advance them.
  const [dataRoot, runRoot] = ctx.rng.split(2) as [Rng, Rng];
  const data = loadData(unit.dataset, config, dataRoot.fold(unit.dataset), ctx);
  return runSeed(unit, arch, data, config, runRoot.fold(unit.dataset).fold(arch.arch), ctx);
}

/** The arms of one seed, each resumed from the unit's checkpoint when it finished before. */
function runSeed(unit: PerforatedUnit, plan: ArchPlan, data: ArmData, config: Readonly<PerforatedConfig>, rng: Rng, ctx: RunContext): SeedArms {
  // `choices` has checked dendriteTraining against the two modes.
  const arm: ArmConfig = { ...config, dendriteTraining: config.dendriteTraining as ArmConfig['dendriteTraining'] };
  const r = rng.fold(unit.seed);
  // The same init and shuffling streams for every arm of one seed: paired comparisons.
  const streams = () => ({ init: r.fold('init'), shuffle: r.fold('shuffle'), dendrites: r.fold('dendrites') });
  const done: Record<string, ArmResult> = { ...(ctx.checkpoint.load<Record<string, ArmResult>>() ?? {}) };
  if (Object.keys(done).length > 0) ctx.log(`${unit.dataset} ${unit.arch} seed ${unit.seed}: resuming after ${Object.keys(done).join(', ')}`);
  const train = (id: string, what: string, kind: 'baseline' | 'correlation' | 'gradient', spec: ModelSpec, restartAfter?: readonly number[]): ArmResult => {
    const finished = done[id];
    if (finished !== undefined) return finished;
    done[id] = trainArm(`${unit.dataset} ${spec.arch} ${what} w=${spec.width} seed ${unit.seed}`, kind, spec, data, arm, streams(), ctx, restartAfter);
    ctx.checkpoint.save(done);
    return done[id];
  };
  const narrow: ModelSpec = { arch: plan.arch, width: plan.width };
  const baseline = train('baseline', 'baseline', 'baseline', narrow);
  const perforated = config.dendrites === 'off' ? baseline : train('perforated', 'perforated', 'correlation', narrow);
  const restart = config.restartArm === 'on' ? train('restart', 'baseline + restarts', 'baseline', narrow, perforated.restarts) : null;
  const gradient = config.gradientArm === 'on' ? train('gradient', 'gradient dendrites', 'gradient', narrow) : null;
  let width = plan.wide;
  if (width === 0) {
    width = plan.width + 1; // strictly wider, so a run that kept no dendrites is not compared with itself
    while (modelParameters({ arch: plan.arch, width }, rng.fold('count')) < perforated.parameters) width++;
  }
  const wide = train('wide', 'wide baseline', 'baseline', { arch: plan.arch, width });
  return { baseline, perforated, restart, gradient, wide, wideWidth: width };
}

/** The arms of the finished seeds of one dataset and network, in seed order. */
function collect(seeds: readonly SeedArms[], narrowWidth: number): DatasetRuns {
  const present = <T>(xs: readonly (T | null)[]): T[] => xs.filter((x): x is T => x !== null);
  return {
    baseline: seeds.map((s) => s.baseline),
    perforated: seeds.map((s) => s.perforated),
    wide: seeds.map((s) => s.wide),
    gradient: present(seeds.map((s) => s.gradient)),
    restart: present(seeds.map((s) => s.restart)),
    narrowWidth,
    wideWidths: seeds.map((s) => s.wideWidth),
  };
}

/** Metrics, samples and series over the finished units; a dataset and network with no finished seed is left out. */
function merge(config: Readonly<PerforatedConfig>, done: readonly UnitDone<PerforatedUnit, SeedArms>[]): RunResult {
  if (done.length === 0) throw new NeuroError('not_found', `${ID} merge`, { what: 'no unit finished', expected: plan(config).map((p) => p.key), received: [] });
  const metrics: Record<string, number> = {};
  const samples: Record<string, number[]> = {};
  const series: Record<string, SeriesData> = {};
  let drift = 0;
  for (const d of usedDatasets(config)) {
    for (const a of archPlans(config)) {
      const seeds = done.filter((u) => u.unit.dataset === d.key && u.unit.arch === a.arch).map((u) => u.result);
      if (seeds.length === 0) continue;
      const runs = collect(seeds, a.width);
      drift = Math.max(drift, ...runs.perforated.map((r) => r.drift), ...runs.gradient.map((r) => r.drift));
      const ds = datasetMetrics(`${d.key}${a.suffix}`, runs);
      Object.assign(metrics, ds.metrics);
      Object.assign(samples, ds.samples);
      Object.assign(series, datasetSeries(`${d.key}${a.suffix === '' ? '' : '-cnn'}`, runs, config.epochs));
    }
  }
  metrics.correlationDrift = drift;
  return { metrics, samples, series };
}

/** The experiment's units: `neuromorph sweep brenner-2025-perforated --workers N` runs them in parallel. */
export const perforatedUnits: UnitSpec<PerforatedConfig, PerforatedUnit, SeedArms> = { plan, run: runUnit, merge };
