import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './app.js';
import { sink } from '../tests/fixtures/sink.js';


async function sfq(args: string[], cwd = process.cwd()) {
  const stdout = sink();
  const stderr = sink();
  const code = await main(['sfq', ...args], { registry: [], stdout, stderr, cwd });
  return { code, out: stdout.text, err: stderr.text };
}

describe('neuromorph sfq simulate', () => {
  it('prints CSV with JoSIM labels for the example JTL', async () => {
    const r = await sfq(['simulate', 'experiments/krylov-2023-sfq-xor/jtl.cir']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('time,P(b01),P(b02),V(b02)');
    expect(lines.length).toBe(1002);
    const last = lines[lines.length - 1]!.split(',').map(Number);
    expect(last[1]! / (2 * Math.PI)).toBeGreaterThan(2);
  });

  it('prints JSON with fluxon counts and reads .include files beside the netlist', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfq-'));
    writeFileSync(join(dir, 'model.inc'), '.model jj1 jj(icrit=0.1mA, cap=0.07pF, r0=160, rn=16)\n');
    writeFileSync(join(dir, 'a.cir'), '.include model.inc\nB1 1 0 jj1 area=1\nR1 1 0 2\nI1 0 1 pwl(0 0 10p 150u)\n.tran 0.25p 200p\n.print p(B1)\n');
    const r = await sfq(['simulate', 'a.cir', '--json', '--seed', '3'], dir);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { fluxons: { junction: string; count: number }[]; traces: Record<string, unknown> };
    expect(j.fluxons[0]!.junction).toBe('b1');
    expect(j.fluxons[0]!.count).toBeGreaterThan(3);
    expect(Object.keys(j.traces)).toEqual(['P(b1)']);
  });

  it('exits 2 with line and column on a bad netlist, and on bad arguments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfq-'));
    writeFileSync(join(dir, 'bad.cir'), '* bad\nR1 1 0 5\nL1 1 2 {3*}\n');
    const r = await sfq(['simulate', 'bad.cir'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^bad\.cir:3:\d+: bad expression/);
    expect((await sfq(['simulate'])).code).toBe(2);
    expect((await sfq(['simulate', 'x.cir', '--seed', 'z'])).err).toMatch(/bad --seed/);
    expect((await sfq(['frobnicate'])).code).toBe(2);
    expect((await sfq(['help'])).out).toMatch(/usage: neuromorph sfq simulate/);
  });
});
