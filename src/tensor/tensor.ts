/**
 * The `Tensor` class and the reverse-mode tape. Every op creates its result
 * through {@link makeOp}, handing over a backward closure (micrograd style):
 * forward and backward live in the same function. `backward()` sorts the graph
 * topologically and accumulates gradients; like PyTorch, only leaves with
 * `requiresGrad` keep `.grad`, intermediate gradients are freed as soon as
 * they have been propagated.
 *
 * Op methods (`x.add(y)`, `x.sum(1, true)`, ...) are attached to the prototype
 * in `methods.ts`, which keeps this file free of import cycles.
 */
import { ArgumentError, NonFiniteError, ShapeError } from '../util/index.js';
import { sizeOf, type Shape } from './shape.js';
import { formatValues, type FormatOptions } from './format.js';

/**
 * Backward closure of an op: receives the gradient of the op's output (length =
 * output size, must not be mutated) and returns one gradient buffer per parent
 * (length = parent size) or `null` where a parent gets no gradient. Returned
 * buffers are read, never mutated, by the engine, so a closure may return
 * `gradOut` itself or share one buffer between parents.
 */
export type BackwardFn = (gradOut: Float32Array) => readonly (Float32Array | null)[];

let gradEnabled = true;
let checkFiniteOn = false;
/** Backward passes completed since the finite check was switched on: the step its messages name. Counted only while on. */
let backwardPasses = 0;
const NO_PARENTS: readonly Tensor[] = Object.freeze([]);
/** Gradient buffers a backward closure handed over for good (see {@link handOver}). */
const handedOver = new WeakSet<Float32Array>();

/**
 * Marks a gradient buffer that a backward closure allocated for this one return
 * and keeps no reference to: the engine may then keep it as a leaf's `.grad` or
 * add into it in place, instead of copying it first (a weight gradient is the
 * largest buffer of a training step). Returning a marked buffer for two parents,
 * or reading it after returning, is a bug.
 * @param buf a freshly allocated gradient
 * @returns buf
 */
export function handOver(buf: Float32Array): Float32Array {
  handedOver.add(buf);
  return buf;
}

/**
 * Gives `t` a reusable gradient buffer (optimizers do, with storage resident in
 * the kernel memory, so the weight-gradient GEMM writes where the update reads).
 * @param t a leaf
 * @param store `t.size` floats, or null to remove it
 */
export function setGradStore(t: Tensor, store: Float32Array | null): void {
  if (store !== null && store.length !== t.size) throw new ShapeError('setGradStore(t, store)', { what: 'store length differs from the tensor size', expected: t.size, received: store.length });
  t._gradStore = store;
  t._gradStoreFree = store !== null && t.grad === null;
}

/**
 * A buffer for `t`'s gradient in a backward closure: its store when it has a free
 * one (taken until the next `zeroGrad`, handed over so it becomes `.grad` without a
 * copy), else a fresh array. Contents are unspecified: the caller overwrites all of it.
 * @param t the parent the gradient is for
 * @returns `t.size` floats
 */
export function gradStore(t: Tensor): Float32Array {
  if (t._gradStore === null || !t._gradStoreFree || t.grad !== null) return new Float32Array(t.size);
  t._gradStoreFree = false;
  return handOver(t._gradStore);
}

/** @returns whether ops currently record the tape (false inside {@link noGrad}). */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Runs `fn` with the tape off: results do not require grad and nothing is recorded.
 * @param fn the computation (e.g. an optimizer step or evaluation).
 * @returns whatever `fn` returns.
 */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/**
 * Turns the finite-value check on or off (off by default; tests turn it on; the
 * CLI's `--check-finite` or `NEUROMORPH_CHECK_FINITE=1`). When on, every op result
 * and every gradient `backward()` computes is scanned, and a NaN/Inf throws
 * `NonFiniteError` whose path names the op, its inputs and their shapes, e.g.
 * `log(probs [32, 10])`, which inputs were already non-finite, and the step: one
 * training step is one `backward()`, so an op result says `at step 38 (after 37
 * backward passes since the check was enabled)` and a gradient `in backward pass 38`.
 * Switching it on restarts that count; while off nothing is counted or scanned.
 * @param on the new setting.
 */
export function setCheckFinite(on: boolean): void {
  checkFiniteOn = on;
  if (on) backwardPasses = 0;
}

/** @returns the current finite-check setting. */
export function getCheckFinite(): boolean {
  return checkFiniteOn;
}

