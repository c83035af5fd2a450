/**
 * Learners (Fong, Spivak & Tuyéras, "Backprop as Functor", 2019), the learning
 * systems of Spivak & Hosgood's "Deep neural networks as nested dynamical systems".
 * A learner A → B has parameters P and three maps
 * - implement I: P × A → B (the forward pass),
 * - update    U: P × A × B → P (train on input a with target b),
 * - request   r: P × A × B → A (the target it sends back to whoever fed it a).
 * Update and request are both computed from the same pre-update (p, a, b).
 * Learners compose in series ({@link seq}: state P × Q) and in parallel
 * ({@link par}: state P × Q, on pairs). Numeric learners ({@link NumericLearner})
 * use Float64Array parameters, inputs and outputs; their serial and parallel
 * composites ({@link seqVec}, {@link parVec}) concatenate parameter vectors in
 * order, the way `oapply` concatenates box states, so the composites are
 * strictly associative and can run as a {@link Machine} (see `learnerAsMachine`).
 *
 * Learners are pure: `update` returns new parameters and must not mutate its arguments.
 *
 * @see https://arxiv.org/abs/1711.10455 (Backprop as Functor)
 * @see https://arxiv.org/abs/2111.01297 (Deep neural networks as nested dynamical systems)
 */
import { ArgumentError, ShapeError, type Rng } from '../../util/index.js';
import type { Vec } from '../../dynamics/index.js';

/**
 * A learner A → B with parameters P (Fong–Spivak–Tuyéras).
 * @typeParam P parameters; A inputs; B outputs.
 */
export interface Learner<P, A, B> {
  /** A name for error messages. */
  readonly name?: string;
  /** I(p, a): the forward pass. */
  implement(p: P, a: A): B;
  /** U(p, a, b): new parameters after training on input `a` with target `b`. */
  update(p: P, a: A, b: B): P;
  /** r(p, a, b): the input this learner asks for, computed with the pre-update `p`. */
  request(p: P, a: A, b: B): A;
}

/** What {@link learner} takes: the three maps and an optional name. */
export interface LearnerSpec<P, A, B> {
  readonly name?: string;
  readonly implement: (p: P, a: A) => B;
  readonly update: (p: P, a: A, b: B) => P;
  readonly request: (p: P, a: A, b: B) => A;
}

/** Sizes of a numeric learner: parameter count and input / output dimensions. */
export interface LearnerDims {
  readonly nParams: number;
  readonly nIn: number;
  readonly nOut: number;
}

/**
 * A learner R^nIn → R^nOut with parameters in R^nParams, all as Float64Array.
 * Its maps check the lengths of what they receive and return.
 */
export interface NumericLearner extends Learner<Vec, Vec, Vec>, LearnerDims {
  /** Initial parameters drawn from `rng` (default: zeros, see {@link initLearner}). */
  init?(rng: Rng): Vec;
}

/** What {@link numericLearner} takes. Maps may return any array-like of the right length. */
export interface NumericLearnerSpec extends LearnerDims {
  readonly name?: string;
  readonly implement: (p: Vec, a: Vec) => ArrayLike<number>;
  readonly update: (p: Vec, a: Vec, b: Vec) => ArrayLike<number>;
  readonly request: (p: Vec, a: Vec, b: Vec) => ArrayLike<number>;
  readonly init?: (rng: Rng) => ArrayLike<number>;
}

function checkFn(where: string, key: string, v: unknown): void {
  if (typeof v !== 'function') throw new ArgumentError(`${where}.${key}`, { what: 'not a function', expected: 'a function', received: v });
}

function checkCount(where: string, key: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new ArgumentError(`${where}.${key}`, { what: 'not a dimension', expected: 'an integer >= 0', received: v });
  }
  return v;
}

/**
 * Builds a learner from its three maps, checking that each is a function.
 * @param spec `implement`, `update`, `request` and an optional `name`.
 * @returns a frozen {@link Learner}.
 * @example
 * // A learner that remembers the last target it saw (P = B = number, A = null).
 * const memo = learner<number, null, number>({ implement: (p) => p, update: (_p, _a, b) => b, request: () => null });
 * memo.update(0, null, 3); // 3
 */
export function learner<P, A, B>(spec: LearnerSpec<P, A, B>): Learner<P, A, B> {
  const where = `learner(${spec.name ?? 'spec'})`;
  checkFn(where, 'implement', spec.implement);
  checkFn(where, 'update', spec.update);
  checkFn(where, 'request', spec.request);
  return Object.freeze({
    implement: spec.implement,
    update: spec.update,
    request: spec.request,
    ...(spec.name !== undefined && { name: spec.name }),
  });
}

function toVec(where: string, what: string, v: ArrayLike<number>, n: number): Vec {
  if (v.length !== n) throw new ShapeError(where, { what, expected: n, received: v.length });
  return v instanceof Float64Array ? v : Float64Array.from(v);
}

