/**
 * `Module`: a named tree of parameters, PyTorch style.
 *
 * Design: parameters and children are discovered from a module's own enumerable
 * properties, in insertion order (class fields in declaration order), so a subclass
 * only declares fields:
 * - a `Tensor` property is a parameter, unless it was registered with
 *   {@link Module.registerBuffer} (then it is a buffer: saved in the state dict,
 *   not returned by `parameters()`, not trained);
 * - an array of `Tensor`s is a list of parameters named `name.0`, `name.1`, …;
 * - a `Module` property is a child; an array of `Module`s is a list of children
 *   named `name.0`, `name.1`, … ;
 * - anything else (numbers, `null` bias, an `Rng`) is ignored.
 * Names are dotted paths like PyTorch's (`0.weight`, `fc1.bias`), so state dicts
 * line up with `torch.nn.Module.state_dict()` for the same architecture.
 */
import { Tensor } from '../tensor/index.js';
import { NeuroError, ShapeError } from '../util/index.js';

/** One saved tensor: its shape and a copy of its data, as plain typed arrays. */
export interface TensorRecord {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** A state dict: dotted parameter/buffer name → shape and data. */
export type StateDict = Record<string, { shape: number[]; data: Float32Array }>;

/** What {@link Module.loadStateDict} did not match (only non-empty with `strict: false`). */
export interface LoadStateDictResult {
  readonly missingKeys: string[];
  readonly unexpectedKeys: string[];
}

/**
 * Thrown by a strict {@link Module.loadStateDict} when keys differ; lists both sides.
 * Code `unknown_key`.
 */
export class StateDictKeyError extends NeuroError {
  /** Keys the module has but the state dict lacks. */
  readonly missingKeys: readonly string[];
  /** Keys the state dict has but the module lacks. */
  readonly unexpectedKeys: readonly string[];

  /**
   * @param path where the load happened
   * @param missingKeys keys absent from the state dict
   * @param unexpectedKeys keys the module does not have
   */
  constructor(path: string, missingKeys: readonly string[], unexpectedKeys: readonly string[]) {
    super('unknown_key', path, {
      what: `state dict keys differ (missing: ${missingKeys.join(', ') || 'none'}; unexpected: ${unexpectedKeys.join(', ') || 'none'})`,
      expected: missingKeys,
      received: unexpectedKeys,
    });
    this.missingKeys = missingKeys;
    this.unexpectedKeys = unexpectedKeys;
  }
}

/** A module of any input/output signature (what containers and walks accept). */
export type AnyModule = Module<unknown[], unknown>;

/**
 * Base class of every layer. Subclasses declare their parameters and children as
 * fields and implement `forward`.
 *
 * @typeParam In the argument list of `forward` (default one tensor)
 * @typeParam Out what `forward` returns (default a tensor)
 * @example
 * class Mlp extends Module {
 *   fc1 = new Linear(4, 8, { rng });
 *   fc2 = new Linear(8, 2, { rng });
 *   forward(x: Tensor) { return this.fc2.forward(relu(this.fc1.forward(x))); }
 * }
 * new Mlp().namedParameters().map(([n]) => n); // ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
 */
export abstract class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  /** True in training mode (dropout active); set by {@link train} / {@link eval}. */
  training = true;
  /** Names of own tensor properties that are buffers, not parameters (private: not a discovered property). */
  readonly #buffers = new Set<string>();

  /**
   * Runs the module.
   * @param inputs see each subclass for shapes
   * @returns see each subclass
   */
  abstract forward(...inputs: In): Out;

  /**
   * Stores `value` as property `name` and marks it as a buffer: saved in the state
   * dict but not a parameter (e.g. running statistics, fixed masks).
   * @param name property name
   * @param value the buffer tensor
   * @returns the buffer
   */
  protected registerBuffer(name: string, value: Tensor): Tensor {
    this.#buffers.add(name);
    (this as unknown as Record<string, unknown>)[name] = value;
    return value;
  }

  /**
   * Direct children with their property names, in insertion order.
   * @returns `[name, child]` pairs (array elements are named `name.i`)
   */
  namedChildren(): [string, AnyModule][] {
    const out: [string, AnyModule][] = [];
    for (const [key, v] of Object.entries(this)) {
      if (v instanceof Module) out.push([key, v as AnyModule]);
      else if (Array.isArray(v)) v.forEach((el, i) => el instanceof Module && out.push([`${key}.${i}`, el as AnyModule]));
    }
    return out;
  }

  /** @returns the direct children, in insertion order */
  children(): AnyModule[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /**
   * This module and all descendants, depth first, with dotted names (`''` for this one).
   * @param prefix prepended to every name
   * @returns `[name, module]` pairs
   */
  namedModules(prefix = ''): [string, AnyModule][] {
    const out: [string, AnyModule][] = [[prefix, this as unknown as AnyModule]];
    for (const [name, child] of this.namedChildren()) out.push(...child.namedModules(join(prefix, name)));
    return out;
  }

  /** Own tensors (not recursing): `[name, tensor, isBuffer]`. */
  private ownTensors(): [string, Tensor, boolean][] {
    const out: [string, Tensor, boolean][] = [];
    for (const [key, v] of Object.entries(this)) {
      if (v instanceof Tensor) out.push([key, v, this.#buffers.has(key)]);
      else if (Array.isArray(v)) v.forEach((el, i) => el instanceof Tensor && out.push([`${key}.${i}`, el, false]));
    }
    return out;
  }

  /** Walks all tensors of the tree once each (shared tensors keep their first name). */
  private walkTensors(kind: 'parameters' | 'buffers' | 'all'): [string, Tensor][] {
    const seen = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, t, isBuffer] of (m as unknown as Module).ownTensors()) {
        if (seen.has(t) || (kind === 'parameters' && isBuffer) || (kind === 'buffers' && !isBuffer)) continue;
        seen.add(t);
        out.push([join(prefix, name), t]);
      }
    }
    return out;
  }

