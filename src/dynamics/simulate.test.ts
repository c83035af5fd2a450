import { describe, expect, it } from 'vitest';
import { continuousMachine, discreteMachine, eulerApprox, iterate, rk4Approx, evaluate, simulate, stateAt, type Vec } from './index.js';

const decay = continuousMachine({ nIn: 0, nOut: 1, nStates: 1, name: 'decay', dynamics: (u) => [-u[0]!], readout: (u) => [u[0]!] });
// harmonic oscillator q'' = -q: exact q = cos t, p = -sin t
const osc = continuousMachine({ nIn: 0, nOut: 1, nStates: 2, name: 'osc', dynamicsInto: (u, _x, _p, _t, out) => ((out[0] = u[1]!), (out[1] = -u[0]!)), readout: (u) => [u[0]!] });

describe('integrators against closed forms', () => {
  it('exponential decay: euler is first order, rk45 meets its tolerance', () => {
    const err = (dt: number): number => Math.abs(stateAt(simulate(decay, [1], [], { tSpan: [0, 1], dt, method: 'euler' }), -1)[0]! - Math.exp(-1));
    expect(err(0.01) / err(0.005)).toBeCloseTo(2, 1);
    const tr = simulate(decay, [1], [], { tSpan: [0, 1], rtol: 1e-8, atol: 1e-12 });
    expect(Math.abs(stateAt(tr, -1)[0]! - Math.exp(-1)) / Math.exp(-1)).toBeLessThan(1e-7);
    expect(tr.t[tr.nT - 1]).toBe(1);
    expect(tr.y.length).toBe(tr.nT);
  });

  it('harmonic oscillator: RK4 error falls ~h^4 when h halves', () => {
    const T = 10;
    const err = (dt: number): number => {
      const u = stateAt(simulate(osc, [1, 0], [], { tSpan: [0, T], dt, method: 'rk4', record: 'final' }), -1);
      return Math.hypot(u[0]! - Math.cos(T), u[1]! + Math.sin(T));
    };
    const order = Math.log2(err(0.1) / err(0.05));
    expect(order).toBeGreaterThan(3.8);
    expect(order).toBeLessThan(4.2);
  });

  it('harmonic oscillator: RK45 meets rtol over several periods and rejects no more than it should', () => {
    for (const rtol of [1e-6, 1e-9]) {
      const tr = simulate(osc, [1, 0], [], { tSpan: [0, 20], rtol, atol: rtol * 1e-3 });
      let worst = 0;
      for (let k = 0; k < tr.nT; k++) worst = Math.max(worst, Math.abs(tr.u[2 * k]! - Math.cos(tr.t[k]!)));
      expect(worst).toBeLessThan(50 * rtol);
      expect(tr.stats.steps).toBeGreaterThan(10);
    }
  });

  it('record modes: every k-th step keeps first and last; final keeps one row', () => {
    const all = simulate(osc, [1, 0], [], { tSpan: [0, 1], dt: 0.1, method: 'rk4' });
    expect(all.nT).toBe(11);
    const every3 = simulate(osc, [1, 0], [], { tSpan: [0, 1], dt: 0.1, method: 'rk4', record: 3 });
    expect(Array.from(every3.t).map((t) => Math.round(t * 10))).toEqual([0, 3, 6, 9, 10]);
    const fin = simulate(osc, [1, 0], [], { tSpan: [0, 1], dt: 0.1, method: 'rk4', record: 'final' });
    expect(fin.nT).toBe(1);
    expect(Array.from(fin.u)).toEqual(Array.from(stateAt(all, -1)));
  });

  it('samples a time-dependent input: u\' = cos t gives sin t', () => {
    const drive = continuousMachine({ nIn: 1, nOut: 1, nStates: 1, dynamics: (_u, x) => [x[0]!], readout: (u) => [u[0]!] });
    const tr = simulate(drive, [0], (t, out) => void (out[0] = Math.cos(t)), { tSpan: [0, 2], dt: 0.01, method: 'rk4' });
    expect(stateAt(tr, -1)[0]).toBeCloseTo(Math.sin(2), 9);
  });

  it('eulerApprox iterated equals simulate with euler; rk4Approx equals one RK4 step', () => {
    const a = stateAt(simulate(osc, [1, 0], [], { tSpan: [0, 1], dt: 0.1, method: 'euler' }), -1);
    const b = stateAt(iterate(eulerApprox(osc, 0.1), [1, 0], [], 10), -1);
    Array.from(a).forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 12));
    const one = evaluate(rk4Approx(decay, 0.1), [1], [], undefined)[0]!;
    expect(one).toBeCloseTo(1 - 0.1 + 0.01 / 2 - 0.001 / 6 + 0.0001 / 24, 14);
  });

  it('rejects discrete machines and missing steps', () => {
    const counter = discreteMachine({ nIn: 0, nOut: 0, nStates: 1, update: (u) => [u[0]! + 1], readout: () => [] });
    expect(() => simulate(counter, [0], [], { tSpan: [0, 1] })).toThrow(/use iterate/);
    expect(() => simulate(decay, [1], [], { tSpan: [0, 1], method: 'rk4' })).toThrow(/needs a step/);
    expect(() => iterate(decay, [1], [], 3)).toThrow(/is continuous/);
    expect(Array.from(iterate(counter, [0], [], 3).u)).toEqual([0, 1, 2, 3]);
    expect(Array.from(iterate(counter, [0], [], 7, { record: 3 }).t)).toEqual([0, 3, 6, 7]);
    expect(Array.from(iterate(counter, [0], [], 7, { record: 'final' }).u)).toEqual([7]);
  });
});

