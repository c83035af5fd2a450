import { describe, expect, it } from 'vitest';
import { NeuroError, ParseError } from '../util/index.js';
import { elaborate, parseNetlist, netlistCircuit } from './index.js';
import { evalExpr, parseSiNumber } from './expr.js';

const at = { file: 't', line: 1, col: 1 };
const none = (): undefined => undefined;

describe('values and expressions', () => {
  it('reads SI suffixes case-insensitively and ignores unit letters', () => {
    expect(parseSiNumber('2.8mV')).toBeCloseTo(2.8e-3, 15);
    expect(parseSiNumber('0.07pF')).toBeCloseTo(7e-14, 25);
    expect(parseSiNumber('1MEG')).toBe(1e6);
    expect(parseSiNumber('5f')).toBeCloseTo(5e-15, 28);
    expect(parseSiNumber('3n')).toBeCloseTo(3e-9, 20);
    expect(parseSiNumber('827.13u')).toBeCloseTo(827.13e-6, 15);
    expect(parseSiNumber('2k')).toBe(2000);
    expect(parseSiNumber('1G')).toBe(1e9);
    expect(parseSiNumber('1e-12')).toBe(1e-12);
    expect(parseSiNumber('abc')).toBeNull();
  });

  it('evaluates expressions with params, precedence, functions and braces', () => {
    const p = (n: string): number | undefined => ({ x: 2, y: 3 })[n];
    expect(evalExpr('{x*y+1}', at, p)).toBe(7);
    expect(evalExpr('2^3*2', at, p)).toBe(16);
    expect(evalExpr('-x + sqrt(16) / 2', at, p)).toBe(0);
    expect(evalExpr('x*1p', at, p)).toBeCloseTo(2e-12, 24);
    expect(evalExpr('pi', at, none)).toBe(Math.PI);
  });

  it('names the column of a bad character', () => {
    expect(() => evalExpr('1 + $', { file: 'f.cir', line: 4, col: 10 }, none)).toThrow(/f\.cir:4:14: bad expression/);
    expect(() => evalExpr('1 + zz', { file: 'f.cir', line: 2, col: 1 }, none)).toThrow(/f\.cir:2:5: unknown parameter.*"zz"/);
  });

  it('treats inherited names (__proto__, constructor, toString) as unknown, not as functions or constants', () => {
    for (const name of ['__proto__', 'constructor', 'tostring', 'valueof', 'hasownproperty']) {
      expect(() => evalExpr(`${name}(2p)`, at, none), name).toThrow(/unknown parameter/);
      expect(() => evalExpr(name, at, none), name).toThrow(/unknown parameter/);
    }
  });
});

const BASIC = `* title comment
.param lval=2p
.param bias = 2*70u ; inline comment
.model jj1 jj(rtype=1, vg=2.8mV, cap=0.07pF,
+ r0=160, rN=16, icrit=0.1mA)
.subckt stage a q pol=1
L1 a q {lval}
B1 q 0 jj1 area=2.16
I1 0 q pwl(0 0 5p {pol*bias})
.ends stage
.subckt two a q
X1 stage a m
X2 a2 q stage
L9 m a2 1p
.ends two
VIN 1 0 pwl(0 0 300p 0 302.5p 827.13u
+ 305p 0)
XA two 1 2
XB stage 2 3 pol=-1
R1 3 0 2
.tran 0.25p 1000p 0 0.5p
.print phase B1|X1|XA
.print nodev 2
.print i(R1) p(3) v(1,2)
.temp 4.2
.neb 500G
.end
ignored after .end
`;

