/**
 * A learner as a dynamical system (Spivak & Hosgood 2021; Spivak, "Learners'
 * Languages"): a learner A → B with parameters P is a discrete machine whose
 * state is P and whose inputs are (a, b); each step trains once, p ← U(p, a, b),
 * and the outputs are the forward value I(p, a) and the request r(p, a, b).
 *
 * The outputs depend on the current input, which a Moore readout cannot see, so
 * there are two readouts (a string option):
 * - `'mealy'` (default): a declared feedthrough, outputs = [I(p, a), r(p, a, b)]
 *   from the current input and pre-update parameters. This is the learner exactly;
 *   `oapply` orders their readouts port by port, so boxes wired forward (y → a)
 *   and backward (r → b) compose; only a port that depends on itself is rejected.
 * - `'moore'`: the state also stores the last forward value and request, so the
 *   outputs are those of the previous step (one step delayed), with no feedthrough.
 *
 * @see https://arxiv.org/abs/2111.01297
 */
import { ArgumentError, type Rng } from '../../util/index.js';
import { discreteMachine, type Feedthrough, type Machine, type Vec } from '../../dynamics/index.js';
import { initLearner, type NumericLearner } from './learner.js';

/** How a learner machine's outputs relate to its inputs. */
export type LearnerReadout = 'mealy' | 'moore';

/** Options of {@link learnerAsMachine}. */
export interface LearnerMachineOptions {
  /** `'mealy'` (default): outputs from the current input; `'moore'`: outputs of the previous step. */
  readonly readout?: LearnerReadout;
  readonly name?: string;
}

function portNames(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

/**
 * Runs a numeric learner as a discrete machine.
 * - Inputs (nIn + nOut ports): `[a_0 … a_{nIn−1}, b_0 … b_{nOut−1}]` (input, target).
 * - Outputs (nOut + nIn ports): `[y_0 … y_{nOut−1}, r_0 … r_{nIn−1}]` (forward value, request).
 * - State: `'mealy'`: the parameters p (nParams); `'moore'`: `[p, y_prev, r_prev]`.
 * - Step: u_{n+1} = U(p, a, b) (moore also stores I(p, a) and r(p, a, b), same pre-update p).
 * - `init(params, rng)`: the learner's `init(rng)` when an rng is given, else zeros.
 * @param l the learner (its parameters are the machine's state).
 * @param opts `readout` (`'mealy'` | `'moore'`) and `name`.
 * @returns a discrete {@link Machine}; its `p` argument is unused.
 * @example
 * const m = learnerAsMachine(neuronLearner({ nIn: 2, activation: 'linear', lr: 0.1 }));
 * evaluate(m, [0.5, -0.5, 0], [1, 2, 1], undefined); // [0.65, -0.2, 0.15]
 * readout(m, [0.5, -0.5, 0], undefined, 0, [1, 2, 1]); // [-0.5, 1.75, 1.25]
 */
export function learnerAsMachine(l: NumericLearner, opts: LearnerMachineOptions = {}): Machine<unknown> {
  const mode = opts.readout ?? 'mealy';
  const { nParams: np, nIn: na, nOut: nb } = l;
  const name = opts.name ?? `learnerAsMachine(${l.name ?? 'learner'})`;
  const names = {
    inNames: [...portNames('a', na), ...portNames('b', nb)],
    outNames: [...portNames('y', nb), ...portNames('r', na)],
  };
  const init = (_p: unknown, rng?: Rng): Vec => {
    const u = new Float64Array(mode === 'mealy' ? np : np + nb + na);
    if (rng !== undefined) u.set(initLearner(l, rng));
    return u;
  };
  if (mode === 'mealy') {
    // y_k depends on every a_i; r_i on every a_i and every b_k.
    const feedthrough: [number, number][] = [];
    for (let i = 0; i < na; i++) for (let k = 0; k < nb; k++) feedthrough.push([i, k]);
    for (let j = 0; j < na + nb; j++) for (let i = 0; i < na; i++) feedthrough.push([j, nb + i]);
    return discreteMachine({
      name,
      nIn: na + nb,
      nOut: nb + na,
      nStates: np,
      ...names,
      stateNames: portNames('p', np),
      feedthrough: feedthrough as Feedthrough,
      updateInto: (u, x, _p, _t, out) => out.set(l.update(u, x.subarray(0, na), x.subarray(na))),
      readoutInto: (u, _p, _t, out, x) => {
        const a = x.subarray(0, na);
        out.set(l.implement(u, a), 0);
        out.set(l.request(u, a, x.subarray(na)), nb);
      },
      init,
    });
  }
  if (mode !== 'moore') throw new ArgumentError(`learnerAsMachine(${name}).readout`, { what: 'unknown readout', expected: "'mealy' | 'moore'", received: mode });
  return discreteMachine({
    name,
    nIn: na + nb,
    nOut: nb + na,
    nStates: np + nb + na,
    ...names,
    stateNames: [...portNames('p', np), ...portNames('yPrev', nb), ...portNames('rPrev', na)],
    updateInto: (u, x, _p, _t, out) => {
      const p = u.subarray(0, np);
      const a = x.subarray(0, na);
      const b = x.subarray(na);
      out.set(l.update(p, a, b), 0);
      out.set(l.implement(p, a), np);
      out.set(l.request(p, a, b), np + nb);
    },
    readoutInto: (u, _p, _t, out) => out.set(u.subarray(np)),
    init,
  });
}
