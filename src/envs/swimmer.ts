/**
 * A gym-like planar swimmer on an injected {@link PhysicsBackend} (dm_control's
 * swimmer suite rebuilt: control step 0.03 s = 15 physics steps, 1000-step
 * episodes, no early termination). Tasks:
 * - `swim` (the NCAP paper's): r = clip(v / 0.1, 0, 1), v = forward speed of the
 *   head (−velocimeter y, the swimmer faces −y); observation = joint angles,
 *   then (vx, vy, ωz) of each link in its own frame: (n−1) + 3n values.
 * - `target` (dm_control swimmer): r = 1 within 0.1 m of the target, else
 *   1 / (1 + 9 d²), d = (dist − 0.1) / 0.5; the observation adds the nose→target
 *   vector in the head frame (2 values).
 *
 * @see https://arxiv.org/abs/2201.05242
 */
import { ArgumentError, NeuroError, NonFiniteError, ShapeError, createRng } from '../util/index.js';
import type { PhysicsBackend, PhysicsSim } from './physics.js';
import { checkLinks, swimmerJointLimitDeg, swimmerMjcf } from './swimmer-mjcf.js';

/** Reward definitions: the paper's forward-speed task or dm_control's reach-the-target task. */
export type SwimmerTask = 'swim' | 'target';

/** Options of {@link swimmerEnv}. */
export interface SwimmerEnvConfig {
  /** Number of links (3–14); joints = links − 1. */
  readonly nLinks: number;
  readonly task: SwimmerTask;
  /** Control steps per episode (truncation). */
  readonly episodeSteps: number;
  /** Physics steps per control step. */
  readonly substeps: number;
}

/** Defaults: the paper's 6-link swim task on dm_control's timing. */
export const SWIMMER_ENV_DEFAULTS: Readonly<SwimmerEnvConfig> = Object.freeze({
  /** swimmer6, the body NCAP is designed and trained on (5 joints). */
  nLinks: 6,
  /** The paper's headline task: swim forward as fast as possible (≤ 0.1 m/s pays fully). */
  task: 'swim',
  /** 30 s of control at 0.03 s: maximum return 1000 on `swim`. */
  episodeSteps: 1000,
  /** 0.03 s control step over 0.002 s physics steps (dm_control's n_sub_steps). */
  substeps: 15,
});

/** Per-step diagnostics. */
export interface SwimmerInfo {
  /** Control steps taken in this episode. */
  readonly step: number;
  /** Forward speed of the head in m/s. */
  readonly forwardSpeedMS: number;
  /** Distance from the nose to the target in metres. */
  readonly targetDistanceM: number;
}

/** What {@link SwimmerEnv.step} returns (gym's 5-tuple). */
export interface StepResult {
  /** The next observation; a buffer the env overwrites on the next call (copy to keep). */
  readonly observation: Float64Array;
  readonly reward: number;
  /** Always false: the swimmer has no failure state. */
  readonly terminated: boolean;
  /** True on the last step of the episode. */
  readonly truncated: boolean;
  readonly info: SwimmerInfo;
}

/** The swimmer environment. One {@link PhysicsSim} is reused across episodes; call `close()` to free it. */
export interface SwimmerEnv {
  readonly config: Readonly<SwimmerEnvConfig>;
  /** Actuated joints (= action size). */
  readonly nJoints: number;
  readonly observationSize: number;
  /** The physics engine's name. */
  readonly backendName: string;
  /** Starts an episode: random heading and joint angles from `seed`; returns the first observation. */
  reset(seed: number): { readonly observation: Float64Array; readonly info: SwimmerInfo };
  /**
   * Applies `action` (one value per joint, clipped to [−1, 1] by the motors) for one control step.
   * @throws ShapeError on a wrong action length; NonFiniteError on NaN/∞; ArgumentError when called before `reset` or after the episode ended.
   */
  step(action: ArrayLike<number>): StepResult;
  /** Writes the (x, y) of every link's origin into `out` (`[nLinks * 2]`, head first) and returns it. */
  linkPositions(out?: Float64Array): Float64Array;
  /** Frees the physics state. */
  close(): void;
}

function checkConfig(c: SwimmerEnvConfig): void {
  checkLinks('swimmerEnv(config).nLinks', c.nLinks);
  if (c.task !== 'swim' && c.task !== 'target') throw new ArgumentError('swimmerEnv(config).task', { what: 'unknown task', expected: '"swim" or "target"', received: c.task });
  for (const key of ['episodeSteps', 'substeps'] as const) {
    const v = c[key];
    if (!Number.isInteger(v) || v < 1) throw new ArgumentError(`swimmerEnv(config).${key}`, { what: 'not a positive integer', expected: 'an integer >= 1', received: v });
  }
}

const SENSOR_NOSE = 0;
const SENSOR_TARGET = 3;
const SENSOR_XAXIS = 6;
const SENSOR_YAXIS = 9;
const SENSOR_LINKS = 12;

/** Random initial state (dm_control): heading U(−π, π), joints uniform within limits, target ±2 m (±0.3 m w.p. 0.2). */
function randomize(sim: PhysicsSim, nJoints: number, limitRad: number, seed: number): void {
  const rng = createRng(seed);
  sim.reset();
  const qpos = sim.qpos();
  qpos[2] = rng.uniform(-Math.PI, Math.PI);
  for (let j = 0; j < nJoints; j++) qpos[3 + j] = rng.uniform(-limitRad, limitRad);
  const span = rng.uniform() < 0.2 ? 0.3 : 2;
  const mocap = sim.mocapPos();
  mocap[0] = rng.uniform(-span, span);
  mocap[1] = rng.uniform(-span, span);
  sim.forward();
}

