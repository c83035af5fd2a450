/** Broadcasting binary ops: add, sub, mul, div, pow, maximum, minimum, where. */
import { makeOp, Tensor } from '../tensor.js';
import { at, mapBinary, planBroadcast, unbroadcast, type BroadcastPlan } from './broadcast.js';
import { addLoop, mulLoop, subLoop } from './elementwise.js';

/** A tensor or a plain number (treated as a scalar constant). */
export type Operand = Tensor | number;

/** @internal wraps a number as a scalar constant. */
export function asTensor(x: Operand): Tensor {
  return typeof x === 'number' ? new Tensor(new Float32Array([x]), []) : x;
}

/** Per-element partial: (x, y, out, gOut) -> gradient contribution for one operand. */
type Partial = (x: number, y: number, out: number, g: number) => number;

function partialGrad(A: Float32Array, B: Float32Array, out: Float32Array, g: Float32Array, plan: BroadcastPlan, d: Partial): Float32Array {
  const [ma, mb] = plan.maps;
  const full = new Float32Array(plan.size);
  for (let i = 0; i < full.length; i++) full[i] = d(A[at(ma, i)], B[at(mb, i)], out[i], g[i]);
  return full;
}

function binary(op: string, a: Operand, b: Operand, f: (x: number, y: number) => number, da: Partial, db: Partial): Tensor {
  const A = asTensor(a);
  const B = asTensor(b);
  const plan = planBroadcast([A.shape, B.shape], `${op}(a, b)`);
  const out = mapBinary(A.data, B.data, plan, f);
  return makeOp(op, out, plan.shape, [A, B], (g) => [
    A.requiresGrad ? unbroadcast(partialGrad(A.data, B.data, out, g, plan, da), plan.shape, A.shape) : null,
    B.requiresGrad ? unbroadcast(partialGrad(A.data, B.data, out, g, plan, db), plan.shape, B.shape) : null,
  ]);
}

/**
 * Elementwise `a + b` with broadcasting.
 * @param a tensor or number.
 * @param b tensor or number; shapes broadcast like PyTorch (e.g. `[3, 4] + [4]`).
 * @returns the broadcast sum.
 */
export function add(a: Operand, b: Operand): Tensor {
  const A = asTensor(a);
  const B = asTensor(b);
  const plan = planBroadcast([A.shape, B.shape], 'add(a, b)');
  const out = addLoop(A.data, B.data, plan) ?? mapBinary(A.data, B.data, plan, (x, y) => x + y);
  return makeOp('add', out, plan.shape, [A, B], (g) => [
    A.requiresGrad ? unbroadcast(g, plan.shape, A.shape) : null,
    B.requiresGrad ? unbroadcast(g, plan.shape, B.shape) : null,
  ]);
}

/**
 * Elementwise `a - b` with broadcasting.
 * @returns the broadcast difference.
 */
export function sub(a: Operand, b: Operand): Tensor {
  const A = asTensor(a);
  const B = asTensor(b);
  const plan = planBroadcast([A.shape, B.shape], 'sub(a, b)');
  const out = subLoop(A.data, B.data, plan) ?? mapBinary(A.data, B.data, plan, (x, y) => x - y);
  return makeOp('sub', out, plan.shape, [A, B], (g) => {
    let gb: Float32Array | null = null;
    if (B.requiresGrad) {
      const u = unbroadcast(g, plan.shape, B.shape);
      gb = new Float32Array(u.length);
      for (let i = 0; i < u.length; i++) gb[i] = -u[i];
    }
    return [A.requiresGrad ? unbroadcast(g, plan.shape, A.shape) : null, gb];
  });
}

/**
 * Elementwise `a * b` with broadcasting.
 * @returns the broadcast product.
 */
export function mul(a: Operand, b: Operand): Tensor {
  const A = asTensor(a);
  const B = asTensor(b);
  const plan = planBroadcast([A.shape, B.shape], 'mul(a, b)');
  const out = mulLoop(A.data, B.data, plan);
  if (out === null) return binary('mul', A, B, (x, y) => x * y, (_x, y, _o, g) => g * y, (x, _y, _o, g) => g * x);
  return makeOp('mul', out, plan.shape, [A, B], (g) => [
    // d/da = g·b, d/db = g·a: the same product loop, then summed over broadcast axes
    A.requiresGrad ? unbroadcast(mulLoop(g, B.data, withFull(plan, 0)) as Float32Array, plan.shape, A.shape) : null,
    B.requiresGrad ? unbroadcast(mulLoop(A.data, g, withFull(plan, 1)) as Float32Array, plan.shape, B.shape) : null,
  ]);
}

