/**
 * The merge of bhattasali-2022-ncap's units into one run result: the metrics,
 * per-seed samples and plots the one-process run reported. A part whose unit is
 * missing is left out: with an ES seed missing, the ES means and spreads are over
 * the seeds that finished; the transfer, the trajectory and the trained weights
 * need ES seed 0 and are absent without it.
 */
import type { LineSeries, RunResult, SeriesData, UnitDone } from '../../src/experiment/index.js';
import { ncapSwimmer } from '../../src/mechanisms/ncap/index.js';
import { NeuroError } from '../../src/util/index.js';
import type { NcapConfig } from './config.js';
import { mlpParamCount } from './mlp.js';
import { mean } from '../common/stats.js';
import { spread } from './train.js';
import { ABLATIONS, ncapSetup, type CurveData, type EsSeedResult, type NcapResult, type NcapUnit, type PpoSeedResult, type UntrainedResult } from './units.js';

type Done = readonly UnitDone<NcapUnit, NcapResult>[];

/** The finished units, by kind, in plan order. */
interface Parts {
  readonly untrained?: UntrainedResult;
  readonly es: EsSeedResult[];
  /** ES seed 0 (the transfer, trajectory and trained θ), when it finished. */
  readonly es0?: EsSeedResult;
  readonly ablations: [string, CurveData][];
  readonly ppo: PpoSeedResult[];
}

function parts(done: Done): Parts {
  const of = <T extends NcapResult>(kind: NcapUnit['kind']): UnitDone<NcapUnit, T>[] => done.filter((d) => d.unit.kind === kind) as UnitDone<NcapUnit, T>[];
  const es = of<EsSeedResult>('es');
  const untrained = of<UntrainedResult>('untrained')[0]?.result;
  const es0 = es.find((d) => d.unit.kind === 'es' && d.unit.seed === 0)?.result;
  return {
    ...(untrained && { untrained }),
    es: es.map((d) => d.result),
    ...(es0 && { es0 }),
    ablations: of<CurveData>('ablation').map((d) => [(d.unit as { name: string }).name, d.result]),
    ppo: of<PpoSeedResult>('ppo').map((d) => d.result),
  };
}

/** Learning curves (mean and spread over seeds) of NCAP and the MLP. */
function curvesSeries(ncap: readonly CurveData[], mlp: readonly CurveData[], title: string): LineSeries {
  const [n, m] = [spread(ncap), spread(mlp)];
  return {
    kind: 'line',
    x: ncap[0]!.steps,
    ys: { 'NCAP mean': n.mean, 'NCAP min': n.min, 'NCAP max': n.max, 'MLP mean': m.mean, 'MLP min': m.min, 'MLP max': m.max },
    xLabel: 'environment steps',
    yLabel: 'episode return (swim)',
    title,
  };
}

function ablationsSeries(ablations: Parts['ablations'], es0: EsSeedResult | undefined): LineSeries {
  const x = ablations[0]![1].steps;
  const ncapLine: [string, number[]][] = es0 ? [['NCAP', es0.ncap.returns.slice(0, x.length)]] : [];
  return {
    kind: 'line',
    x,
    ys: Object.fromEntries([...ncapLine, ...ablations.map(([k, c]) => [k, c.returns])]),
    xLabel: 'environment steps',
    yLabel: 'episode return (swim)',
    title: 'NCAP ablations under ES',
  };
}

/** The plots that use ES seed 0's trained θ: the transfer bars and the trajectory. */
function seedZeroSeries(config: Readonly<NcapConfig>, es0: EsSeedResult): { transfer: SeriesData; trajectoryPath: SeriesData; trajectoryLinks: SeriesData } {
  const transfer = es0.transfer!;
  const frames = es0.trajectory!.frames;
  const dt = 0.03 * config.recordEvery;
  return {
    transfer: {
      kind: 'bar',
      labels: config.transferJoints.map((j) => `${j} joints`),
      ys: { init: transfer.filter((_, i) => i % 2 === 0), 'ES-trained (5 joints)': transfer.filter((_, i) => i % 2 === 1) },
      xLabel: 'body',
      yLabel: 'episode return (swim)',
      title: 'Zero-shot transfer of the 4 weights',
    },
    trajectoryPath: { kind: 'line', x: frames.map((f) => f[0]!), ys: { 'head y (m)': frames.map((f) => f[1]!) }, xLabel: 'head x (m)', title: 'Trained NCAP swimmer: head path' },
    trajectoryLinks: {
      kind: 'line',
      x: frames.map((_, k) => k * dt),
      ys: Object.fromEntries(Array.from({ length: config.nLinks }, (_, i) => [[`link ${i} x`, frames.map((f) => f[2 * i]!)], [`link ${i} y`, frames.map((f) => f[2 * i + 1]!)]]).flat()),
      xLabel: 'time (s)',
      yLabel: 'position (m)',
      title: 'Link positions over time (for animation)',
    },
  };
}