describe('events', () => {
  it('locates a closed-form crossing: cos t falls through 0 at π/2', () => {
    for (const method of ['rk45', 'rk4'] as const) {
      const tr = simulate(osc, [1, 0], [], { tSpan: [0, 3], dt: 0.05, method, rtol: 1e-10, atol: 1e-12, events: [{ index: 0, direction: 'falling' }] });
      expect(tr.events.length).toBe(1);
      expect(Math.abs(tr.events[0]!.t - Math.PI / 2)).toBeLessThan(method === 'rk45' ? 1e-8 : 1e-6);
      expect(Math.abs(tr.events[0]!.u[0]!)).toBeLessThan(1e-6);
    }
  });

  it('direction filters crossings; onEvent resets the state (integrate-and-fire) and can stop', () => {
    // v' = 2 - v from 0 reaches 1 at t = ln 2; reset to 0 → period ln 2
    const lif = continuousMachine({ nIn: 0, nOut: 1, nStates: 1, dynamics: (u) => [2 - u[0]!], readout: (u) => [u[0]!] });
    const reset = (u: Vec): void => void (u[0] = 0);
    const tr = simulate(lif, [0], [], { tSpan: [0, 3], rtol: 1e-10, atol: 1e-12, events: [{ index: 0, threshold: 1, direction: 'rising', onEvent: reset }] });
    expect(tr.events.length).toBe(Math.floor(3 / Math.LN2));
    tr.events.forEach((e, k) => expect(Math.abs(e.t - (k + 1) * Math.LN2)).toBeLessThan(1e-8));
    expect(stateAt(tr, -1)[0]!).toBeLessThan(1);
    // fixed-step rk4 too, with the step grid kept
    const fx = simulate(lif, [0], [], { tSpan: [0, 3], dt: 0.01, method: 'rk4', events: [{ index: 0, threshold: 1, direction: 'rising', onEvent: reset }] });
    fx.events.forEach((e, k) => expect(Math.abs(e.t - (k + 1) * Math.LN2)).toBeLessThan(1e-7));
    // falling never fires on a rising signal
    expect(simulate(lif, [0], [], { tSpan: [0, 1], events: [{ index: 0, threshold: 1, direction: 'falling' }] }).events.length).toBe(0);
    // stop at the first spike
    const st = simulate(lif, [0], [], { tSpan: [0, 3], events: [{ fn: (u) => u[0]! - 1, onEvent: () => 'stop' }] });
    expect(st.status).toBe('stopped');
    expect(st.t[st.nT - 1]).toBeCloseTo(Math.LN2, 6);
    expect(st.events.length).toBe(1);
  });
});
