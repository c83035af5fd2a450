import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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

  it('resolves .include against the including file, inside the netlist\'s folder only, with typed errors (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfq-'));
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'lib', 'cells.inc'), '.include model.inc\n');
    writeFileSync(join(dir, 'lib', 'model.inc'), '.model jj1 jj(icrit=0.1mA, cap=0.07pF, r0=160, rn=16)\n');
    const body = 'B1 1 0 jj1 area=1\nR1 1 0 2\nI1 0 1 pwl(0 0 10p 150u)\n.tran 0.25p 20p\n.print p(B1)\n';
    writeFileSync(join(dir, 'nested.cir'), `.include lib/cells.inc\n${body}`);
    expect((await sfq(['simulate', 'nested.cir'], dir)).code).toBe(0);
    const cases: [string, RegExp][] = [
      ['.include missing.inc', /missing\.cir:1:1: cannot read the included file.*missing\.inc: no such file/],
      ['.include lib', /cannot read the included file.*"lib: not a file"/],
      ['.include /etc/passwd', /cannot read the included file.*outside the netlist's folder/],
      ['.include ../x.inc', /outside the netlist's folder/],
    ];
    for (const [line, pattern] of cases) {
      writeFileSync(join(dir, 'missing.cir'), `${line}\n${body}`);
      const r = await sfq(['simulate', 'missing.cir'], dir);
      expect(r.code, line).toBe(2);
      expect(r.err, line).toMatch(pattern);
      expect(r.err, line).not.toMatch(/root:|\n\s+at /);
    }
  });

  it('caps the number of included files, so a fan-out of includes cannot hang', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfq-'));
    // Each level includes the next one 4 times: 4^15 includes unbounded, at most 256 here.
    for (let k = 0; k < 15; k++) writeFileSync(join(dir, `l${k}.inc`), `.include l${k + 1}.inc\n`.repeat(4));
    writeFileSync(join(dir, 'l15.inc'), '* leaf\n');
    writeFileSync(join(dir, 'fan.cir'), '.include l0.inc\nR1 1 0 2\n.tran 1p 2p\n');
    const r = await sfq(['simulate', 'fan.cir'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/too many included files, expected at most 256/);
  });

  it('refuses runs past the step and recording limits, bad .tran times and diverging circuits before or as they happen (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfq-'));
    const model = '.model jj1 jj(icrit=0.1mA, cap=0.07pF, r0=160, rn=16)\n';
    const circuit = (area: string, tran: string, m = model) => `${m}B1 1 0 jj1 area=${area}\nR1 1 0 2\nI1 0 1 pwl(0 0 10p 150u)\n${tran}\n.print p(B1)\n`;
    const cases: [string, string, RegExp, string[]?][] = [
      ['tiny step', circuit('1', '.tran 1e-30 1000p 0 1p'), /exceeds the limit \(raise it with maxSteps \(CLI: --max-steps N\)/],
      ['1 s of femtoseconds', circuit('1', '.tran 1f 1'), /time steps exceeds the limit/],
      ['start after stop', circuit('1', '.tran 0.25p 100p 200p'), /the start time is outside \[0, stop\]/],
      ['too many samples', circuit('1', '.tran 0.25p 100p'), /samples × 2 traces .* exceeds the limit .*--max-samples/, ['--max-samples', '100']],
      ['steps over a lowered cap', circuit('1', '.tran 0.25p 100p'), /exceeds the limit.*expected at most 10,/, ['--max-steps', '10']],
      ['a junction with area=-2', circuit('-2', '.tran 0.25p 1000p'), /c\.cir:2:17: B1: area must be positive/],
      ['a junction with r0=0', circuit('1', '.tran 0.25p 100p', '.model jj1 jj(icrit=0.1mA, cap=0.07pF, r0=0, rn=16)\n'), /c\.cir:1:43: jj1: r0 must be positive/],
    ];
    for (const [name, text, pattern, extra] of cases) {
      writeFileSync(join(dir, 'c.cir'), text);
      const t0 = performance.now();
      const r = await sfq(['simulate', 'c.cir', ...(extra ?? [])], dir);
      expect(r.code, `${name}: ${r.err}`).toBe(2);
      expect(r.err, name).toMatch(pattern);
      expect(r.err, name).not.toMatch(/\n\s+at /);
      expect(performance.now() - t0, name).toBeLessThan(10_000);
    }
  });

  it('decimates with --every and streams with --stream: the same rows as the held run, none held in memory', async () => {
    const file = 'experiments/krylov-2023-sfq-xor/jtl.cir';
    const full = (await sfq(['simulate', file])).out.trim().split('\n');
    const every = await sfq(['simulate', file, '--every', '10']);
    expect(every.code).toBe(0);
    const dec = every.out.trim().split('\n');
    expect(dec[0]).toBe(full[0]);
    expect(dec.slice(1)).toEqual(full.slice(1).filter((_, i) => i % 10 === 0));
    const streamed = await sfq(['simulate', file, '--stream']);
    expect(streamed.code).toBe(0);
    expect(streamed.out.trim().split('\n')).toEqual(full);
    // Streaming skips the recording limit (nothing is held); held, the same run is refused.
    expect((await sfq(['simulate', file, '--stream', '--max-samples', '100'])).code).toBe(0);
    expect((await sfq(['simulate', file, '--max-samples', '100'])).code).toBe(2);
    expect((await sfq(['simulate', file, '--stream', '--json'])).err).toMatch(/--stream writes CSV/);
    expect((await sfq(['simulate', file, '--every', '0'])).err).toMatch(/bad --every.*a positive integer/);
  });

  it('stops a stream whose solver must halve the step after rows went out, naming the step to use', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfq-'));
    // A 3 ps step trips the predictor guard once the junction switches (after 9 ns: 3,000 rows, over 64 kB).
    const text = '.model jj1 jj(icrit=0.1mA, cap=0.07pF, r0=160, rn=16)\nB1 1 0 jj1 area=1\nR1 1 0 2\nI1 0 1 pwl(0 0 9000p 0 9010p 150u)\n.tran 3p 10000p\n.print p(B1)\n';
    writeFileSync(join(dir, 's.cir'), text);
    const held = await sfq(['simulate', 's.cir', '--json'], dir);
    expect(held.code).toBe(0);
    expect((JSON.parse(held.out) as { restarts: number }).restarts).toBeGreaterThan(0);
    const r = await sfq(['simulate', 's.cir', '--stream'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/had to halve its step to 1\.5e-12 s after \d+ rows were written.*a \.tran step of at most 1\.5e-12 s, or no --stream/);
  });
});
