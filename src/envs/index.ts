/**
 * Environments: a gym-like MuJoCo swimmer (dm_control's swimmer suite and the
 * NCAP paper's `swim` task) on an injected physics backend, and episode rollouts.
 * Browser-safe: the engine comes in through {@link PhysicsBackend}.
 *
 * @see https://arxiv.org/abs/2201.05242
 */
export type { PhysicsObject, PhysicsSim, PhysicsBackend, PhysicsPool, PhysicsTaskRef, PhysicsProvider } from './physics.js';
export { swimmerMjcf, swimmerJointLimitDeg, SWIMMER_LINKS_RANGE, SWIMMER_PHYSICS } from './swimmer-mjcf.js';
export { swimmerEnv, SWIMMER_ENV_DEFAULTS, type SwimmerTask, type SwimmerEnvConfig, type SwimmerEnv, type SwimmerInfo, type StepResult } from './swimmer.js';
export { rollout, type Policy, type RolloutOptions, type RolloutResult } from './rollout.js';
