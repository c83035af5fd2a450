/**
 * n identical boxes as one machine (the parallel product m ⊗ … ⊗ m): state,
 * inputs and outputs are the copies' concatenated in copy order (box-major,
 * stride `m.nStates` / `m.nIn` / `m.nOut`). It equals `oapply` of n unwired
 * copies, but costs one call per copy and no wiring tables, so large homogeneous
 * populations can be wired as a single box. The copy's offset kernels
 * (`evalAt`/`evalRun`) and projection readout (`observe`) carry over to the replica.
 */
import { ArgumentError } from '../util/index.js';
import { ViewCache } from './compile.js';
import { initialState, type Machine, type Vec } from './machine.js';

function strided(n: number, stride: number): Int32Array {
  return Int32Array.from({ length: n + 1 }, (_, i) => i * stride);
}

/**
 * Optional batched kernels for {@link replicate}: the same maths as looping `m`
 * over the copies, written as one loop over strided buffers (state of copy i at
 * `[i·nStates, (i+1)·nStates)`, and so on), so n copies cost one call.
 */
export interface BatchKernel<P> {
  evalInto(u: Vec, x: Vec, p: P, t: number, out: Vec): void;
  readoutInto(u: Vec, x: Vec, p: P, t: number, out: Vec): void;
}

/**
 * Replicates a machine n times in parallel.
 * @param m - the machine to copy.
 * @param n - number of copies (integer ≥ 1).
 * @param batch - optional vectorised kernels over all copies (must agree with `m`; see the tests).
 * @returns a machine with `nStates = n·m.nStates`, `nIn = n·m.nIn`, `nOut = n·m.nOut`;
 *   copy i uses state `[i·m.nStates, (i+1)·m.nStates)` and likewise for ports.
 * @example
 * const osc = continuousMachine({ nIn: 1, nOut: 1, nStates: 2, dynamics: (u, x) => [u[1]!, x[0]! - u[0]!], readout: (u) => [u[0]!] });
 * const many = replicate(osc, 1000); // 2000 states, 1000 inputs, 1000 outputs
 */
export function replicate<P>(m: Machine<P>, n: number, batch?: BatchKernel<P>): Machine<P> {
  if (!Number.isInteger(n) || n < 1) throw new ArgumentError('replicate(m, n).n', { what: 'not a copy count', expected: 'an integer >= 1', received: n });
  const sv = new ViewCache(strided(n, m.nStates));
  const xv = new ViewCache(strided(n, m.nIn));
  const yv = new ViewCache(strided(n, m.nOut));
  const feedthrough = Object.freeze(
    Array.from({ length: n }, (_, c) => m.feedthrough.map(([i, o]) => Object.freeze([c * m.nIn + i, c * m.nOut + o] as const))).flat(),
  );
  // With a run kernel the copies are stepped on the whole buffers, without views;
  // `count` consecutive replicas are n·count consecutive copies.
  const run = m.evalRun;
  const evalAt = run && ((u: Vec, uo: number, x: Vec, xo: number, p: P, t: number, out: Vec, oo: number): void => run(u, uo, x, xo, p, t, out, oo, n));
  const evalRun = run && ((u: Vec, uo: number, x: Vec, xo: number, p: P, t: number, out: Vec, oo: number, count: number): void => run(u, uo, x, xo, p, t, out, oo, n * count));
  const ns = m.nStates;
  const observe = m.observe && Object.freeze(Array.from({ length: n }, (_, c) => m.observe!.map((s) => c * ns + s)).flat());
  const machine: Machine<P> = {
    kind: m.kind,
    nIn: n * m.nIn,
    nOut: n * m.nOut,
    nStates: n * m.nStates,
    feedthrough,
    name: `replicate(${m.name ?? 'machine'}, ${n})`,
    evalInto:
      batch?.evalInto ??
      (evalAt
        ? (u, x, p, t, out) => evalAt(u, 0, x, 0, p, t, out, 0)
        : function evalInto(u, x, p, t, out) {
            const uv = sv.get(u);
            const ov = sv.get(out);
            const xs = xv.get(x);
            for (let i = 0; i < n; i++) m.evalInto(uv[i]!, xs[i]!, p, t, ov[i]!);
          }),
    ...(batch === undefined && evalAt !== undefined && { evalAt, evalRun }),
    ...(observe !== undefined && { observe }),
    readoutInto: batch?.readoutInto ?? function readoutInto(u, x, p, t, out) {
      const uv = sv.get(u);
      const ys = yv.get(out);
      // A Moore copy must not read x; give it an empty view when x is not supplied.
      const xs = x.length >= n * m.nIn ? xv.get(x) : null;
      for (let i = 0; i < n; i++) m.readoutInto(uv[i]!, xs === null ? x : xs[i]!, p, t, ys[i]!);
    },
    init: (p, rng) => {
      const u = new Float64Array(n * m.nStates);
      for (let i = 0; i < n; i++) u.set(initialState(m, p, rng), i * m.nStates);
      return u;
    },
  };
  return Object.freeze(machine);
}
