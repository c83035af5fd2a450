/**
 * The physics boundary (STYLE §3): the swimmer env talks to MuJoCo only through
 * {@link PhysicsBackend}, so `src/` stays browser-safe and engine-agnostic. The
 * Node adapter (`loadMujoco()` in `neuromorph/node`) wraps google-deepmind's
 * official WebAssembly build; a browser page can wrap the same package.
 * Arrays returned by {@link PhysicsSim} are live views into engine memory:
 * read them after `step`, write `ctrl` before it, and never keep them across
 * allocations (the adapter re-fetches views that a heap growth detached).
 */

/** MuJoCo object kinds the env looks up by name. */
export type PhysicsObject = 'body' | 'joint' | 'site' | 'sensor' | 'actuator' | 'geom';

/** One compiled model with one simulation state (MuJoCo's mjModel + mjData). */
export interface PhysicsSim {
  /** Position coordinates. */
  readonly nq: number;
  /** Degrees of freedom. */
  readonly nv: number;
  /** Actuators. */
  readonly nu: number;
  /** Bodies, world included. */
  readonly nbody: number;
  /** Length of `sensordata()`. */
  readonly nsensordata: number;
  /** Physics timestep in seconds (the MJCF `<option timestep>`). */
  readonly timestepS: number;
  /** Generalized positions, live view `[nq]`. */
  qpos(): Float64Array;
  /** Generalized velocities, live view `[nv]`. */
  qvel(): Float64Array;
  /** Actuator controls, live view `[nu]` (write before `step`). */
  ctrl(): Float64Array;
  /** Sensor readings, live view `[nsensordata]`. */
  sensordata(): Float64Array;
  /** Body positions in metres, live view `[nbody * 3]` row-major. */
  xpos(): Float64Array;
  /** Mocap body positions, live view `[nmocap * 3]`. */
  mocapPos(): Float64Array;
  /** Simulation time in seconds. */
  time(): number;
  /** Resets the state to the model defaults (mj_resetData). */
  reset(): void;
  /** Recomputes derived quantities (positions, sensors) from qpos/qvel (mj_forward). */
  forward(): void;
  /** Advances `n` physics steps (mj_step). */
  step(n: number): void;
  /** The id of a named object, or -1 when absent. */
  id(kind: PhysicsObject, name: string): number;
  /** Frees the engine memory; the sim is unusable afterwards. Idempotent. */
  free(): void;
}

/** A physics engine that compiles MJCF documents. */
export interface PhysicsBackend {
  /** A short name with the engine version, e.g. `mujoco-wasm 3.1.16`. */
  readonly name: string;
  /**
   * Compiles an MJCF XML document into a simulation.
   * @param mjcf the XML text (no external assets).
   * @throws NeuroError `parse_error` with the engine's message when compilation fails.
   */
  load(mjcf: string): PhysicsSim;
}

/** A pool of threads, each with its own physics engine, running one task function. */
export interface PhysicsPool<T, R> {
  /** Number of worker threads (0: tasks run in the calling thread). */
  readonly workers: number;
  /** Runs every task; results come back in task order whatever the thread count. */
  map(tasks: readonly T[]): Promise<R[]>;
  /** Stops the threads. Idempotent. */
  close(): Promise<void>;
}

/**
 * Where a task function lives: an ES module (URL) and the name of an export with
 * the signature `(backend: PhysicsBackend, task: T) => R`. Tasks and results
 * must survive structured cloning (plain objects, arrays, typed arrays).
 */
export interface PhysicsTaskRef {
  /** `import.meta.url`-style URL of the module. */
  readonly module: string;
  /** The exported function's name. */
  readonly name: string;
}

/**
 * Supplies physics to experiment runs (`ctx.physics`), the way `ctx.datasets`
 * supplies data: the Node CLI passes `nodePhysics()` from `neuromorph/node`.
 */
export interface PhysicsProvider {
  /** A backend in the calling thread (the engine is loaded once and cached). */
  backend(): Promise<PhysicsBackend>;
  /**
   * A pool of `workers` threads running `task` (0 → in the calling thread).
   * @param task the module and export to run on each task.
   * @param workers thread count, an integer ≥ 0.
   */
  pool<T, R>(task: PhysicsTaskRef, workers: number): Promise<PhysicsPool<T, R>>;
}