describe('parseNetlist / elaborate', () => {
  it('parses params, models with continuation lines, nested subcircuits in both X orders', () => {
    const flat = elaborate(parseNetlist(BASIC));
    const names = flat.elements.map((e) => e.name);
    expect(names).toContain('b1|x1|xa');
    expect(names).toContain('b1|x2|xa');
    expect(names).toContain('b1|xb');
    const b = flat.elements.find((e) => e.name === 'b1|x1|xa')!;
    expect(b.nodes).toEqual(['m|xa', '0']);
    expect(b.jj!.icA).toBeCloseTo(216e-6, 12);
    expect(b.jj!.capF).toBeCloseTo(0.07e-12 * 2.16, 24);
    expect(b.jj!.rnOhm).toBeCloseTo(16 / 2.16, 12);
    const l = flat.elements.find((e) => e.name === 'l1|x1|xa')!;
    expect(l.value).toBeCloseTo(2e-12, 24);
    const ib = flat.elements.find((e) => e.name === 'i1|xb')!;
    expect(ib.wave).toEqual({ kind: 'pwl', t: [0, 5e-12], v: [0, -140e-6] });
    expect(flat.tran).toMatchObject({ stepS: 0.25e-12, stopS: 1e-9, startS: 0, printStepS: 0.5e-12, dst: false });
    expect(flat.tempK).toBe(4.2);
    expect(flat.nebHz).toBeCloseTo(5e11, 0);
    expect(flat.prints.map((p) => p.label)).toEqual(['P(b1|x1|xa)', 'V(2)', 'I(r1)', 'P(3)', 'V(1,2)']);
    expect(flat.prints[3]).toMatchObject({ kind: 'nodep', nodes: ['3', '0'] });
  });

  it('applies JoSIM model defaults and ic= scaling', () => {
    const flat = elaborate(parseNetlist('B1 1 0 jx ic=250u\nR1 1 0 1\n.model jx jj()\n'));
    const jj = flat.elements[0]!.jj!;
    expect(jj.icA).toBeCloseTo(250e-6, 12);
    expect(jj.rnOhm).toBeCloseTo(5 / 0.25, 10);
    expect(jj.r0Ohm).toBeCloseTo(30 / 0.25, 10);
    expect(jj.capF).toBeCloseTo(2.5e-12 * 0.25, 22);
    expect(jj.vgV).toBe(2.8e-3);
    expect(jj.icfct).toBeCloseTo(Math.PI / 4, 12);
  });

  it.each([
    ['R1 1 0 5\nQ1 1 0 2', /<netlist>:2:1: unknown element/],
    ['B1 1 0 nomodel\nR1 1 0 1', /<netlist>:1:8: unknown junction model/],
    ['L1 1 0 2p foo=3', /<netlist>:1:11: unknown parameter of L1/],
    ['R1 1 0 {2*(3}', /unclosed bracket|unbalanced/],
    ['R1 1 0 -5', /1:8: R1: value must be positive/],
    ['R1 1 0 1e400', /1:8: value is not finite/],
    ['B1 1 0 m area=-2\n.model m jj(icrit=0.1mA)', /1:15: B1: area must be positive/],
    ['B1 1 0 m area=0\n.model m jj(icrit=0.1mA)', /B1: area must be positive/],
    ['B1 1 0 m area=1e308\n.model m jj(icrit=0.1mA)', /B1: area must be positive and finite, expected 0 < area < 1e6/],
    ['B1 1 0 m\n.model m jj(icrit=-0.1mA)', /2:19: m: icrit must be positive/],
    ['B1 1 0 m\n.model m jj(icrit=0.1mA, r0=0)', /m: r0 must be positive/],
    ['L1 1 0 2p\nL2 1 0 2p\nK1 L1 L2 5', /3:10: K1: coupling must satisfy \|k\| ≤ 1/],
    ['', /<netlist>:1:1: no circuit elements/],
    ['* only a comment\n.tran 1p 10p', /no circuit elements/],
    ['.subckt a x\nR1 x 0 1\n', /\.subckt a is never closed/],
    ['X1 nothing 1 2', /1:14: X1: unknown subcircuit/],
    ['.param a=b\n.param b=a\nR1 1 0 {a}', /circular \.param/],
    ['I1 0 1 pwl(0 0 5p)', /1:8: I1: pwl needs time\/value pairs/],
    ['I1 0 1 pwl(0 0 5p 1u 2p 0)', /1:22: I1: pwl times go backwards/],
    ['.tran 1p', /1:1: bad \.tran/],
    ['.print devv', /\.print devv takes one device/],
    ['.foo 1', /1:1: unknown control/],
    ['+ R1 1 0 1', /1:1: continuation line with nothing to continue/],
    ['R1 1 0 1\n.print v(7)', /unknown node in \.print/],
    ['.include x.cir', /\.include needs a file reader/],
    ['.model m bjt(a=1)', /1:10: unsupported model type, expected jj/],
    ['B1 1 0 m\n.model m jj(rtype=1, vgap=1)', /2:22: unknown jj model parameter/],
  ])('rejects %j with line and column', (text, msg) => {
    let err: unknown;
    try {
      elaborate(parseNetlist(text));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParseError);
    expect((err as Error).message).toMatch(msg);
  });

  it('resolves .include through the given reader', () => {
    const net = parseNetlist('.include cells.cir\nX1 r 1', { include: (p) => (p === 'cells.cir' ? '.subckt r a\nR1 a 0 2\n.ends' : '') });
    expect(elaborate(net).elements[0]!.name).toBe('r1|x1');
  });
});

