/**
 * The units of work of bhattasali-2022-ncap, in the order the one-process run
 * did them: `untrained` (NCAP at its init, zero action, random MLP inits),
 * `es-seed<s>` (ES on NCAP and on the MLP from `rng.fold('es-seed-<s>')`; seed 0
 * also scores the zero-shot transfer and records the trajectory of its trained θ),
 * `ablation<i>-<name>` (ES on one NCAP variant) and `ppo-seed<s>` (when `ppo` is on).
 * Every unit opens its own physics pool of `workers` threads and closes it.
 * Its streams are folded from the run's rng by the same keys as before, so the
 * units reproduce the one-process run exactly.
 */
import type { PlannedUnit, RunContext } from '../../src/experiment/index.js';
import { ncapSwimmer, type NcapSwimmer, type NcapSwimmerConfig } from '../../src/mechanisms/ncap/index.js';
import { ConfigError } from '../../src/util/index.js';
import type { NcapConfig } from './config.js';
import type { EpisodeOutcome, EpisodeTask, PolicySpec } from './episode.js';
import { mlpInit } from './mlp.js';
import { mean } from '../common/stats.js';
import { mlpActor, ncapActor } from './ppo-actors.js';
import { esCurve, evaluateEach, evaluateMany, ppoCurve, EVAL_SEED_BASE, type Arena, type Curve, type EsRunOptions, type PpoRunOptions } from './train.js';

const EPISODE_MODULE = import.meta.url.replace(/units\.(ts|js)$/, 'episode.$1');

/** The NCAP variants trained by ES as ablations. */
export const ABLATIONS: Readonly<Record<string, Partial<NcapSwimmerConfig>>> = {
  'no sign constraint': { sign: 'free' },
  'uniform init': { init: 'uniform' },
  unshared: { sharing: 'unshared' },
};

/** One unit of the run. */
export type NcapUnit =
  | { readonly kind: 'untrained' }
  | { readonly kind: 'es'; readonly seed: number }
  | { readonly kind: 'ablation'; readonly name: string }
  | { readonly kind: 'ppo'; readonly seed: number };

/** A learning curve without its final parameters (the MLP's 6,021 are not needed). */
export type CurveData = Pick<Curve, 'steps' | 'returns'>;

/** `untrained`: per-episode returns of NCAP at θ₀ and of the zero action; the mean return of each random MLP init. */
export interface UntrainedResult { readonly ncapInit: number[]; readonly zero: number[]; readonly mlpInit: number[] }
/** `es-seed<s>`: both curves; seed 0 adds the transfer returns ([init, trained] per body) and the trajectory. */
export interface EsSeedResult {
  readonly ncap: Curve;
  readonly mlp: CurveData;
  readonly transfer?: number[];
  readonly trajectory?: { readonly frames: Float64Array[]; readonly meanSpeedMS: number };
}
/** `ppo-seed<s>`: both curves. */
export interface PpoSeedResult { readonly ncap: CurveData; readonly mlp: CurveData }
/** What a unit returns (an ablation: its curve). */
export type NcapResult = UntrainedResult | EsSeedResult | CurveData | PpoSeedResult;

/** What every unit derives from the config and the run's rng (pure; θ₀ by `rng.fold('ncap-init')`). */
interface Setup {
  readonly nJoints: number;
  /** The trained NCAP as configured (the paper's, unless a control changes its signs or init). */
  readonly main: Partial<NcapSwimmerConfig>;
  readonly ncap: NcapSwimmer;
  readonly mlpSizes: number[];
  readonly theta0: Float64Array;
  ncapSpec(o: Partial<NcapSwimmerConfig>): (params: Float64Array) => PolicySpec;
  mlpSpec(params: Float64Array): PolicySpec;
  es(iterations: number): EsRunOptions;
}

/** The sizes, specs and θ₀ the units share (also used by the merge, with no rng). */
export function ncapSetup(config: Readonly<NcapConfig>): Omit<Setup, 'theta0'> {
  const nJoints = config.nLinks - 1;
  const main: Partial<NcapSwimmerConfig> = { sign: config.ncapSign as NcapSwimmerConfig['sign'], init: config.ncapInit as NcapSwimmerConfig['init'] };
  const mlpSizes = [nJoints + 3 * config.nLinks, 64, 64, nJoints];
  return {
    nJoints, main, mlpSizes, ncap: ncapSwimmer({ nJoints, ...main }),
    ncapSpec: (o) => (params) => ({ kind: 'ncap', ncap: { nJoints, ...o }, params }),
    mlpSpec: (params) => ({ kind: 'mlp', sizes: mlpSizes, params }),
    es: (iterations) => ({ popSize: config.popSize, sigma: config.sigma, lr: config.lr, weightDecay: config.weightDecay, iterations, evalEvery: config.evalEvery, evalEpisodes: config.evalEpisodes }),
  };
}

