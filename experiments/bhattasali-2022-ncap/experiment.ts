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
 * PPO (the paper's RL baseline: MLP with learned std, NCAP with fixed std 0.1)
 * runs at the defaults scale only (`ppo: 'on'`; off at quick/smoke to keep them short).
 * Deviation: NCAP's clock is its own step counter (the ES setting), also under PPO.
 */
import { defineExperiment, type LineSeries, type SeriesData } from '../../src/experiment/index.js';
import { ncapSwimmer, type NcapSwimmerConfig } from '../../src/mechanisms/ncap/index.js';
import { ConfigError } from '../../src/util/index.js';
import type { EpisodeOutcome, EpisodeTask, PolicySpec } from './episode.js';
import { mlpInit, mlpParamCount } from './mlp.js';
import { mean } from '../common/stats.js';
import { mlpActor, ncapActor } from './ppo-actors.js';
import { esCurve, evaluateEach, evaluateMany, ppoCurve, spread, EVAL_SEED_BASE, type Arena, type Curve, type EsRunOptions, type PpoRunOptions } from './train.js';

const EPISODE_MODULE = import.meta.url.replace(/experiment\.(ts|js)$/, 'episode.$1');

const ABLATIONS: Readonly<Record<string, Partial<NcapSwimmerConfig>>> = {
  'no sign constraint': { sign: 'free' },
  'uniform init': { init: 'uniform' },
  unshared: { sharing: 'unshared' },
};

/** PPO learning curves (mean and spread over seeds) for NCAP and the MLP. */
function ppoSeries(c: { ncap: Curve[]; mlp: Curve[] }, seeds: number): LineSeries {
  const [n, m] = [spread(c.ncap), spread(c.mlp)];
  return {
    kind: 'line',
    x: c.ncap[0]!.steps,
    ys: { 'NCAP mean': n.mean, 'NCAP min': n.min, 'NCAP max': n.max, 'MLP mean': m.mean, 'MLP min': m.min, 'MLP max': m.max },
    xLabel: 'environment steps',
    yLabel: 'episode return (swim)',
    title: `PPO, ${seeds} seed(s)`,
  };
}

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
    /** The paper's seed count (10 per method). */
    esSeeds: 10,
    ablationIterations: 30,
    evalEvery: 5,
    transferJoints: [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
    trajectorySteps: 300,
    recordEvery: 5,
    /** PPO baseline: 'on' | 'off' (on at defaults only: it is the slow part on a CPU). */
    ppo: 'on',
    ppoSeeds: 1,
    /** 60 × 4 × 1000 = 240k steps per learner (the paper runs 1M+; a CPU budget). */
    ppoIterations: 60,
    ppoEpisodesPerIteration: 4,
    ppoEpochs: 10,
    ppoMinibatch: 250,
    ppoGamma: 0.99,
    ppoLambda: 0.95,
    ppoClip: 0.2,
    ppoActorLr: 3e-4,
    ppoCriticLr: 1e-3,
    /** The paper's fixed NCAP policy noise. */
    ppoNcapStd: 0.1,
    /** Initial std of the MLP's learned Gaussian. */
    ppoMlpStd: 0.5,
    ppoEvalEvery: 5,
    /** The trained NCAP's E/I sign clamps: 'constrained' (the paper) | 'free' (a control). */
    ncapSign: 'constrained',
    /** Its initial weights: 'constant' ±1 (the paper) | 'uniform' (a control). */
    ncapInit: 'constant',
  },
  quick: { popSize: 8, esIterations: 6, esSeeds: 3, ablationIterations: 2, evalEvery: 2, evalEpisodes: 3, mlpInits: 3, transferJoints: [3, 5, 9, 13], ppo: 'off', ppoIterations: 2, ppoEvalEvery: 1 },
  smoke: { workers: 0, episodeSteps: 60, popSize: 2, esIterations: 1, esSeeds: 1, ablationIterations: 1, evalEvery: 1, evalEpisodes: 1, mlpInits: 1, transferJoints: [3], trajectorySteps: 30, ppo: 'off', ppoIterations: 1, ppoEpisodesPerIteration: 2, ppoEpochs: 1, ppoMinibatch: 60, ppoEvalEvery: 1 },
  choices: { ncapSign: ['constrained', 'free'], ncapInit: ['constant', 'uniform'], ppo: ['on', 'off'] },
  controls: {
    // Only the untrained return is judged under these two, so ES is cut to one iteration of one seed.
    freeSigns: { description: 'NCAP without its E/I sign constraints (random ±1 init, no clamps); ES cut to 1 iteration, 1 seed', overrides: { ncapSign: 'free', esSeeds: 1, esIterations: 1, ablationIterations: 1, ppo: 'off' } },
    uniformInit: { description: 'NCAP signs kept, weights drawn U(0,1) / U(−1,0) instead of ±1; ES cut to 1 iteration, 1 seed', overrides: { ncapInit: 'uniform', esSeeds: 1, esIterations: 1, ablationIterations: 1, ppo: 'off' } },
    // ES at lr 0 leaves θ at its init exactly; one iteration shows that as well as sixty.
    esOff: { description: 'ES with learning rate 0 (NCAP stays at its init); 1 iteration per seed, no PPO', overrides: { lr: 0, esIterations: 1, ablationIterations: 1, ppo: 'off' } },
  },
  claims: [
    {
      metric: 'ncapInitReturn',
      kind: 'effect',
      op: '>=',
      value: { defaults: 600, quick: 600 },
      paper: { value: null, where: 'abstract', note: 'good performance before training (words); the curves are not verified' },
      controls: ['freeSigns', 'uniformInit'],
      description: 'untrained NCAP (±1 init, 4 weights) swims: return ≥ 600 of 1000 on swim (6 links), per evaluation episode',
    },
    {
      metric: 'ncapEsGain',
      kind: 'effect',
      op: '>',
      value: { defaults: 0, quick: 0 },
      paper: { value: null, where: 'abstract', note: 'NCAP improves with training to an asymptote comparable with MLPs (curves; 10 seeds)' },
      controls: ['esOff'],
      description: 'ES improves NCAP over its own init: final − initial return on the same evaluation episodes, per ES seed',
    },
    { metric: 'ncapParamCount', kind: 'fact', interval: 'exact', op: '==', value: 4, description: 'NCAP has 4 parameters for any body length (a count)' },
    { metric: 'mlpParamCount', kind: 'fact', interval: 'exact', op: '==', value: 6021, description: 'the MLP baseline (23→64→64→5) has 6,021 parameters (a count)' },
    { metric: 'ncapEsEnvSteps', kind: 'fact', interval: 'exact', op: '<=', value: { defaults: 1_000_000 }, description: 'ES trains within 1M environment steps (a budget: config echo)' },
  ],
  async run(config, ctx) {
    const { nLinks, episodeSteps, evalEpisodes } = config;
    const nJoints = nLinks - 1;
    const pool = await ctx.physics.pool<EpisodeTask, EpisodeOutcome>({ module: EPISODE_MODULE, name: 'runEpisode' }, config.workers);
    const arena: Arena = { pool, nLinks, episodeSteps, checkAbort: (w) => ctx.throwIfAborted(w) };
    try {
      // The trained NCAP as configured (the paper's, unless a control changes its signs or init).
      const main: Partial<NcapSwimmerConfig> = { sign: config.ncapSign as NcapSwimmerConfig['sign'], init: config.ncapInit as NcapSwimmerConfig['init'] };
      const ncap = ncapSwimmer({ nJoints, ...main });
      const mlpSizes = [nJoints + 3 * nLinks, 64, 64, nJoints];
      const ncapSpec = (o: Partial<NcapSwimmerConfig>) => (params: Float64Array): PolicySpec => ({ kind: 'ncap', ncap: { nJoints, ...o }, params });
      const mlpSpec = (params: Float64Array): PolicySpec => ({ kind: 'mlp', sizes: mlpSizes, params });
      const theta0 = ncap.initParams(ctx.rng.fold('ncap-init'));

      const t0 = performance.now();
      const [ncapInitReturns, zeroReturns] = await evaluateEach(arena, [ncapSpec(main)(theta0), { kind: 'zero' }], evalEpisodes);
      const [ncapInitReturn, zeroReturn] = [mean(ncapInitReturns!), mean(zeroReturns!)];
      const initSteps = 2 * evalEpisodes * episodeSteps;
      ctx.log(`untrained NCAP ${ncapInitReturn.toFixed(1)}, zero action ${zeroReturn.toFixed(1)} (${((initSteps * 1000) / (performance.now() - t0)).toFixed(0)} env steps/s on ${config.workers} worker(s))`);
      const mlpRng = ctx.rng.fold('mlp-init');
      const mlpInits = Array.from({ length: config.mlpInits }, () => mlpInit(mlpSizes, mlpRng));
      const mlpInitReturns = await evaluateMany(arena, mlpInits.map(mlpSpec), 1);
      const mlpInitReturn = mean(mlpInitReturns);

      const es = (iterations: number): EsRunOptions => ({ popSize: config.popSize, sigma: config.sigma, lr: config.lr, weightDecay: config.weightDecay, iterations, evalEvery: config.evalEvery, evalEpisodes });
      // The PPO actor is the paper's circuit (signed, ±1): the sign / init controls run without PPO.
      if (config.ppo === 'on' && (config.ncapSign !== 'constrained' || config.ncapInit !== 'constant')) {
        throw new ConfigError('bhattasali-2022-ncap(config).ppo', { what: 'PPO trains only the paper\'s NCAP', expected: "ppo 'off' with ncapSign / ncapInit changed", received: `ppo 'on', ncapSign '${config.ncapSign}', ncapInit '${config.ncapInit}'` });
      }
      const ppoIters = config.ppo === 'on' ? 2 * config.ppoSeeds * config.ppoIterations : 0;
      const totalIters = 2 * config.esSeeds * config.esIterations + Object.keys(ABLATIONS).length * config.ablationIterations + ppoIters;
      ctx.progress.start(totalIters, 'ES/PPO iterations');
      const tick = (): void => ctx.progress.tick();
      const ncapCurves: Curve[] = [];
      const mlpCurves: Curve[] = [];
      for (let s = 0; s < config.esSeeds; s++) {
        const rng = ctx.rng.fold(`es-seed-${s}`);
        ncapCurves.push(await esCurve(arena, theta0, ncapSpec(main), es(config.esIterations), rng.fold('ncap'), tick));
        mlpCurves.push(await esCurve(arena, mlpInit(mlpSizes, rng.fold('mlp-init')), mlpSpec, es(config.esIterations), rng.fold('mlp'), tick));
        ctx.log(`ES seed ${s}: NCAP ${ncapCurves[s]!.returns.at(-1)!.toFixed(1)}, MLP ${mlpCurves[s]!.returns.at(-1)!.toFixed(1)}`);
      }
      const ppoOpts: PpoRunOptions = {
        iterations: config.ppoIterations, epochs: config.ppoEpochs, minibatch: config.ppoMinibatch, gamma: config.ppoGamma, lambda: config.ppoLambda, clip: config.ppoClip,
        actorLr: config.ppoActorLr, criticLr: config.ppoCriticLr, episodesPerIteration: config.ppoEpisodesPerIteration, evalEvery: config.ppoEvalEvery, evalEpisodes,
      };
      const runPpo = async (): Promise<{ ncap: Curve[]; mlp: Curve[] }> => {
        const out = { ncap: [] as Curve[], mlp: [] as Curve[] };
        for (let s = 0; s < config.ppoSeeds; s++) {
          const rng = ctx.rng.fold(`ppo-seed-${s}`);
          out.ncap.push(await ppoCurve(arena, ncapActor(nJoints, theta0, mlpSizes[0]!, config.ppoNcapStd), ncapSpec({}), ppoOpts, rng.fold('ncap'), tick));
          out.mlp.push(await ppoCurve(arena, mlpActor(mlpSizes, mlpInit(mlpSizes, rng.fold('mlp-init')), config.ppoMlpStd, 'learned'), mlpSpec, ppoOpts, rng.fold('mlp'), tick));
          ctx.log(`PPO seed ${s}: NCAP ${out.ncap[s]!.returns.at(-1)!.toFixed(1)}, MLP ${out.mlp[s]!.returns.at(-1)!.toFixed(1)} after ${out.ncap[s]!.steps.at(-1)!} steps`);
        }
        return out;
      };
      const ablations: Record<string, Curve> = {};
      for (const [name, opts] of Object.entries(ABLATIONS)) {
        const machine = ncapSwimmer({ nJoints, ...opts });
        const init = machine.initParams(ctx.rng.fold(`ablation-${name}`));
        ablations[name] = await esCurve(arena, init, ncapSpec(opts), es(config.ablationIterations), ctx.rng.fold(`ablation-es-${name}`), tick);
      }
      const ppoCurves = config.ppo === 'on' ? await runPpo() : null;
      ctx.progress.done();

      const trained = ncapCurves[0]!.final;
      const transferSpecs = config.transferJoints.flatMap((j) => [theta0, trained].map((p) => ({ spec: ncapSpec({ ...main, nJoints: j })(p), nLinks: j + 1 })));
      const transferOut = await pool.map(transferSpecs.map((t) => ({ policy: t.spec, nLinks: t.nLinks, seed: EVAL_SEED_BASE, episodeSteps, recordEvery: 0 })));
      const traj = (await pool.map([{ policy: ncapSpec(main)(trained), nLinks, seed: EVAL_SEED_BASE, episodeSteps: config.trajectorySteps, recordEvery: config.recordEvery }]))[0]!;

      // Paired per seed: the trained and the initial θ are scored on the same evaluation episodes.
      const esGains = ncapCurves.map((c) => c.returns.at(-1)! - c.returns[0]!);
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
        ...(ppoCurves ? { ppoLearningCurves: ppoSeries(ppoCurves, config.ppoSeeds) } : {}),
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
        ncapInitReturn,
        zeroReturn,
        mlpInitReturn,
        ncapParamCount: ncap.nParams,
        ncapUnsharedParamCount: ncapSwimmer({ nJoints, sharing: 'unshared' }).nParams,
        mlpParamCount: mlpParamCount(mlpSizes),
        mlp256ParamCount: mlpParamCount([mlpSizes[0]!, 256, 256, nJoints]),
        ncapEsReturn: final(ncapCurves),
        ncapEsGain: mean(esGains),
        mlpEsReturn: final(mlpCurves),
        ncapEsEnvSteps: ncapCurves[0]!.steps.at(-1)!,
        ...Object.fromEntries(Object.entries(ABLATIONS).map(([k], i) => [`ablation${i}_${k.replace(/\W+/g, '_')}_init`, ablations[k]!.returns[0]!])),
        ...Object.fromEntries(Object.entries(ABLATIONS).map(([k], i) => [`ablation${i}_${k.replace(/\W+/g, '_')}_final`, ablations[k]!.returns.at(-1)!])),
        ...Object.fromEntries(Array.from(ncap.effectiveParams(trained), (v, k) => [`trained_${ncap.paramNames[k]}`, v])),
        trajectoryMeanSpeedMS: traj.meanSpeedMS,
        ...(ppoCurves ? { ppoNcapReturn: final(ppoCurves.ncap), ppoMlpReturn: final(ppoCurves.mlp), ppoEnvSteps: ppoCurves.ncap[0]!.steps.at(-1)! } : {}),
      };
      return { metrics, samples: { ncapInitReturn: ncapInitReturns!, ncapEsGain: esGains }, series };
    } finally {
      await pool.close();
    }
  },
});