describe('netlist limits (no stack overflow, no unbounded growth)', () => {
  const fail = (text: string): string => {
    try {
      elaborate(parseNetlist(text));
    } catch (e) {
      expect(e).toBeInstanceOf(NeuroError);
      return (e as Error).message;
    }
    return 'no error';
  };

  it('refuses deeply nested expressions, unary chains and power chains with a typed error', () => {
    expect(fail(`R1 1 0 {${'('.repeat(5000)}1${')'.repeat(5000)}}`)).toMatch(/expression nested too deeply/);
    expect(fail(`R1 1 0 {${'-'.repeat(5000)}1}`)).toMatch(/expression nested too deeply/);
    expect(fail(`R1 1 0 {2${'**1'.repeat(5000)}}`)).toMatch(/expression nested too deeply/);
    expect(fail(`R1 1 0 {${'('.repeat(50)}2${')'.repeat(50)}}`)).toBe('no error');
  });

  it('refuses 2,000 chained .params, accepts 100', () => {
    const chain = (n: number): string => `${Array.from({ length: n }, (_, k) => `.param p${k}=p${k + 1}`).join('\n')}\n.param p${n}=2\nR1 1 0 {p0}`;
    expect(fail(chain(2000))).toMatch(/\.param definitions chained too deeply/);
    expect(fail(chain(100))).toBe('no error');
  });

  it('stops a .subckt fan-out (4 instances per level, 12 levels) at the element limit', () => {
    const levels = Array.from({ length: 12 }, (_, k) => `.subckt s${k} a\n${[1, 2, 3, 4].map((i) => `X${i} a s${k + 1}`).join('\n')}\n.ends`);
    const text = `${levels.join('\n')}\n.subckt s12 a\nR1 a 0 1\n.ends\nX0 1 s0`;
    expect(fail(text)).toMatch(/the circuit expanded from .subckt instances .* exceeds the limit.*expected at most 200000/);
  });

  it('solves a 20,001-element resistor chain (a 20,000² dense system) in memory proportional to its size: V = I·ΣR', () => {
    // Dense, this needed 20,000² doubles twice (6 GB); sparse, the chain factors with no fill.
    const n = 20_000;
    const chain = Array.from({ length: n }, (_, k) => `R${k} ${k + 1} ${k} 0.5`).join('\n');
    const res = netlistCircuit(`${chain}\nI1 0 ${n} 2u\n.tran 1p 4p\n.print v(${n})`).simulate();
    const v = res.traces[0]!.values;
    expect(v.at(-1)!).toBeCloseTo(2e-6 * 0.5 * n, 12); // 20 mV
  });
});