/** Runs `f` on a fresh physics pool of `config.workers` threads, closed however `f` ends. */
async function withArena<T>(config: Readonly<NcapConfig>, ctx: RunContext, f: (arena: Arena) => Promise<T>): Promise<T> {
  const pool = await ctx.physics.pool<EpisodeTask, EpisodeOutcome>({ module: EPISODE_MODULE, name: 'runEpisode' }, config.workers);
  try {
    return await f({ pool, nLinks: config.nLinks, episodeSteps: config.episodeSteps, checkAbort: (w) => ctx.throwIfAborted(w) });
  } finally {
    await pool.close();
  }
}

/** A progress phase of `total` iterations; @returns its tick. */
function phase(ctx: RunContext, total: number, label: string): () => void {
  ctx.progress.start(total, label);
  return () => ctx.progress.tick();
}

async function untrained(config: Readonly<NcapConfig>, s: Setup, arena: Arena, ctx: RunContext): Promise<UntrainedResult> {
  const t0 = performance.now();
  const [ncapInit, zero] = await evaluateEach(arena, [s.ncapSpec(s.main)(s.theta0), { kind: 'zero' }], config.evalEpisodes);
  const initSteps = 2 * config.evalEpisodes * config.episodeSteps;
  ctx.log(`untrained NCAP ${mean(ncapInit!).toFixed(1)}, zero action ${mean(zero!).toFixed(1)} (${((initSteps * 1000) / (performance.now() - t0)).toFixed(0)} env steps/s on ${config.workers} worker(s))`);
  // One stream for all the inits, drawn in turn.
  const mlpRng = ctx.rng.fold('mlp-init');
  const inits = Array.from({ length: config.mlpInits }, () => mlpInit(s.mlpSizes, mlpRng));
  return { ncapInit: ncapInit!, zero: zero!, mlpInit: await evaluateMany(arena, inits.map((p) => s.mlpSpec(p)), 1) };
}

/** Zero-shot transfer of θ₀ and of the trained θ to other body lengths, and the trained swimmer's trajectory. */
async function transferAndTrajectory(config: Readonly<NcapConfig>, s: Setup, arena: Arena, trained: Float64Array): Promise<Required<Pick<EsSeedResult, 'transfer' | 'trajectory'>>> {
  const { episodeSteps } = config;
  const specs = config.transferJoints.flatMap((j) => [s.theta0, trained].map((p) => ({ spec: s.ncapSpec({ ...s.main, nJoints: j })(p), nLinks: j + 1 })));
  const transfer = await arena.pool.map(specs.map((t) => ({ policy: t.spec, nLinks: t.nLinks, seed: EVAL_SEED_BASE, episodeSteps, recordEvery: 0 })));
  const traj = (await arena.pool.map([{ policy: s.ncapSpec(s.main)(trained), nLinks: config.nLinks, seed: EVAL_SEED_BASE, episodeSteps: config.trajectorySteps, recordEvery: config.recordEvery }]))[0]!;
  return { transfer: transfer.map((r) => r.episodeReturn), trajectory: { frames: traj.frames, meanSpeedMS: traj.meanSpeedMS } };
}

async function esSeed(config: Readonly<NcapConfig>, s: Setup, seed: number, arena: Arena, ctx: RunContext): Promise<EsSeedResult> {
  const tick = phase(ctx, 2 * config.esIterations, `ES seed ${seed}`);
  const rng = ctx.rng.fold(`es-seed-${seed}`);
  const ncap = await esCurve(arena, s.theta0, s.ncapSpec(s.main), s.es(config.esIterations), rng.fold('ncap'), tick);
  const mlp = await esCurve(arena, mlpInit(s.mlpSizes, rng.fold('mlp-init')), (p) => s.mlpSpec(p), s.es(config.esIterations), rng.fold('mlp'), tick);
  ctx.progress.done();
  ctx.log(`ES seed ${seed}: NCAP ${ncap.returns.at(-1)!.toFixed(1)}, MLP ${mlp.returns.at(-1)!.toFixed(1)}`);
  const result = { ncap, mlp: { steps: mlp.steps, returns: mlp.returns } };
  // The transfer and the trajectory use ES seed 0's trained θ.
  return seed === 0 ? { ...result, ...(await transferAndTrajectory(config, s, arena, ncap.final)) } : result;
}

