/**
 * MuJoCo for Node: loads google-deepmind's official WebAssembly build (npm
 * `mujoco`, bundled `.wasm`, no network) and adapts it to the browser-safe
 * {@link PhysicsBackend} of `src/envs`. The loader entry point changed between
 * releases (google-deepmind/mujoco#2960: `mj_loadXML` here), which is why it
 * sits behind this adapter. Each `load` owns one MjModel + one MjData; `free()`
 * deletes them (Embind objects are not garbage-collected).
 */
import type { MainModule, MjData, MjModel } from 'mujoco';
import { NeuroError, ParseError } from '../util/index.js';
import type { PhysicsBackend, PhysicsObject, PhysicsSim } from '../envs/index.js';

const OBJ_KEYS: Readonly<Record<PhysicsObject, 'mjOBJ_BODY' | 'mjOBJ_JOINT' | 'mjOBJ_SITE' | 'mjOBJ_SENSOR' | 'mjOBJ_ACTUATOR' | 'mjOBJ_GEOM'>> = {
  body: 'mjOBJ_BODY',
  joint: 'mjOBJ_JOINT',
  site: 'mjOBJ_SITE',
  sensor: 'mjOBJ_SENSOR',
  actuator: 'mjOBJ_ACTUATOR',
  geom: 'mjOBJ_GEOM',
};

type ViewKey = 'qpos' | 'qvel' | 'ctrl' | 'sensordata' | 'xpos' | 'mocap_pos';

/** A live view that is re-fetched when heap growth detached it (byteLength 0). */
function viewGetter(data: MjData, key: ViewKey): () => Float64Array {
  let view = data[key] as Float64Array;
  return () => {
    if (view.byteLength === 0 && view.length === 0) view = data[key] as Float64Array;
    return view;
  };
}

let fileCounter = 0;

function compile(mj: MainModule, mjcf: string): MjModel {
  const dir = '/neuromorph';
  if (!mj.FS.analyzePath(dir, false).exists) mj.FS.mkdir(dir);
  const path = `${dir}/model-${fileCounter++}.xml`;
  mj.FS.writeFile(path, mjcf);
  try {
    return mj.MjModel.mj_loadXML(path);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new ParseError('mujoco.load(mjcf)', { what: 'MuJoCo could not compile the MJCF', expected: 'a valid MJCF document', received: msg });
  } finally {
    mj.FS.unlink(path);
  }
}

function simOf(mj: MainModule, model: MjModel): PhysicsSim {
  let data: MjData | null = new mj.MjData(model);
  const d = data;
  const live = (): void => {
    if (data === null) throw new NeuroError('invalid_argument', 'PhysicsSim', { what: 'used after free()', expected: 'a live simulation', received: 'freed' });
  };
  const views = {
    qpos: viewGetter(d, 'qpos'),
    qvel: viewGetter(d, 'qvel'),
    ctrl: viewGetter(d, 'ctrl'),
    sensordata: viewGetter(d, 'sensordata'),
    xpos: viewGetter(d, 'xpos'),
    mocapPos: viewGetter(d, 'mocap_pos'),
  };
  const objType = mj.mjtObj;
  return {
    nq: model.nq,
    nv: model.nv,
    nu: model.nu,
    nbody: model.nbody,
    nsensordata: model.nsensordata,
    timestepS: model.opt.timestep,
    ...views,
    time: () => d.time,
    reset: () => {
      live();
      mj.mj_resetData(model, d);
    },
    forward: () => {
      live();
      mj.mj_forward(model, d);
    },
    step: (n: number) => {
      live();
      for (let k = 0; k < n; k++) mj.mj_step(model, d);
    },
    id: (kind, name) => mj.mj_name2id(model, objType[OBJ_KEYS[kind]].value, name),
    free: () => {
      if (data === null) return;
      data.delete();
      model.delete();
      data = null;
    },
  };
}

let cached: Promise<PhysicsBackend> | undefined;

/**
 * Loads MuJoCo's WebAssembly module (once per thread; later calls share it).
 * @returns a {@link PhysicsBackend} whose `load(mjcf)` compiles a model and allocates its data.
 * @throws whatever the module loader throws when the `.wasm` is missing or the runtime lacks WebAssembly.
 * @example
 * const physics = await loadMujoco();
 * const sim = physics.load(swimmerMjcf(6));
 * sim.step(15);
 * sim.free();
 */
export function loadMujoco(): Promise<PhysicsBackend> {
  // Loaded on first use, not when `neuromorph/node` is imported: the package exports only an
  // ESM `import` condition, which a CommonJS consumer's static require cannot resolve, and a
  // user who wants the datasets should not pay for (or need) the physics engine.
  cached ??= import('mujoco')
    .catch((err: unknown) => {
      throw new NeuroError('not_found', 'loadMujoco()', { what: 'the MuJoCo package could not be loaded', expected: 'npm install mujoco', received: err instanceof Error ? err.message : String(err) });
    })
    .then(({ default: loadMujocoModule }) => loadMujocoModule())
    .then((mj): PhysicsBackend => {
    const version = mj.mj_versionString();
    return Object.freeze({ name: `mujoco-wasm ${version}`, load: (mjcf: string) => simOf(mj, compile(mj, mjcf)) });
    });
  return cached;
}
