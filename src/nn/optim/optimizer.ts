/**
 * Base class of the optimizers: holds the parameter list and a per-parameter
 * state (step count + named moment buffers), updates `param.data` in place from
 * `param.grad`, and saves/restores its state as plain typed arrays so a resumed
 * run is bit-identical to an uninterrupted one.
 */
import { residentArray, residentCopy, setGradStore, type Tensor } from '../../tensor/index.js';
import { ArgumentError, ConfigError, ShapeError } from '../../util/index.js';

/** Per-parameter optimizer state: its own step count and moment buffers. */
export interface ParamState {
  /** Number of updates applied to this parameter (PyTorch's `state['step']`). */
  step: number;
  /** Named buffers, each the parameter's size (e.g. `momentumBuffer`, `expAvg`). */
  buffers: Record<string, Float32Array>;
}

/** Serializable optimizer state (copies). */
export interface OptimizerStateDict {
  /** Optimizer class name, checked on load. */
  readonly type: string;
  /** Learning rate at save time (restored on load, as schedulers change it). */
  readonly lr: number;
  /** One entry per parameter, `null` where no update has happened yet. */
  readonly state: readonly (ParamState | null)[];
}

/**
 * Parameters and state buffers of at least this many floats are resident in the
 * kernels' memory (smaller updates run in JS, where residency buys nothing).
 */
const RESIDENT_MIN = 2048;

/** Checks a numeric option is finite and within `[min, max]` (or below `max` if `maxExclusive`). */
export function checkRange(where: string, v: number, min: number, max = Infinity, maxExclusive = false): number {
  if (!Number.isFinite(v) || v < min || v > max || (maxExclusive && v === max)) {
    throw new ConfigError(where, { what: 'out of range', expected: `${min} <= value ${maxExclusive ? '<' : '<='} ${max}`, received: v });
  }
  return v;
}

/**
 * Common optimizer machinery. Subclasses implement {@link update} for one
 * parameter. Parameters with `requiresGrad` off or no gradient are skipped.
 */
export abstract class Optimizer {
  /** Learning rate; schedulers and users may set it between steps. */
  lr: number;
  /** The optimized parameters, in order. */
  readonly params: readonly Tensor[];
  /** Per-parameter state, `null` until the parameter's first update. */
  protected state: (ParamState | null)[];

  /**
   * @param params parameters to optimize (non-empty, no duplicates)
   * @param lr learning rate, >= 0
   */
  constructor(params: Iterable<Tensor>, lr: number) {
    const name = new.target.name;
    this.params = [...params];
    if (this.params.length === 0) throw new ArgumentError(`${name}(params)`, { what: 'empty parameter list', expected: 'at least one tensor', received: 0 });
    if (new Set(this.params).size !== this.params.length) {
      throw new ArgumentError(`${name}(params)`, { what: 'a parameter appears twice', expected: 'distinct tensors', received: this.params.length });
    }
    this.lr = checkRange(`${name}(opts.lr)`, lr, 0);
    this.state = this.params.map(() => null);
    // Parameters the kernels update move into their memory once, here: the GEMMs
    // and the update then use them in place instead of copying them each step.
    for (const p of this.params) {
      if (p.size < RESIDENT_MIN) continue;
      p.data = residentCopy(p.data);
      // the weight-gradient GEMM writes into this store and the update reads it in place
      setGradStore(p, residentArray(p.size));
    }
  }

  /**
   * Applies one update to `p.data` in place.
   * @param p the parameter
   * @param grad its gradient data (same length)
   * @param st its state, step already incremented
   */
  protected abstract update(p: Tensor, grad: Float32Array, st: ParamState): void;

  /** Names of the buffers a fresh state holds (created zero-filled). */
  protected abstract bufferNames(): readonly string[];

  /** One optimization step over every parameter that has a gradient. */
  step(): void {
    this.params.forEach((p, i) => {
      if (!p.requiresGrad || p.grad === null) return;
      let st = this.state[i];
      if (st === null || st === undefined) {
        st = { step: 0, buffers: Object.fromEntries(this.bufferNames().map((b) => [b, p.size >= RESIDENT_MIN ? residentArray(p.size) : new Float32Array(p.size)])) };
        this.state[i] = st;
      }
      st.step += 1;
      this.update(p, p.grad.data, st);
    });
  }

  /** Clears the gradients of all parameters (`grad = null`). */
  zeroGrad(): void {
    for (const p of this.params) p.zeroGrad();
  }

  /** @returns a deep copy of the state (typed arrays copied) */
  stateDict(): OptimizerStateDict {
    return {
      type: this.constructor.name,
      lr: this.lr,
      state: this.state.map((s) => (s === null ? null : { step: s.step, buffers: copyBuffers(s.buffers, false) })),
    };
  }

  /**
   * Restores a state saved by {@link stateDict} (copies it).
   * @param sd the saved state, for the same parameter list
   */
  loadStateDict(sd: OptimizerStateDict): void {
    const where = `${this.constructor.name}.loadStateDict(sd)`;
    if (sd.type !== this.constructor.name) throw new ArgumentError(where, { what: 'optimizer type differs', expected: this.constructor.name, received: sd.type });
    if (sd.state.length !== this.params.length) throw new ShapeError(where, { what: 'parameter count differs', expected: this.params.length, received: sd.state.length });
    const names = [...this.bufferNames()].sort();
    sd.state.forEach((s, i) => {
      if (s === null) return;
      const got = Object.keys(s.buffers).sort();
      if (got.join() !== names.join()) throw new ArgumentError(`${where}.state[${i}]`, { what: 'buffer names differ', expected: names, received: got });
      for (const b of got) {
        if (s.buffers[b]!.length !== this.params[i]!.size) {
          throw new ShapeError(`${where}.state[${i}].${b}`, { what: 'buffer length differs', expected: this.params[i]!.size, received: s.buffers[b]!.length });
        }
      }
    });
    this.lr = sd.lr;
    this.state = sd.state.map((s) => (s === null ? null : { step: s.step, buffers: copyBuffers(s.buffers, true) }));
  }
}

/** Copies of the buffers: plain arrays for a saved state, resident ones (where large) for a loaded one. */
function copyBuffers(b: Record<string, Float32Array>, resident: boolean): Record<string, Float32Array> {
  return Object.fromEntries(Object.entries(b).map(([k, v]) => [k, resident && v.length >= RESIDENT_MIN ? residentCopy(new Float32Array(v)) : new Float32Array(v)]));
}
