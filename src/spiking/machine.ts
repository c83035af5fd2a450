/**
 * A population as a `src/dynamics` machine, so spiking populations compose
 * with other systems through `oapply`. Discrete (one step = dt), Moore:
 * inputs are the weights arriving this step (n excitatory, then n inhibitory),
 * outputs are this step's spikes (0/1), read from the state.
 * State layout: [v(n), gE(n), gI(n), refr(n), θ(n), spiked(n)]. The step is the
 * simulator's own kernel (`stepCells`), so both give identical trajectories.
 */
import { discreteMachine, type Machine, type Vec } from '../dynamics/index.js';
import { ArgumentError } from '../util/index.js';
import { propagators, stepCells, type CellParams } from './cells.js';

/**
 * @param cell a cell type, e.g. `IF_curr_exp()`
 * @param n number of neurons
 * @param dtMs the step the machine advances per update (ms)
 * @example
 * const lif = populationMachine(IF_curr_delta(), 3, 1); // nIn 6, nOut 3, nStates 18
 */
export function populationMachine(cell: CellParams, n: number, dtMs: number): Machine<unknown> {
  if (!Number.isInteger(n) || n < 1) throw new ArgumentError('populationMachine(n)', { what: 'bad size', expected: 'an integer >= 1', received: n });
  const pr = propagators(cell, dtMs);
  const v0 = cell.vInitMv;
  const names = ['v', 'gE', 'gI', 'refr', 'theta', 'spiked'].flatMap((s) => Array.from({ length: n }, (_, i) => `${s}${i}`));
  return discreteMachine({
    name: `${cell.model}[${n}]`,
    nIn: 2 * n,
    nOut: n,
    nStates: 6 * n,
    stateNames: names,
    observe: Array.from({ length: n }, (_, i) => 5 * n + i),
    init: (_p, rng) => {
      const u = new Float64Array(6 * n);
      for (let i = 0; i < n; i++) u[i] = typeof v0 === 'number' ? v0 : rng ? rng.uniform(v0[0], v0[1]) : (v0[0] + v0[1]) / 2;
      return u;
    },
    updateInto: (u: Vec, x: Vec, _p: unknown, _t: number, out: Vec) => {
      out.set(u);
      const state = { v: out.subarray(0, n), gE: out.subarray(n, 2 * n), gI: out.subarray(2 * n, 3 * n), refr: out.subarray(3 * n, 4 * n), theta: out.subarray(4 * n, 5 * n) };
      stepCells(pr, state, n, x, x.subarray(n), 0, out.subarray(5 * n));
    },
  });
}