/**
 * Builds a numeric learner R^nIn → R^nOut with nParams parameters. The returned
 * maps check the lengths of their arguments and results (ShapeError naming the learner).
 * @param spec dimensions, the three maps, optional `init(rng)` and `name`.
 * @returns a frozen {@link NumericLearner}.
 * @example
 * // Learns a constant by moving halfway to each target; asks for nothing (nIn = 0).
 * const mean = numericLearner({ nParams: 1, nIn: 0, nOut: 1, implement: (p) => p,
 *   update: (p, _a, b) => [(p[0]! + b[0]!) / 2], request: () => [] });
 * mean.update(new Float64Array([0]), new Float64Array(0), new Float64Array([1])); // [0.5]
 */
export function numericLearner(spec: NumericLearnerSpec): NumericLearner {
  const name = spec.name ?? 'numericLearner';
  const where = `numericLearner(${name})`;
  const nParams = checkCount(where, 'nParams', spec.nParams);
  const nIn = checkCount(where, 'nIn', spec.nIn);
  const nOut = checkCount(where, 'nOut', spec.nOut);
  checkFn(where, 'implement', spec.implement);
  checkFn(where, 'update', spec.update);
  checkFn(where, 'request', spec.request);
  if (spec.init !== undefined) checkFn(where, 'init', spec.init);
  const args = (fn: string, p: Vec, a: Vec, b?: Vec): void => {
    if (p.length !== nParams) throw new ShapeError(`${name}.${fn}(p)`, { what: 'wrong parameter count', expected: nParams, received: p.length });
    if (a.length !== nIn) throw new ShapeError(`${name}.${fn}(a)`, { what: 'wrong input length', expected: nIn, received: a.length });
    if (b !== undefined && b.length !== nOut) throw new ShapeError(`${name}.${fn}(b)`, { what: 'wrong target length', expected: nOut, received: b.length });
  };
  const { implement, update, request, init } = spec;
  return Object.freeze({
    name,
    nParams,
    nIn,
    nOut,
    implement: (p: Vec, a: Vec) => (args('implement', p, a), toVec(`${name}.implement`, 'returned the wrong length', implement(p, a), nOut)),
    update: (p: Vec, a: Vec, b: Vec) => (args('update', p, a, b), toVec(`${name}.update`, 'returned the wrong length', update(p, a, b), nParams)),
    request: (p: Vec, a: Vec, b: Vec) => (args('request', p, a, b), toVec(`${name}.request`, 'returned the wrong length', request(p, a, b), nIn)),
    ...(init !== undefined && { init: (rng: Rng) => toVec(`${name}.init`, 'returned the wrong length', init(rng), nParams) }),
  });
}

/**
 * Initial parameters of a numeric learner: its `init(rng)`, or zeros when it has none.
 * @param l the learner.
 * @param rng the random stream to draw from.
 * @returns a fresh parameter vector of length `l.nParams`.
 * @example
 * const p = initLearner(neuronLearner({ nIn: 2, activation: 'tanh', lr: 0.1 }), createRng(0)); // length 3
 */
export function initLearner(l: NumericLearner, rng: Rng): Vec {
  return l.init ? Float64Array.from(l.init(rng)) : new Float64Array(l.nParams);
}

/**
 * Serial composite f then g (Backprop as Functor, §2): state P × Q,
 * I(p, q; a) = I_g(q, I_f(p, a)); with b' = I_f(p, a), g trains on (b', c),
 * f trains on (a, r_g(q, b', c)), and the composite requests r_f(p, a, r_g(q, b', c)).
 * @param f the first learner A → B.
 * @param g the second learner B → C.
 * @returns a learner A → C with parameters `[p, q]`.
 * @example
 * const fg = seq(f, g);
 * const [p2, q2] = fg.update([p, q], a, c);
 */
export function seq<P, Q, A, B, C>(f: Learner<P, A, B>, g: Learner<Q, B, C>): Learner<readonly [P, Q], A, C> {
  return learner<readonly [P, Q], A, C>({
    name: `seq(${f.name ?? 'f'}, ${g.name ?? 'g'})`,
    implement: ([p, q], a) => g.implement(q, f.implement(p, a)),
    update: ([p, q], a, c) => {
      const b = f.implement(p, a);
      return [f.update(p, a, g.request(q, b, c)), g.update(q, b, c)] as const;
    },
    request: ([p, q], a, c) => {
      const b = f.implement(p, a);
      return f.request(p, a, g.request(q, b, c));
    },
  });
}

/**
 * Parallel composite f ⊗ g: state P × Q, acting on pairs; each side trains on its own half.
 * @param f a learner A → B.
 * @param g a learner C → D.
 * @returns a learner A × C → B × D with parameters `[p, q]`.
 * @example
 * const fg = par(f, g);
 * const [b, d] = fg.implement([p, q], [a, c]);
 */
