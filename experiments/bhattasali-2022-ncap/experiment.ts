/**
 * bhattasali-2022-ncap: Bhattasali, Zador & Engel, "Neural Circuit Architectural
 * Priors for Embodied Control" (NeurIPS 2022). NCAP, the C. elegans locomotion
 * circuit as 4 shared weights (`src/mechanisms/ncap`), drives a MuJoCo swimmer
 * (`src/envs`, MuJoCo's official WebAssembly build through `ctx.physics`).
 * Measured: returns on the paper's `swim` task before training (NCAP vs random
 * MLPs), parameter counts, OpenAI-ES learning curves for NCAP and a 64×64 tanh
 * MLP (mean and spread over seeds), ablations (no sign constraint, uniform init,
 * unshared weights), zero-shot transfer of the 4 weights to 3–13-joint bodies,
 * and the trained swimmer's link positions over time.
 * Deviation: PPO (the paper's RL baseline) is not run; ES is (the authors' ES script).
 */
import { defineExperiment, type LineSeries, type SeriesData } from '../../src/experiment/index.js';
import { ncapSwimmer, type NcapSwimmerConfig } from '../../src/mechanisms/ncap/index.js';
import type { EpisodeOutcome, EpisodeTask, PolicySpec } from './episode.js';
import { mlpInit, mlpParamCount } from './mlp.js';
import { esCurve, evaluateMany, spread, EVAL_SEED_BASE, type Arena, type Curve, type EsRunOptions } from './train.js';

const EPISODE_MODULE = import.meta.url.replace(/experiment\.(ts|js)$/, 'episode.$1');

const ABLATIONS: Readonly<Record<string, Partial<NcapSwimmerConfig>>> = {
  'no sign constraint': { sign: 'free' },
  'uniform init': { init: 'uniform' },
  unshared: { sharing: 'unshared' },
};