/** The plan with operand `i` replaced by a full-size buffer (the gradient). */
function withFull(plan: BroadcastPlan, i: 0 | 1): BroadcastPlan {
  return { shape: plan.shape, size: plan.size, maps: i === 0 ? [plan.size, plan.maps[1]] : [plan.maps[0], plan.size] };
}

/**
 * Elementwise `a / b` with broadcasting.
 * @returns the broadcast quotient.
 */
export function div(a: Operand, b: Operand): Tensor {
  return binary('div', a, b, (x, y) => x / y, (_x, y, _o, g) => g / y, (x, y, _o, g) => (-g * x) / (y * y));
}

/**
 * Elementwise power `a ** b`; `b` may be a number (the common case) or a tensor.
 * With a tensor exponent, d/db = a^b·ln(a) needs `a > 0`.
 * @param a base.
 * @param exponent number or broadcastable tensor.
 * @returns `a ** exponent`.
 */
export function pow(a: Tensor, exponent: Operand): Tensor {
  if (typeof exponent === 'number') {
    const p = exponent;
    const X = a.data;
    const out = new Float32Array(a.size);
    for (let i = 0; i < out.length; i++) out[i] = Math.pow(X[i], p);
    return makeOp('pow', out, a.shape, [a], (g) => {
      const gx = new Float32Array(g.length);
      for (let i = 0; i < g.length; i++) gx[i] = p === 0 ? 0 : g[i] * p * Math.pow(X[i], p - 1);
      return [gx];
    });
  }
  return binary('pow', a, exponent, Math.pow, (x, y, _o, g) => (y === 0 ? 0 : g * y * Math.pow(x, y - 1)), (x, y, _o, g) => g * Math.pow(x, y) * Math.log(x));
}

/**
 * Elementwise maximum with broadcasting; at ties each side gets half the gradient (as PyTorch).
 * @returns `max(a, b)` per element.
 */
export function maximum(a: Operand, b: Operand): Tensor {
  return binary('maximum', a, b, (x, y) => (x >= y ? x : y), (x, y, _o, g) => (x > y ? g : x === y ? g / 2 : 0), (x, y, _o, g) => (y > x ? g : x === y ? g / 2 : 0));
}

/**
 * Elementwise minimum with broadcasting; ties split the gradient.
 * @returns `min(a, b)` per element.
 */
export function minimum(a: Operand, b: Operand): Tensor {
  return binary('minimum', a, b, (x, y) => (x <= y ? x : y), (x, y, _o, g) => (x < y ? g : x === y ? g / 2 : 0), (x, y, _o, g) => (y < x ? g : x === y ? g / 2 : 0));
}

/**
 * Picks `a` where `cond` is non-zero and `b` elsewhere; all three broadcast.
 * @param cond condition (non-zero = true); receives no gradient.
 * @param a values where true.
 * @param b values where false.
 * @returns the selection, broadcast shape.
 */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  const A = asTensor(a);
  const B = asTensor(b);
  const plan = planBroadcast([cond.shape, A.shape, B.shape], 'where(cond, a, b)');
  const [mc, ma, mb] = plan.maps;
  const C = cond.data;
  const out = new Float32Array(plan.size);
  for (let i = 0; i < out.length; i++) out[i] = C[at(mc, i)] !== 0 ? A.data[at(ma, i)] : B.data[at(mb, i)];
  return makeOp('where', out, plan.shape, [cond, A, B], (g) => {
    const pick = (t: Tensor, whenTrue: boolean): Float32Array | null => {
      if (!t.requiresGrad) return null;
      const full = new Float32Array(plan.size);
      for (let i = 0; i < full.length; i++) full[i] = (C[at(mc, i)] !== 0) === whenTrue ? g[i] : 0;
      return unbroadcast(full, plan.shape, t.shape);
    };
    return [null, pick(A, true), pick(B, false)];
  });
}