  /** @returns every parameter with its dotted name, depth first, each tensor once */
  namedParameters(): [string, Tensor][] {
    return this.walkTensors('parameters');
  }

  /** @returns every parameter (frozen ones included, like PyTorch), each once */
  parameters(): Tensor[] {
    return this.walkTensors('parameters').map(([, t]) => t);
  }

  /** @returns every registered buffer with its dotted name */
  namedBuffers(): [string, Tensor][] {
    return this.walkTensors('buffers');
  }

  /**
   * Counts scalar parameters.
   * @param which `'all'` or only `'trainable'` (requiresGrad) ones
   * @returns the total number of elements
   */
  numParameters(which: 'all' | 'trainable' = 'all'): number {
    return this.parameters().reduce((n, p) => n + (which === 'all' || p.requiresGrad ? p.size : 0), 0);
  }

  /**
   * A table of the module tree: one row per module (dotted name, class, its own
   * parameters' shapes and count), then the totals, trainable and frozen, like
   * Keras' `summary()` / torchinfo. Shared tensors count once, under their first name.
   * @example
   * console.log(new Sequential(new Linear(784, 64), new ReLU(), new Linear(64, 10)).summary());
   */
  summary(): string {
    const seen = new Set<Tensor>();
    const rows: string[][] = [];
    let trainable = 0;
    let frozen = 0;
    for (const [name, m] of this.namedModules()) {
      const own = (m as unknown as Module).ownTensors().filter(([, t, isBuffer]) => !isBuffer && !seen.has(t));
      own.forEach(([, t]) => seen.add(t));
      const count = own.reduce((n, [, t]) => n + t.size, 0);
      for (const [, t] of own) {
        if (t.requiresGrad) trainable += t.size;
        else frozen += t.size;
      }
      const shapes = own.map(([k, t]) => `${k} [${t.shape.join(', ')}]${t.requiresGrad ? '' : ' (frozen)'}`).join(', ');
      rows.push([name === '' ? '(root)' : name, m.constructor.name, shapes, count ? count.toLocaleString('en-US') : '']);
    }
    const header = ['module', 'type', 'parameters', 'count'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: readonly string[]): string => r.map((c, i) => (i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
    const total = trainable + frozen;
    return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), '', `total ${total.toLocaleString('en-US')} parameters: ${trainable.toLocaleString('en-US')} trainable, ${frozen.toLocaleString('en-US')} frozen`].join('\n');
  }

  /** Turns gradients off for every parameter (`requiresGrad = false`). @returns this */
  freeze(): this {
    for (const p of this.parameters()) p.requiresGrad = false;
    return this;
  }

  /** Turns gradients back on for every parameter. @returns this */
  unfreeze(): this {
    for (const p of this.parameters()) p.requiresGrad = true;
    return this;
  }

  /** Sets training mode on this module and all descendants. @returns this */
  train(): this {
    for (const [, m] of this.namedModules()) m.training = true;
    return this;
  }

  /** Sets evaluation mode (dropout off) on this module and all descendants. @returns this */
  eval(): this {
    for (const [, m] of this.namedModules()) m.training = false;
    return this;
  }

  /** Clears every parameter's gradient (`grad = null`). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /**
   * A snapshot of all parameters and buffers as plain typed arrays (copies).
   * Layouts follow PyTorch (e.g. Linear weight `[out, in]`).
   * @returns dotted name → `{ shape, data }`
   */
  stateDict(): StateDict {
    const sd: StateDict = {};
    for (const [name, t] of this.walkTensors('all')) sd[name] = { shape: [...t.shape], data: new Float32Array(t.data) };
    return sd;
  }

  /**
   * Copies a state dict into this module's tensors in place (so optimizers holding
   * the parameters keep working). All checks run before anything is copied.
   * @param sd dotted name → `{ shape, data }`, e.g. from {@link stateDict} or a safetensors file
   * @param opts `strict` (default true): throw {@link StateDictKeyError} when keys differ
   * @returns the missing and unexpected keys (empty when strict)
   * @throws ShapeError when a tensor's shape or data length differs
   */
  loadStateDict(sd: Readonly<Record<string, TensorRecord>>, opts: { strict?: boolean } = {}): LoadStateDictResult {
    const where = `${this.constructor.name}.loadStateDict(sd)`;
    const own = this.walkTensors('all');
    const ownNames = new Set(own.map(([n]) => n));
    const missingKeys = own.map(([n]) => n).filter((n) => !Object.hasOwn(sd, n));
    const unexpectedKeys = Object.keys(sd).filter((n) => !ownNames.has(n));
    if ((opts.strict ?? true) && (missingKeys.length > 0 || unexpectedKeys.length > 0)) {
      throw new StateDictKeyError(where, missingKeys, unexpectedKeys);
    }
    const present = own.filter(([n]) => Object.hasOwn(sd, n));
    for (const [name, t] of present) {
      const rec = sd[name]!;
      const sameShape = rec.shape.length === t.shape.length && rec.shape.every((d, i) => d === t.shape[i]);
      if (!sameShape || rec.data.length !== t.size) {
        throw new ShapeError(`${where}["${name}"]`, { expected: t.shape, received: sameShape ? `data of length ${rec.data.length}` : rec.shape });
      }
    }
    for (const [name, t] of present) t.data.set(sd[name]!.data);
    return { missingKeys, unexpectedKeys };
  }
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}