export default defineExperiment({
  id: 'bhattasali-2022-ncap',
  paper: {
    title: 'Neural Circuit Architectural Priors for Embodied Control',
    authors: 'Bhattasali, Zador, Engel',
    year: 2022,
    url: 'https://arxiv.org/abs/2201.05242',
  },
  description: 'A 4-weight C. elegans circuit (NCAP) swims a MuJoCo swimmer before training; ES fine-tunes it; the weights transfer across body lengths.',
  defaults: {
    seed: 0,
    /** Rollout threads (one MuJoCo each); results do not depend on it. */
    workers: 2,
    nLinks: 6,
    episodeSteps: 1000,
    /** Evaluation episodes per policy (fixed seeds). */
    evalEpisodes: 3,
    /** Random MLP initializations scored before training. */
    mlpInits: 5,
    popSize: 16,
    sigma: 0.02,
    lr: 0.01,
    weightDecay: 0.005,
    /** 60 × 16 × 1000 = 0.96M training steps. */
    esIterations: 60,
    esSeeds: 3,
    ablationIterations: 30,
    evalEvery: 5,
    transferJoints: [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
    trajectorySteps: 300,
    recordEvery: 5,
  },
  quick: { popSize: 8, esIterations: 6, esSeeds: 1, ablationIterations: 2, evalEvery: 2, evalEpisodes: 2, mlpInits: 3, transferJoints: [3, 5, 9, 13] },
  smoke: { workers: 0, episodeSteps: 60, popSize: 2, esIterations: 1, esSeeds: 1, ablationIterations: 1, evalEvery: 1, evalEpisodes: 1, mlpInits: 1, transferJoints: [3], trajectorySteps: 30 },
  claims: [
    { metric: 'ncapInitReturn', op: '>=', value: { defaults: 600, quick: 600 }, description: 'untrained NCAP (±1 init, 4 weights) swims: return ≥ 600 of 1000 on swim (6 links)' },
    { metric: 'mlpInitReturn', op: '<=', value: { defaults: 150, quick: 150 }, description: 'an untrained 64×64 tanh MLP does not swim: return ≤ 150' },
    { metric: 'ncapParamCount', op: '==', value: 4, description: 'NCAP has 4 parameters for any body length' },
    { metric: 'mlpParamCount', op: '==', value: 6021, description: 'the MLP baseline (23→64→64→5) has 6,021 parameters' },
    { metric: 'ncapEsReturn', op: '>=', value: { defaults: 800, quick: 780 }, description: 'after ES training NCAP scores ≥ 800 (quick: 64k steps, no worse than ~init)' },
    { metric: 'ncapEsEnvSteps', op: '<=', value: { defaults: 1_000_000 }, description: '…within 1M environment steps' },
  ],
  async run(config, ctx) {
    const { nLinks, episodeSteps, evalEpisodes } = config;
    const nJoints = nLinks - 1;
    const pool = await ctx.physics.pool<EpisodeTask, EpisodeOutcome>({ module: EPISODE_MODULE, name: 'runEpisode' }, config.workers);
    const arena: Arena = { pool, nLinks, episodeSteps, checkAbort: (w) => ctx.throwIfAborted(w) };
    try {
      const ncap = ncapSwimmer({ nJoints });
      const mlpSizes = [nJoints + 3 * nLinks, 64, 64, nJoints];
      const ncapSpec = (o: Partial<NcapSwimmerConfig>) => (params: Float64Array): PolicySpec => ({ kind: 'ncap', ncap: { nJoints, ...o }, params });
      const mlpSpec = (params: Float64Array): PolicySpec => ({ kind: 'mlp', sizes: mlpSizes, params });
      const theta0 = ncap.initParams(ctx.rng.fold('ncap-init'));

      const t0 = performance.now();
      const [ncapInitReturn, zeroReturn] = await evaluateMany(arena, [ncapSpec({})(theta0), { kind: 'zero' }], evalEpisodes);
      const initSteps = 2 * evalEpisodes * episodeSteps;
      ctx.log(`untrained NCAP ${ncapInitReturn!.toFixed(1)}, zero action ${zeroReturn!.toFixed(1)} (${((initSteps * 1000) / (performance.now() - t0)).toFixed(0)} env steps/s on ${config.workers} worker(s))`);
      const mlpRng = ctx.rng.fold('mlp-init');
      const mlpInits = Array.from({ length: config.mlpInits }, () => mlpInit(mlpSizes, mlpRng));
      const mlpInitReturns = await evaluateMany(arena, mlpInits.map(mlpSpec), 1);
      const mlpInitReturn = mlpInitReturns.reduce((s, v) => s + v, 0) / mlpInitReturns.length;

      const es = (iterations: number): EsRunOptions => ({ popSize: config.popSize, sigma: config.sigma, lr: config.lr, weightDecay: config.weightDecay, iterations, evalEvery: config.evalEvery, evalEpisodes });
      const totalIters = 2 * config.esSeeds * config.esIterations + Object.keys(ABLATIONS).length * config.ablationIterations;
      ctx.progress.start(totalIters, 'ES iterations');
      const tick = (): void => ctx.progress.tick();
      const ncapCurves: Curve[] = [];
      const mlpCurves: Curve[] = [];
      for (let s = 0; s < config.esSeeds; s++) {
        const rng = ctx.rng.fold(`es-seed-${s}`);
        ncapCurves.push(await esCurve(arena, theta0, ncapSpec({}), es(config.esIterations), rng.fold('ncap'), tick));
        mlpCurves.push(await esCurve(arena, mlpInit(mlpSizes, rng.fold('mlp-init')), mlpSpec, es(config.esIterations), rng.fold('mlp'), tick));
        ctx.log(`ES seed ${s}: NCAP ${ncapCurves[s]!.returns.at(-1)!.toFixed(1)}, MLP ${mlpCurves[s]!.returns.at(-1)!.toFixed(1)}`);
      }
      const ablations: Record<string, Curve> = {};
      for (const [name, opts] of Object.entries(ABLATIONS)) {
        const machine = ncapSwimmer({ nJoints, ...opts });
        const init = machine.initParams(ctx.rng.fold(`ablation-${name}`));
        ablations[name] = await esCurve(arena, init, ncapSpec(opts), es(config.ablationIterations), ctx.rng.fold(`ablation-es-${name}`), tick);
      }
      ctx.progress.done();

      const trained = ncapCurves[0]!.final;
      const transferSpecs = config.transferJoints.flatMap((j) => [theta0, trained].map((p) => ({ spec: ncapSpec({ nJoints: j })(p), nLinks: j + 1 })));
      const transferOut = await pool.map(transferSpecs.map((t) => ({ policy: t.spec, nLinks: t.nLinks, seed: EVAL_SEED_BASE, episodeSteps, recordEvery: 0 })));
      const traj = (await pool.map([{ policy: ncapSpec({})(trained), nLinks, seed: EVAL_SEED_BASE, episodeSteps: config.trajectorySteps, recordEvery: config.recordEvery }]))[0]!;

      const final = (cs: readonly Curve[]): number => cs.reduce((s, c) => s + c.returns.at(-1)!, 0) / cs.length;
      const ncapSpread = spread(ncapCurves);
      const mlpSpread = spread(mlpCurves);
      const dt = 0.03 * config.recordEvery;
      const series: Record<string, SeriesData> = {
        learningCurves: {
          kind: 'line',
          x: ncapCurves[0]!.steps,
          ys: { 'NCAP mean': ncapSpread.mean, 'NCAP min': ncapSpread.min, 'NCAP max': ncapSpread.max, 'MLP mean': mlpSpread.mean, 'MLP min': mlpSpread.min, 'MLP max': mlpSpread.max },
          xLabel: 'environment steps',
          yLabel: 'episode return (swim)',
          title: `OpenAI-ES, ${config.esSeeds} seed(s)`,
        },
        ablations: {
          kind: 'line',
          x: Object.values(ablations)[0]!.steps,
          ys: Object.fromEntries([['NCAP', ncapCurves[0]!.returns.slice(0, Object.values(ablations)[0]!.steps.length)], ...Object.entries(ablations).map(([k, c]) => [k, c.returns])]),
          xLabel: 'environment steps',
          yLabel: 'episode return (swim)',
          title: 'NCAP ablations under ES',
        },
        transfer: {
          kind: 'bar',
          labels: config.transferJoints.map((j) => `${j} joints`),
          ys: { init: transferOut.filter((_, i) => i % 2 === 0).map((r) => r.episodeReturn), 'ES-trained (5 joints)': transferOut.filter((_, i) => i % 2 === 1).map((r) => r.episodeReturn) },
          xLabel: 'body',
          yLabel: 'episode return (swim)',
          title: 'Zero-shot transfer of the 4 weights',
        },
        trajectoryPath: { kind: 'line', x: traj.frames.map((f) => f[0]!), ys: { 'head y (m)': traj.frames.map((f) => f[1]!) }, xLabel: 'head x (m)', title: 'Trained NCAP swimmer: head path' },
        trajectoryLinks: {
          kind: 'line',
          x: traj.frames.map((_, k) => k * dt),
          ys: Object.fromEntries(Array.from({ length: nLinks }, (_, i) => [[`link ${i} x`, traj.frames.map((f) => f[2 * i]!)], [`link ${i} y`, traj.frames.map((f) => f[2 * i + 1]!)]]).flat()),
          xLabel: 'time (s)',
          yLabel: 'position (m)',
          title: 'Link positions over time (for animation)',
        } satisfies LineSeries,
      };
      const metrics: Record<string, number> = {
        ncapInitReturn: ncapInitReturn!,
        zeroReturn: zeroReturn!,
        mlpInitReturn,
        ncapParamCount: ncap.nParams,
        ncapUnsharedParamCount: ncapSwimmer({ nJoints, sharing: 'unshared' }).nParams,
        mlpParamCount: mlpParamCount(mlpSizes),
        mlp256ParamCount: mlpParamCount([mlpSizes[0]!, 256, 256, nJoints]),
        ncapEsReturn: final(ncapCurves),
        mlpEsReturn: final(mlpCurves),
        ncapEsEnvSteps: ncapCurves[0]!.steps.at(-1)!,
        ...Object.fromEntries(Object.entries(ABLATIONS).map(([k], i) => [`ablation${i}_${k.replace(/\W+/g, '_')}_init`, ablations[k]!.returns[0]!])),
        ...Object.fromEntries(Object.entries(ABLATIONS).map(([k], i) => [`ablation${i}_${k.replace(/\W+/g, '_')}_final`, ablations[k]!.returns.at(-1)!])),
        ...Object.fromEntries(Array.from(ncap.effectiveParams(trained), (v, k) => [`trained_${ncap.paramNames[k]}`, v])),
        trajectoryMeanSpeedMS: traj.meanSpeedMS,
      };
      return { metrics, series };
    } finally {
      await pool.close();
    }
  },
});
