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
 * The run is split into units of work (`units.ts`, merged by `merge.ts`); the
 * paper-scale config is in `config.ts`.
 */
import { defineExperiment } from '../../src/experiment/index.js';
import { NCAP_DEFAULTS, NCAP_RANGES } from './config.js';
import { mergeNcap } from './merge.js';
import { planNcap, runNcapUnit } from './units.js';

export default defineExperiment({
  id: 'bhattasali-2022-ncap',
  paper: {
    title: 'Neural Circuit Architectural Priors for Embodied Control',
    authors: 'Bhattasali, Zador, Engel',
    year: 2022,
    url: 'https://arxiv.org/abs/2201.05242',
  },
  description: 'A 4-weight C. elegans circuit (NCAP) swims a MuJoCo swimmer before training; ES fine-tunes it; the weights transfer across body lengths.',
  defaults: NCAP_DEFAULTS,
  quick: { popSize: 8, esIterations: 6, esSeeds: 3, ablationIterations: 2, evalEvery: 2, evalEpisodes: 3, mlpInits: 3, transferJoints: [3, 5, 9, 13], ppo: 'off', ppoIterations: 2, ppoEvalEvery: 1 },
  smoke: { workers: 0, episodeSteps: 60, popSize: 2, esIterations: 1, esSeeds: 1, ablationIterations: 1, evalEvery: 1, evalEpisodes: 1, mlpInits: 1, transferJoints: [3], trajectorySteps: 30, ppo: 'off', ppoIterations: 1, ppoEpisodesPerIteration: 2, ppoEpochs: 1, ppoMinibatch: 60, ppoEvalEvery: 1 },
  choices: { ncapSign: ['constrained', 'free'], ncapInit: ['constant', 'uniform'], ppo: ['on', 'off'] },
  ranges: NCAP_RANGES,
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
  // One unit per untrained evaluation set, ES seed, ablation and PPO seed: `neuromorph sweep bhattasali-2022-ncap --workers N` runs them in parallel.
  units: { plan: planNcap, run: runNcapUnit, merge: mergeNcap },
});
