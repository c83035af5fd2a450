/**
 * Physics checks of the SFQ cell library: DC/SFQ chains, splitter fan-out, merger (confluence
 * buffer) fan-in without back-propagation, and the SFQ/DC toggle's two DC levels.
 * Every cell is driven by DC/SFQ + JTL stages as in a real chip; fluxons are the
 * simulator's per-junction 2π-slip counts.
 */
import { describe, expect, it } from 'vitest';
import { netlistCircuit } from '../../circuit/index.js';
import { SFQ_CELLS, pulseTrain } from './index.js';

/** Net fluxon count per junction (hierarchical lower-case name → count). */
function counts(net: string): Record<string, number> {
  const res = netlistCircuit(net).simulate();
  expect(res.restarts).toBe(0);
  return Object.fromEntries(res.fluxons.map((f) => [f.junction, f.count]));
}

/** Two DC/SFQ-driven JTL lines into `merge`, its output through a JTL into a load. */
function mergeNet(ta: readonly number[], tb: readonly number[], mb = 1): string {
  return `${SFQ_CELLS}
IA 0 ina ${pulseTrain(ta, 600)}
IB 0 inb ${pulseTrain(tb, 600)}
XDA dcsfq ina a0
XJA jtl a0 a1
XDB dcsfq inb b0
XJB jtl b0 b1
XM merge a1 b1 q mb=${mb}
XJO jtl q o1
RL o1 0 4
.tran 0.25p 600p`;
}

describe('SFQ cells', () => {
  it('DC/SFQ chain: four 600 µA input pulses give four fluxons at every stage', () => {
    const net = `${SFQ_CELLS}\nIIN 0 in ${pulseTrain([170, 370, 600, 700], 600)}\nX1 dcsfq in 1\nX2 jtl 1 2\nX3 jtl 2 3\nRL 3 0 4\n.tran 0.25p 900p\n.print nodep 3`;
    const res = netlistCircuit(net).simulate();
    const counts = Object.fromEntries(res.fluxons.map((f) => [f.junction, f.count]));
    expect(counts['b2|x1']).toBe(4);
    expect(counts['b1|x2']).toBe(4);
    expect(counts['b1|x3']).toBe(4);
    const p = res.traces[0]!.values;
    expect(p[p.length - 1]! - p[res.timeS.findIndex((t) => t >= 100e-12)]!).toBeCloseTo(8 * Math.PI, 2);
  });

  it('splitter: one input fluxon gives one fluxon on each output', () => {
    const c = counts(`${SFQ_CELLS}
IA 0 in ${pulseTrain([100, 350], 600)}
XD dcsfq in a0
XJ jtl a0 a1
XS split a1 q1 q2
XO1 jtl q1 o1
XO2 jtl q2 o2
RL1 o1 0 4
RL2 o2 0 4
.tran 0.25p 600p`);
    expect(c['b1|xj']).toBe(2);
    expect(c['b1|xs']).toBe(2);
    expect(c['b1|xo1']).toBe(2);
    expect(c['b1|xo2']).toBe(2);
  });

  it('merger: a pulse on either input gives exactly one output fluxon and none at the other input', () => {
    const a = counts(mergeNet([100], []));
    expect([a['b1|xja'], a['b1|xm'], a['b3|xm'], a['b4|xm'], a['b1|xjo']]).toEqual([1, 1, 1, 1, 1]);
    // No back-propagation: the other input's junctions stay put; its escape junction takes the −2π.
    expect([a['b1|xjb'], a['b2|xm'], a['b2|xdb'], a['be2|xm']]).toEqual([0, 0, 0, -1]);
    const b = counts(mergeNet([], [100]));
    expect([b['b1|xjb'], b['b2|xm'], b['b3|xm'], b['b4|xm'], b['b1|xjo']]).toEqual([1, 1, 1, 1, 1]);
    expect([b['b1|xja'], b['b1|xm'], b['b2|xda'], b['be1|xm']]).toEqual([0, 0, 0, -1]);
  });

  it('merger: pulses on both inputs, well separated in time, give two output fluxons', () => {
    const c = counts(mergeNet([100], [350]));
    expect([c['b1|xja'], c['b1|xjb'], c['b3|xm'], c['b1|xjo']]).toEqual([1, 1, 2, 2]);
    // Each input's fluxon passed once; each escape junction blocked the other's once.
    expect([c['b1|xm'], c['b2|xm'], c['be1|xm'], c['be2|xm']]).toEqual([1, 1, -1, -1]);
  });

  it.each([0.85, 1.15])('merger: still one fluxon out and none back with its biases scaled by %s', (mb) => {
    const c = counts(mergeNet([100], [], mb));
    expect([c['b1|xjo'], c['b1|xjb'], c['b2|xm'], c['be2|xm']]).toEqual([1, 0, 0, -1]);
  });

  it('SFQ/DC: successive input fluxons toggle the output between ≈ 0 and a positive DC level', () => {
    const times = [100, 300, 500, 700, 900];
    const net = `${SFQ_CELLS}
IA 0 ina ${pulseTrain(times, 600)}
XD dcsfq ina a0
XJ jtl a0 a1
XC sfqdc a1 q
RL q 0 1000
.tran 0.25p 1100p
.print v(q)`;
    const res = netlistCircuit(net).simulate();
    expect(res.restarts).toBe(0);
    const v = res.traces[0]!.values;
    const mean = (aPs: number, bPs: number): number => {
      let s = 0;
      let n = 0;
      res.timeS.forEach((t, i) => {
        if (t >= aPs * 1e-12 && t < bPs * 1e-12) {
          s += v[i]!;
          n++;
        }
      });
      return s / n;
    };
    // Windows between pulses (after an 80 ps settling): state 0, 1, 0, 1, 0, 1.
    const levels = [mean(40, 100), ...times.map((t, k) => mean(t + 80, times[k + 1] ?? 1100))];
    levels.forEach((lv, k) => {
      if (k % 2 === 0) expect(Math.abs(lv)).toBeLessThan(5e-6);
      else {
        expect(lv).toBeGreaterThan(100e-6);
        expect(lv).toBeLessThan(600e-6);
      }
    });
    // 0 → 1 stores the fluxon at m (no slip); 1 → 0 switches BB, BL and BR once each: 2 of 5 pulses.
    const c = Object.fromEntries(res.fluxons.map((f) => [f.junction, f.count]));
    expect([c['b1|xj'], c['bb|xc'], c['bl|xc'], c['br|xc']]).toEqual([5, 2, 2, 2]);
  });
});