async function ablation(config: Readonly<NcapConfig>, s: Setup, name: string, arena: Arena, ctx: RunContext): Promise<CurveData> {
  const opts = ABLATIONS[name]!;
  const tick = phase(ctx, config.ablationIterations, `ES ablation ${name}`);
  const init = ncapSwimmer({ nJoints: s.nJoints, ...opts }).initParams(ctx.rng.fold(`ablation-${name}`));
  const c = await esCurve(arena, init, s.ncapSpec(opts), s.es(config.ablationIterations), ctx.rng.fold(`ablation-es-${name}`), tick);
  ctx.progress.done();
  return { steps: c.steps, returns: c.returns };
}

async function ppoSeed(config: Readonly<NcapConfig>, s: Setup, seed: number, arena: Arena, ctx: RunContext): Promise<PpoSeedResult> {
  const opts: PpoRunOptions = {
    iterations: config.ppoIterations, epochs: config.ppoEpochs, minibatch: config.ppoMinibatch, gamma: config.ppoGamma, lambda: config.ppoLambda, clip: config.ppoClip,
    actorLr: config.ppoActorLr, criticLr: config.ppoCriticLr, episodesPerIteration: config.ppoEpisodesPerIteration, evalEvery: config.ppoEvalEvery, evalEpisodes: config.evalEpisodes,
  };
  const tick = phase(ctx, 2 * config.ppoIterations, `PPO seed ${seed}`);
  const rng = ctx.rng.fold(`ppo-seed-${seed}`);
  // The PPO actor is the paper's circuit (signed, ±1).
  const ncap = await ppoCurve(arena, ncapActor(s.nJoints, s.theta0, s.mlpSizes[0]!, config.ppoNcapStd), s.ncapSpec({}), opts, rng.fold('ncap'), tick);
  const mlp = await ppoCurve(arena, mlpActor(s.mlpSizes, mlpInit(s.mlpSizes, rng.fold('mlp-init')), config.ppoMlpStd, 'learned'), (p) => s.mlpSpec(p), opts, rng.fold('mlp'), tick);
  ctx.progress.done();
  ctx.log(`PPO seed ${seed}: NCAP ${ncap.returns.at(-1)!.toFixed(1)}, MLP ${mlp.returns.at(-1)!.toFixed(1)} after ${ncap.steps.at(-1)!} steps`);
  return { ncap: { steps: ncap.steps, returns: ncap.returns }, mlp: { steps: mlp.steps, returns: mlp.returns } };
}

/** A unit key from an ablation's name: `ablation<i>-<name with _ for non-word runs>`. */
function ablationKey(name: string): string {
  return `ablation${Object.keys(ABLATIONS).indexOf(name)}-${name.replace(/\W+/g, '_')}`;
}

/**
 * The plan: `untrained`, `es-seed0…`, one unit per ablation, `ppo-seed0…` (ppo on).
 * @throws ConfigError when PPO is on with the sign or init of NCAP changed (PPO trains only the paper's circuit).
 */
export function planNcap(config: Readonly<NcapConfig>): PlannedUnit<NcapUnit>[] {
  if (config.ppo === 'on' && (config.ncapSign !== 'constrained' || config.ncapInit !== 'constant')) {
    throw new ConfigError('bhattasali-2022-ncap(config).ppo', { what: 'PPO trains only the paper\'s NCAP', expected: "ppo 'off' with ncapSign / ncapInit changed", received: `ppo 'on', ncapSign '${config.ncapSign}', ncapInit '${config.ncapInit}'` });
  }
  const seeds = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
  return [
    { key: 'untrained', unit: { kind: 'untrained' } },
    ...seeds(config.esSeeds).map((seed) => ({ key: `es-seed${seed}`, unit: { kind: 'es', seed } as const })),
    ...Object.keys(ABLATIONS).map((name) => ({ key: ablationKey(name), unit: { kind: 'ablation', name } as const })),
    ...(config.ppo === 'on' ? seeds(config.ppoSeeds).map((seed) => ({ key: `ppo-seed${seed}`, unit: { kind: 'ppo', seed } as const })) : []),
  ];
}

/** Runs one unit on its own pool. */
export function runNcapUnit(config: Readonly<NcapConfig>, unit: NcapUnit, ctx: RunContext): Promise<NcapResult> {
  const shared = ncapSetup(config);
  const s: Setup = { ...shared, theta0: shared.ncap.initParams(ctx.rng.fold('ncap-init')) };
  return withArena<NcapResult>(config, ctx, (arena) => {
    if (unit.kind === 'untrained') return untrained(config, s, arena, ctx);
    if (unit.kind === 'es') return esSeed(config, s, unit.seed, arena, ctx);
    if (unit.kind === 'ablation') return ablation(config, s, unit.name, arena, ctx);
    return ppoSeed(config, s, unit.seed, arena, ctx);
  });
}