/**
 * Creates a swimmer environment.
 * @param physics the engine (in Node: `await loadMujoco()` from `neuromorph/node`).
 * @param config overrides of {@link SWIMMER_ENV_DEFAULTS}.
 * @returns the env; observations have (nLinks − 1) + 3 nLinks (+ 2 for `target`) values.
 * @throws ArgumentError on a bad config; ParseError if the engine rejects the model.
 * @example
 * const env = swimmerEnv(await loadMujoco(), { nLinks: 6 });
 * let { observation } = env.reset(0);
 * const r = env.step(new Float64Array(env.nJoints)); // r.reward ∈ [0, 1]
 * env.close();
 */
export function swimmerEnv(physics: PhysicsBackend, config: Partial<SwimmerEnvConfig> = {}): SwimmerEnv {
  const cfg = Object.freeze({ ...SWIMMER_ENV_DEFAULTS, ...config });
  checkConfig(cfg);
  const n = cfg.nLinks;
  const nJoints = n - 1;
  const limitRad = (swimmerJointLimitDeg(n) * Math.PI) / 180;
  const sim = physics.load(swimmerMjcf(n));
  const headBody = sim.id('body', 'head');
  const observationSize = nJoints + 3 * n + (cfg.task === 'target' ? 2 : 0);
  const obs = new Float64Array(observationSize);
  let t = 0;
  let started = false;
  let closed = false;

  const targetDistance = (s: Float64Array): number => Math.hypot(s[SENSOR_TARGET]! - s[SENSOR_NOSE]!, s[SENSOR_TARGET + 1]! - s[SENSOR_NOSE + 1]!);
  const observe = (): SwimmerInfo => {
    const q = sim.qpos();
    const s = sim.sensordata();
    for (let j = 0; j < nJoints; j++) obs[j] = q[3 + j]!;
    for (let i = 0; i < n; i++) {
      const b = SENSOR_LINKS + 6 * i;
      obs[nJoints + 3 * i] = s[b]!;
      obs[nJoints + 3 * i + 1] = s[b + 1]!;
      obs[nJoints + 3 * i + 2] = s[b + 5]!;
    }
    if (cfg.task === 'target') {
      const dx = s[SENSOR_TARGET]! - s[SENSOR_NOSE]!;
      const dy = s[SENSOR_TARGET + 1]! - s[SENSOR_NOSE + 1]!;
      const dz = s[SENSOR_TARGET + 2]! - s[SENSOR_NOSE + 2]!;
      obs[observationSize - 2] = dx * s[SENSOR_XAXIS]! + dy * s[SENSOR_XAXIS + 1]! + dz * s[SENSOR_XAXIS + 2]!;
      obs[observationSize - 1] = dx * s[SENSOR_YAXIS]! + dy * s[SENSOR_YAXIS + 1]! + dz * s[SENSOR_YAXIS + 2]!;
    }
    return { step: t, forwardSpeedMS: -s[SENSOR_LINKS + 1]!, targetDistanceM: targetDistance(s) };
  };
  const reward = (info: SwimmerInfo): number => {
    if (cfg.task === 'swim') return Math.min(Math.max(info.forwardSpeedMS / 0.1, 0), 1);
    if (info.targetDistanceM <= 0.1) return 1;
    const d = (info.targetDistanceM - 0.1) / 0.5;
    return 1 / (1 + 9 * d * d);
  };
  const alive = (where: string): void => {
    if (closed) throw new NeuroError('invalid_argument', where, { what: 'environment is closed', expected: 'an open env', received: 'closed' });
  };

  return {
    config: cfg,
    nJoints,
    observationSize,
    backendName: physics.name,
    reset(seed) {
      alive('swimmerEnv.reset(seed)');
      if (!Number.isSafeInteger(seed)) throw new ArgumentError('swimmerEnv.reset(seed)', { what: 'bad seed', expected: 'an integer', received: seed });
      randomize(sim, nJoints, limitRad, seed);
      t = 0;
      started = true;
      return { observation: obs, info: observe() };
    },
    step(action) {
      const where = 'swimmerEnv.step(action)';
      alive(where);
      if (!started) throw new ArgumentError(where, { what: 'no episode in progress', expected: 'reset(seed) first', received: t === 0 ? 'no reset' : `step ${t} after the episode ended` });
      if (action?.length !== nJoints) throw new ShapeError(where, { what: 'one action per joint', expected: nJoints, received: action?.length });
      const ctrl = sim.ctrl();
      for (let j = 0; j < nJoints; j++) {
        const a = action[j]!;
        if (!Number.isFinite(a)) throw new NonFiniteError(`${where}[${j}]`, { what: 'action is not finite', expected: 'a finite number', received: a });
        ctrl[j] = a < -1 ? -1 : a > 1 ? 1 : a;
      }
      sim.step(cfg.substeps);
      t++;
      const info = observe();
      const truncated = t >= cfg.episodeSteps;
      if (truncated) started = false;
      return { observation: obs, reward: reward(info), terminated: false, truncated, info };
    },
    linkPositions(out = new Float64Array(2 * n)) {
      const x = sim.xpos();
      for (let i = 0; i < n; i++) {
        out[2 * i] = x[3 * (headBody + i)]!;
        out[2 * i + 1] = x[3 * (headBody + i) + 1]!;
      }
      return out;
    },
    close() {
      closed = true;
      sim.free();
    },
  };
}
