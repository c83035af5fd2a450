import { describe, expect, it } from 'vitest';
import { oapplyUndirected, resourceSharer, sharerAsMachine, simulate, stateAt, undirectedWiring } from './index.js';
import { NeuroError } from '../util/index.js';

describe('undirected composition (resource sharers)', () => {
  it('f(x, x) with dx = [x1², 2x1 − x2] at [5] gives [30]', () => {
    const f = resourceSharer({ nStates: 2, portMap: [0, 1], name: 'f', dynamics: (u) => [u[0]! ** 2, 2 * u[0]! - u[1]!] });
    const d = undirectedWiring({ nJunctions: 1, boxes: [{ ports: [0, 0] }], outerPorts: [0] });
    const fxx = oapplyUndirected(d, [f]);
    expect(fxx.nStates).toBe(1);
    expect(fxx.portMap).toEqual([0]);
    const du = new Float64Array(1);
    fxx.evalInto(Float64Array.of(5), undefined, 0, du);
    expect(Array.from(du)).toEqual([30]);
  });

  it('glues shared variables across boxes, keeps private ones, and sums derivatives', () => {
    // two compartments exchanging with a shared pool p: a' = -a + p, pool' += a - p ; b' = -2b + p, pool' += 2b - p
    const comp = (k: number) => resourceSharer({ nStates: 2, portMap: [1], dynamics: (u) => [-k * u[0]! + u[1]!, k * u[0]! - u[1]!] });
    const d = undirectedWiring({ nJunctions: 1, boxes: [{ ports: [0] }, { ports: [0] }], outerPorts: [0] });
    const sys = oapplyUndirected(d, [comp(1), comp(2)]);
    // state order: a, pool (glued), b
    expect(sys.nStates).toBe(3);
    expect(sys.portMap).toEqual([1]);
    const du = new Float64Array(3);
    sys.evalInto(Float64Array.of(1, 3, 2), undefined, 0, du);
    expect(Array.from(du)).toEqual([2, 1 - 3 + 4 - 3, -4 + 3]);
    // total mass a + pool + b is conserved
    const tr = simulate(sharerAsMachine(sys), [1, 3, 2], [], { tSpan: [0, 2], rtol: 1e-10 });
    const end = stateAt(tr, -1);
    expect(end[0]! + end[1]! + end[2]!).toBeCloseTo(6, 8);
    expect(Array.from(stateAt(tr, -1).slice(1, 2))).toEqual(Array.from(tr.y.slice(-1)));
  });

  it('rejects ports that attach to no junction and sharers that do not fill a box', () => {
    expect(() => undirectedWiring({ nJunctions: 1, boxes: [{ ports: [0, 2], name: 'f' }], outerPorts: [] })).toThrow(/box 0 \("f"\) port 1 attaches to no junction/);
    const f = resourceSharer({ nStates: 1, portMap: [0], dynamics: () => [0] });
    const d = undirectedWiring({ nJunctions: 1, boxes: [{ ports: [0, 0] }], outerPorts: [0] });
    expect(() => oapplyUndirected(d, [f])).toThrow(NeuroError);
    expect(() => resourceSharer({ nStates: 1, portMap: [1], dynamics: () => [0] })).toThrow(/exposes a state that does not exist/);
  });
});