export function par<P, Q, A, B, C, D>(f: Learner<P, A, B>, g: Learner<Q, C, D>): Learner<readonly [P, Q], readonly [A, C], readonly [B, D]> {
  return learner<readonly [P, Q], readonly [A, C], readonly [B, D]>({
    name: `par(${f.name ?? 'f'}, ${g.name ?? 'g'})`,
    implement: ([p, q], [a, c]) => [f.implement(p, a), g.implement(q, c)] as const,
    update: ([p, q], [a, c], [b, d]) => [f.update(p, a, b), g.update(q, c, d)] as const,
    request: ([p, q], [a, c], [b, d]) => [f.request(p, a, b), g.request(q, c, d)] as const,
  });
}

function concat(parts: readonly ArrayLike<number>[]): Vec {
  let n = 0;
  for (const v of parts) n += v.length;
  const out = new Float64Array(n);
  let o = 0;
  for (const v of parts) {
    out.set(v, o);
    o += v.length;
  }
  return out;
}

function initConcat(ls: readonly NumericLearner[]): ((rng: Rng) => Vec) | undefined {
  if (!ls.some((l) => l.init)) return undefined;
  // In learner order from one stream, so a composite draws exactly what its parts would in sequence.
  return (rng) => concat(ls.map((l) => initLearner(l, rng)));
}

function seqVec2(f: NumericLearner, g: NumericLearner): NumericLearner {
  if (f.nOut !== g.nIn) throw new ShapeError(`seqVec(${f.name ?? 'f'}, ${g.name ?? 'g'})`, { what: "f's output length differs from g's input length", expected: f.nOut, received: g.nIn });
  const k = f.nParams;
  const init = initConcat([f, g]);
  return numericLearner({
    name: `seqVec(${f.name ?? 'f'}, ${g.name ?? 'g'})`,
    nParams: k + g.nParams,
    nIn: f.nIn,
    nOut: g.nOut,
    implement: (pq, a) => g.implement(pq.subarray(k), f.implement(pq.subarray(0, k), a)),
    update: (pq, a, c) => {
      const p = pq.subarray(0, k);
      const q = pq.subarray(k);
      const b = f.implement(p, a);
      return concat([f.update(p, a, g.request(q, b, c)), g.update(q, b, c)]);
    },
    request: (pq, a, c) => {
      const p = pq.subarray(0, k);
      return f.request(p, a, g.request(pq.subarray(k), f.implement(p, a), c));
    },
    ...(init !== undefined && { init }),
  });
}

function parVec2(f: NumericLearner, g: NumericLearner): NumericLearner {
  const k = f.nParams;
  const i = f.nIn;
  const o = f.nOut;
  const init = initConcat([f, g]);
  return numericLearner({
    name: `parVec(${f.name ?? 'f'}, ${g.name ?? 'g'})`,
    nParams: k + g.nParams,
    nIn: i + g.nIn,
    nOut: o + g.nOut,
    implement: (pq, ac) => concat([f.implement(pq.subarray(0, k), ac.subarray(0, i)), g.implement(pq.subarray(k), ac.subarray(i))]),
    update: (pq, ac, bd) =>
      concat([f.update(pq.subarray(0, k), ac.subarray(0, i), bd.subarray(0, o)), g.update(pq.subarray(k), ac.subarray(i), bd.subarray(o))]),
    request: (pq, ac, bd) =>
      concat([f.request(pq.subarray(0, k), ac.subarray(0, i), bd.subarray(0, o)), g.request(pq.subarray(k), ac.subarray(i), bd.subarray(o))]),
    ...(init !== undefined && { init }),
  });
}

function fold(where: string, ls: readonly NumericLearner[], op: (f: NumericLearner, g: NumericLearner) => NumericLearner): NumericLearner {
  if (ls.length === 0) throw new ArgumentError(where, { what: 'no learners', expected: 'at least one learner', received: 0 });
  return ls.reduce(op);
}

/**
 * Serial composite of numeric learners, first to last, with the {@link seq}
 * equations; the parameter vector is the concatenation of the parts' vectors
 * (so `seqVec(seqVec(f, g), h)` and `seqVec(f, seqVec(g, h))` are the same learner).
 * @param learners one or more learners; each one's `nOut` must equal the next one's `nIn`.
 * @returns a numeric learner from the first one's input to the last one's output.
 * @example
 * const net = seqVec(hiddenLayer, outputNeuron); // a 2-2-1 network
 */
export function seqVec(...learners: readonly NumericLearner[]): NumericLearner {
  return fold('seqVec(...learners)', learners, seqVec2);
}

/**
 * Parallel composite of numeric learners: inputs, outputs and parameters are the
 * concatenations of the parts', in order; each part trains on its own slice.
 * @param learners one or more learners.
 * @returns a numeric learner on the concatenated vectors.
 * @example
 * const layer = seqVec(fanOutLearner({ nIn: 2, copies: 2 }), parVec(neuronA, neuronB));
 */
export function parVec(...learners: readonly NumericLearner[]): NumericLearner {
  return fold('parVec(...learners)', learners, parVec2);
}
