import { describe, expect, it } from 'vitest';
import { main } from './app.js';
import { sink } from '../tests/fixtures/sink.js';


async function sdr(args: string[]) {
  const stdout = sink();
  const stderr = sink();
  const code = await main(['sdr', ...args], { registry: [], stdout, stderr, cwd: process.cwd() });
  return { code, out: stdout.text, err: stderr.text };
}

describe('neuromorph sdr', () => {
  it('false-match --json prints exactly { probability, log10 }', async () => {
    const r = await sdr(['false-match', '--n', '10000', '--a', '64', '--s', '24', '--theta', '12', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(j).sort()).toEqual(['log10', 'probability']);
    expect(j.probability).toBe('4.041597123e-21');
    expect(j.log10).toBeCloseTo(-20.3934, 4);
    expect((j.probability as string).replace(/e.*$/, '').replace('.', '').length).toBeGreaterThanOrEqual(6);
  });

  it('prints tiny probabilities without underflow, and exact 0 with log10 null', async () => {
    const r = await sdr(['false-match', '--n=1000000', '--a=500', '--s=500', '--theta=500', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { probability: string; log10: number };
    expect(j.probability).toMatch(/e-186\d$/);
    expect(j.log10).toBeLessThan(-1800);
    const z = await sdr(['false-match', '--n', '100', '--a', '5', '--s', '10', '--theta', '8', '--json']);
    expect(JSON.parse(z.out)).toEqual({ probability: '0', log10: null });
  });

  it('false-negative and union compute the note’s values; text output names the formula', async () => {
    const fn = await sdr(['false-negative', '--a', '128', '--s', '30', '--theta', '12', '--noise', '64', '--json']);
    expect(JSON.parse(fn.out).probability).toBe('7.169851604e-2');
    const ua = await sdr(['union', '--n', '10000', '--a', '200', '--s', '25', '--theta', '15', '--m', '10', '--mode', 'synapses', '--binomial', 'integer', '--json']);
    expect(JSON.parse(ua.out).probability).toMatch(/^1\.270804\d+e-4$/);
    const ub = await sdr(['union', '--n', '4000', '--a', '30', '--s', '20', '--theta', '10', '--m', '2', '--mode', 'inputs']);
    expect(ub.code).toBe(0);
    expect(ub.out).toMatch(/^P_FP union inputs .*A_M=.* = 4\.17\d+e-14 \(log10 -13\.\d+\)\n$/);
    const text = await sdr(['false-match', '--n', '2000', '--a', '40', '--s', '20', '--theta', '10']);
    expect(text.out).toMatch(/^P_FP\(n=2000, a=40, s=20, θ=10\) = 4\.9436\d+e-13/);
  });

  it.each([
    [['false-match', '--n', '100', '--a', '5', '--s', '10', '--theta', '11'], '--theta: greater than s'],
    [['false-match', '--n', '100', '--a', '500', '--s', '10', '--theta', '1'], '--a: greater than n'],
    [['false-match', '--n', '100', '--a', '-5', '--s', '10', '--theta', '1'], '--a: negative'],
    [['false-match', '--n', '100', '--a', '5.5', '--s', '10', '--theta', '1'], '--a: not an integer'],
    [['false-match', '--n', 'ten', '--a', '5', '--s', '10', '--theta', '1'], '--n: not a number'],
    [['false-match', '--n', '100', '--a', '5', '--s', '10'], 'missing --theta'],
    [['false-match', '--n', '100', '--a', '5', '--s', '10', '--theta'], '--theta needs a value'],
    [['false-match', '--n', '100', '--a', '5', '--s', '10', '--theta', '2', '--noise', '3'], 'unknown option'],
    [['false-negative', '--a', '20', '--s', '10', '--theta', '5', '--noise', '21'], '--noise: greater than a'],
    [['union', '--n', '100', '--a', '5', '--s', '10', '--theta', '1', '--m', '0', '--mode', 'inputs'], '--m: no patterns'],
    [['union', '--n', '100', '--a', '5', '--s', '10', '--theta', '1', '--m', '2', '--mode', 'both'], '--mode: unknown value'],
    [['union', '--n', '100', '--a', '5', '--s', '10', '--theta', '1', '--m', '2'], 'missing --mode'],
    [['overlap'], 'unknown subcommand'],
  ])('exits 2 with a clear error for %j', async (args, message) => {
    const r = await sdr(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
    expect(r.err).toMatch(/^neuromorph sdr/);
    expect(r.err).not.toContain('    at '); // no stack trace
  });

  it('prints its usage, and the main usage lists it', async () => {
    const r = await sdr(['help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('false-negative --a A --s S --theta T --noise V');
    const top = sink();
    await main(['help'], { registry: [], stdout: top, stderr: sink(), cwd: process.cwd() });
    expect(top.text).toContain('sdr <subcommand> [--json]');
  });
});