function series(config: Readonly<NcapConfig>, p: Parts): Record<string, SeriesData> {
  const zero = p.es0 ? seedZeroSeries(config, p.es0) : undefined;
  return {
    ...(p.es.length ? { learningCurves: curvesSeries(p.es.map((r) => r.ncap), p.es.map((r) => r.mlp), `OpenAI-ES, ${p.es.length} seed(s)`) } : {}),
    ...(p.ablations.length ? { ablations: ablationsSeries(p.ablations, p.es0) } : {}),
    ...(zero ? { transfer: zero.transfer } : {}),
    ...(p.ppo.length ? { ppoLearningCurves: curvesSeries(p.ppo.map((r) => r.ncap), p.ppo.map((r) => r.mlp), `PPO, ${p.ppo.length} seed(s)`) } : {}),
    ...(zero ? { trajectoryPath: zero.trajectoryPath, trajectoryLinks: zero.trajectoryLinks } : {}),
  };
}

const final = (cs: readonly CurveData[]): number => cs.reduce((s, c) => s + c.returns.at(-1)!, 0) / cs.length;
const metricName = (name: string): string => `ablation${Object.keys(ABLATIONS).indexOf(name)}_${name.replace(/\W+/g, '_')}`;

function metrics(config: Readonly<NcapConfig>, p: Parts, esGains: number[]): Record<string, number> {
  const { ncap, mlpSizes, nJoints } = ncapSetup(config);
  const u = p.untrained;
  return {
    ...(u ? { ncapInitReturn: mean(u.ncapInit), zeroReturn: mean(u.zero), mlpInitReturn: mean(u.mlpInit) } : {}),
    ncapParamCount: ncap.nParams,
    ncapUnsharedParamCount: ncapSwimmer({ nJoints, sharing: 'unshared' }).nParams,
    mlpParamCount: mlpParamCount(mlpSizes),
    mlp256ParamCount: mlpParamCount([mlpSizes[0]!, 256, 256, nJoints]),
    ...(p.es.length ? { ncapEsReturn: final(p.es.map((r) => r.ncap)), ncapEsGain: mean(esGains), mlpEsReturn: final(p.es.map((r) => r.mlp)), ncapEsEnvSteps: p.es[0]!.ncap.steps.at(-1)! } : {}),
    ...Object.fromEntries(p.ablations.map(([k, c]) => [`${metricName(k)}_init`, c.returns[0]!])),
    ...Object.fromEntries(p.ablations.map(([k, c]) => [`${metricName(k)}_final`, c.returns.at(-1)!])),
    ...(p.es0 ? Object.fromEntries(Array.from(ncap.effectiveParams(p.es0.ncap.final), (v, k) => [`trained_${ncap.paramNames[k]}`, v])) : {}),
    ...(p.es0 ? { trajectoryMeanSpeedMS: p.es0.trajectory!.meanSpeedMS } : {}),
    ...(p.ppo.length ? { ppoNcapReturn: final(p.ppo.map((r) => r.ncap)), ppoMlpReturn: final(p.ppo.map((r) => r.mlp)), ppoEnvSteps: p.ppo[0]!.ncap.steps.at(-1)! } : {}),
  };
}

/**
 * Merges the finished units (plan order) into the run result.
 * @throws NeuroError when no unit finished.
 */
export function mergeNcap(config: Readonly<NcapConfig>, done: Done): RunResult {
  if (done.length === 0) throw new NeuroError('not_found', 'bhattasali-2022-ncap merge', { what: 'no unit finished', expected: 'at least one of untrained, es-seed<s>, ablation<i>-<name>, ppo-seed<s>', received: 0 });
  const p = parts(done);
  // Paired per seed: the trained and the initial θ are scored on the same evaluation episodes.
  const esGains = p.es.map((r) => r.ncap.returns.at(-1)! - r.ncap.returns[0]!);
  return {
    metrics: metrics(config, p, esGains),
    samples: { ...(p.untrained ? { ncapInitReturn: p.untrained.ncapInit } : {}), ...(p.es.length ? { ncapEsGain: esGains } : {}) },
    series: series(config, p),
  };
}
