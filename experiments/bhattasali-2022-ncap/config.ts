/**
 * The paper-scale config of bhattasali-2022-ncap (its `defaults`), apart so the
 * units (`units.ts`, `merge.ts`) and the experiment share its type.
 */
import { SWIMMER_LINKS_RANGE } from '../../src/envs/index.js';
import type { ConfigRange } from '../../src/experiment/index.js';

export const NCAP_DEFAULTS = {
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
};

/** The experiment's config. */
export type NcapConfig = typeof NCAP_DEFAULTS;

/**
 * What each number key may take (`parseConfig` checks them). Bodies have 3–14
 * links (the swimmer model's range), so transfer bodies have 2–13 joints; σ and
 * the PPO noise stds must be > 0 (ES divides by σ, PPO takes log σ).
 * Limits: ConfigRange.limit's rule (a power of ten ≥ 100× the paper default for
 * counts, ≥ 10× for widths).
 */
export const NCAP_RANGES: { readonly [K in keyof NcapConfig]?: ConfigRange } = {
  seed: { integer: true },
  workers: { integer: true, min: 0, limit: 100 },
  nLinks: { integer: true, min: SWIMMER_LINKS_RANGE[0], max: SWIMMER_LINKS_RANGE[1] },
  episodeSteps: { integer: true, min: 1, limit: 100_000 },
  evalEpisodes: { integer: true, min: 1, limit: 1_000 },
  mlpInits: { integer: true, min: 1, limit: 1_000 },
  popSize: { integer: true, min: 2, limit: 10_000 },
  sigma: { min: 1e-9 },
  lr: { min: 0 },
  weightDecay: { min: 0 },
  esIterations: { integer: true, min: 1, limit: 10_000 },
  esSeeds: { integer: true, min: 1, limit: 1_000 },
  ablationIterations: { integer: true, min: 1, limit: 10_000 },
  evalEvery: { integer: true, min: 1, limit: 1_000 },
  transferJoints: { integer: true, min: SWIMMER_LINKS_RANGE[0] - 1, max: SWIMMER_LINKS_RANGE[1] - 1 },
  trajectorySteps: { integer: true, min: 1, limit: 100_000 },
  recordEvery: { integer: true, min: 1, limit: 1_000 },
  ppoSeeds: { integer: true, min: 1, limit: 100 },
  ppoIterations: { integer: true, min: 1, limit: 10_000 },
  ppoEpisodesPerIteration: { integer: true, min: 1, limit: 1_000 },
  ppoEpochs: { integer: true, min: 1, limit: 1_000 },
  ppoMinibatch: { integer: true, min: 1, limit: 100_000 },
  ppoGamma: { min: 0, max: 1 },
  ppoLambda: { min: 0, max: 1 },
  ppoClip: { min: 0 },
  ppoActorLr: { min: 0 },
  ppoCriticLr: { min: 0 },
  ppoNcapStd: { min: 1e-9 },
  ppoMlpStd: { min: 1e-9 },
  ppoEvalEvery: { integer: true, min: 1, limit: 1_000 },
};