/** A dense float32 array with a shape and an optional place on the autodiff tape. */
export class Tensor {
  /** Contiguous row-major storage, length `size`; optimizers mutate it in place. */
  data: Float32Array;
  /** Size per axis, outermost first; `[]` for a scalar. */
  readonly shape: readonly number[];
  /** Number of elements (product of shape; 1 for a scalar). */
  readonly size: number;
  /** Number of axes. */
  readonly ndim: number;
  /** Whether gradients flow to this tensor (set on leaves; inferred for op results). */
  requiresGrad: boolean;
  /** Gradient accumulated by `backward()` (leaves only), same shape as this tensor. */
  grad: Tensor | null = null;
  /** Optional name used in error messages. */
  name?: string;
  /** @internal inputs of the op that made this tensor (empty for leaves). */
  _parents: readonly Tensor[] = NO_PARENTS;
  /** @internal backward closure; null for leaves and untracked results. */
  _backward: BackwardFn | null = null;
  /** @internal op name, for error messages. */
  _op = 'leaf';
  /** @internal reusable gradient buffer (see {@link gradStore}); null: none */
  _gradStore: Float32Array | null = null;
  /** @internal whether the store may be handed out (cleared when taken, set by zeroGrad) */
  _gradStoreFree = false;

  /**
   * Wraps a buffer (not copied). Prefer the creation functions (`tensor`, `zeros`, ...).
   * @param data storage of length `sizeOf(shape)`.
   * @param shape sizes per axis.
   * @param requiresGrad mark as a trainable leaf.
   */
  constructor(data: Float32Array, shape: Shape, requiresGrad = false) {
    const size = sizeOf(shape);
    if (data.length !== size) {
      throw new ShapeError('new Tensor(data, shape)', { what: 'data length does not match shape', expected: size, received: data.length });
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.size = size;
    this.ndim = shape.length;
    this.requiresGrad = requiresGrad;
  }

  /**
   * Backpropagates from this tensor, adding into `.grad` of every leaf that requires grad.
   * @param grad gradient of some scalar w.r.t. this tensor, same shape; omit for a one-element tensor (seed 1).
   */
  backward(grad?: Tensor): void {
    runBackward(this, grad);
  }

  /** @returns a leaf sharing this tensor's data, cut from the tape (no grad). */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  /**
   * Drops the accumulated gradient (`grad = null`). Where an optimizer gave this
   * tensor a gradient store ({@link gradStore}), the next `backward()` writes the
   * new gradient into that same buffer, so a `grad` tensor kept from before this
   * call changes then (as with PyTorch's in-place `zero_grad(set_to_none=False)`):
   * copy it to keep it.
   */
  zeroGrad(): void {
    this.grad = null;
    this._gradStoreFree = true;
  }

  /** @returns the single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new ShapeError('Tensor.item()', { what: 'tensor has more than one element', expected: 'size 1', received: this.shape });
    return this.data[0];
  }

  /** @returns a flat copy of the values as plain numbers. */
  toArray(): number[] {
    return Array.from(this.data);
  }

  /** @returns a copy with its own data; differentiable like `torch.clone` (use `detach().clone()` for a plain copy). */
  clone(): Tensor {
    return makeOp('clone', this.data.slice(), this.shape, [this], (g) => [g]);
  }

  /** @returns e.g. `Tensor([2, 3])` (shape and name only; {@link Tensor.format} shows the values). */
  toString(): string {
    return `Tensor([${this.shape.join(', ')}]${this.name === undefined ? '' : ` "${this.name}"`})`;
  }

  /**
   * The values as PyTorch prints them, summarised when large, with the shape and flags:
   * `tensor([[0.1000, 0.2000], …], shape=[2, 2], requiresGrad=true)`. `console.log(t)` in Node prints this.
   */
  format(opts: FormatOptions = {}): string {
    const body = formatValues(this.data, this.shape, opts).split('\n').join('\n       ');
    const extra = [`shape=[${this.shape.join(', ')}]`, ...(this.requiresGrad ? ['requiresGrad=true'] : []), ...(this.name !== undefined ? [`name=${JSON.stringify(this.name)}`] : [])];
    return `tensor(${body}, ${extra.join(', ')})`;
  }

  /** Node's `util.inspect` / `console.log` hook (a plain symbol: nothing Node-only is imported). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.format();
  }
}

function argLabel(p: Tensor, i: number, n: number): string {
  if (p.name !== undefined) return p.name;
  return n === 1 ? 'x' : String.fromCharCode(97 + (i % 26));
}

function argList(parents: readonly Tensor[]): string {
  return parents.map((p, j) => `${argLabel(p, j, parents.length)} [${p.shape.join(', ')}]`).join(', ');
}

/** When a non-finite value appeared, counted in backward passes since the check was switched on. */
function stepText(pass: 'forward' | 'backward'): string {
  const n = backwardPasses;
  if (pass === 'backward') return `in backward pass ${n + 1} since the check was enabled`;
  return `at step ${n + 1} (after ${n} backward pass${n === 1 ? '' : 'es'} since the check was enabled)`;
}

function scanFinite(op: string, out: Float32Array, parents: readonly Tensor[], what = 'result', pass: 'forward' | 'backward' = 'forward'): void {
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    if (v - v !== 0) {
      // Which inputs were already non-finite tells where the problem started.
      const bad = parents.filter((p) => p.data.some((x) => x - x !== 0)).map((p, j) => argLabel(p, j, parents.length));
      const path = `${op}(${argList(parents)})`;
      const inputs = bad.length ? ` (non-finite input: ${bad.join(', ')})` : ' (all inputs finite)';
      throw new NonFiniteError(path, { what: `${what} has ${v} at index ${i}${inputs} ${stepText(pass)}`, expected: 'finite values' });
    }
  }
}

/**
 * Creates an op result and records it on the tape when grad mode is on and some
 * parent requires grad. Internal building block of every op.
 * @param op op name (for error messages).
 * @param data result storage (owned by the result from now on).
 * @param shape result shape.
 * @param parents op inputs, in the order `backward` returns their gradients.
 * @param backward the backward closure.
 * @returns the result tensor.
 */
export function makeOp(op: string, data: Float32Array, shape: Shape, parents: readonly Tensor[], backward: BackwardFn): Tensor {
  const t = new Tensor(data, shape);
  if (checkFiniteOn) scanFinite(op, data, parents);
  if (gradEnabled) {
    for (const p of parents) {
      if (p.requiresGrad) {
        t.requiresGrad = true;
        t._parents = parents;
        t._backward = backward;
        t._op = op;
        break;
      }
    }
  }
  return t;
}

/** Post-order DFS without recursion (graphs of unrolled dynamics can be deep). */
function topoSort(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>([root]);
  const stack: Tensor[] = [root];
  const next: number[] = [0];
  while (stack.length > 0) {
    const t = stack[stack.length - 1];
    const i = next[next.length - 1];
    if (i < t._parents.length) {
      next[next.length - 1] = i + 1;
      const p = t._parents[i];
      if (p.requiresGrad && !seen.has(p)) {
        seen.add(p);
        stack.push(p);
        next.push(0);
      }
    } else {
      order.push(t);
      stack.pop();
      next.pop();
    }
  }
  return order;
}

interface GradSlot {
  buf: Float32Array;
  /** true when the engine allocated `buf` and may add into it in place */
  owned: boolean;
}

function accumulate(slots: Map<Tensor, GradSlot>, t: Tensor, g: Float32Array): void {
  const slot = slots.get(t);
  if (slot === undefined) {
    slots.set(t, { buf: g, owned: handedOver.delete(g) });
    return;
  }
  if (!slot.owned) {
    const sum = new Float32Array(g.length);
    const b = slot.buf;
    for (let i = 0; i < sum.length; i++) sum[i] = b[i] + g[i];
    slot.buf = sum;
    slot.owned = true;
    return;
  }
  const b = slot.buf;
  for (let i = 0; i < b.length; i++) b[i] += g[i];
}

function runBackward(root: Tensor, grad: Tensor | undefined): void {
  if (!root.requiresGrad) {
    throw new ArgumentError('Tensor.backward()', { what: 'tensor does not require grad', expected: 'a result of ops on tensors with requiresGrad', received: root.toString() });
  }
  let seed: Float32Array;
  if (grad === undefined) {
    if (root.size !== 1) throw new ShapeError('Tensor.backward()', { what: 'implicit gradient needs a one-element tensor', expected: 'size 1 or an explicit grad', received: root.shape });
    seed = new Float32Array([1]);
  } else {
    if (grad.size !== root.size) throw new ShapeError('Tensor.backward(grad)', { what: 'grad shape differs', expected: root.shape, received: grad.shape });
    seed = grad.data;
  }
  const order = topoSort(root);
  const slots = new Map<Tensor, GradSlot>([[root, { buf: seed, owned: false }]]);
  for (let k = order.length - 1; k >= 0; k--) {
    const t = order[k];
    const slot = slots.get(t);
    if (slot === undefined) continue;
    slots.delete(t);
    if (t._backward === null) {
      if (t.grad === null) t.grad = new Tensor(slot.owned ? slot.buf : slot.buf.slice(), t.shape);
      else {
        const d = t.grad.data;
        const g = slot.buf;
        for (let i = 0; i < d.length; i++) d[i] += g[i];
      }
      continue;
    }
    const gs = t._backward(slot.buf);
    const ps = t._parents;
    if (checkFiniteOn) {
      gs.forEach((g, i) => {
        if (g) scanFinite(`backward of ${t._op}`, g, ps, `the gradient for argument ${argLabel(ps[i]!, i, ps.length)}`, 'backward');
      });
    }
    for (let i = 0; i < ps.length; i++) {
      const g = gs[i];
      if (g !== null && g !== undefined && ps[i].requiresGrad) accumulate(slots, ps[i], g);
    }
  }
  // A pass that threw is not counted: the next failure still names the step it belongs to.
  if (checkFiniteOn) backwardPasses++;
}
