import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Experiment, ResultRecord } from '../src/experiment/index.js';
import { ConfigError, LimitError } from '../src/util/index.js';
import { setCheckFinite } from '../src/tensor/index.js';
import { interruptAfterSaves, toyLine } from '../tests/fixtures/toy-experiment.js';
import { main } from './app.js';
import { writeResultFile } from './results.js';
import { sink } from '../tests/fixtures/sink.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});


async function cli(argv: string[], registry: readonly Experiment[] = [toyLine]) {
  const cwd = mkdtempSync(join(tmpdir(), 'nm-cli-'));
  dirs.push(cwd);
  const stdout = sink();
  const stderr = sink();
  const code = await main(argv, { registry, stdout, stderr, cwd });
  return { code, out: stdout.text, err: stderr.text, cwd };
}

function readRecord(dir: string, id = 'toy-line'): ResultRecord {
  return JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')) as ResultRecord;
}

describe('neuromorph CLI (in-process)', () => {
  it('list prints the registered experiments', async () => {
    const r = await cli(['list']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/toy-line\s+2\s+Least squares by stochastic gradient descent \(1951\)/);
  });

  it('run writes the results JSON with every field, and the report', async () => {
    const r = await cli(['run', 'toy-line', '--smoke', '--seed', '4', '--set', 'lr=0.1', '--out', 'res']);
    expect(r.code).toBe(0);
    const rec = readRecord(join(r.cwd, 'res'));
    expect(Object.keys(rec).sort()).toEqual(
      ['claims', 'config', 'description', 'gitCommit', 'id', 'metrics', 'nodeVersion', 'packageVersion', 'paper', 'scale', 'schemaVersion', 'seed', 'series', 'startedAt', 'wallTimeS'].sort(),
    );
    expect(rec).toMatchObject({ id: 'toy-line', scale: 'smoke', seed: 4, packageVersion: '0.1.0', nodeVersion: process.version });
    expect(rec.config).toMatchObject({ epochs: 6, samples: 50, lr: 0.1 });
    expect(rec.gitCommit).toMatch(/^[0-9a-f]{40}$/); // the neuromorph checkout's commit, not the cwd's
    expect(rec.claims).toHaveLength(2);
    expect(rec.claims[0]).toMatchObject({ metric: 'finalLoss', op: '<=', value: 0.05, met: true });
    expect(typeof rec.claims[0]!.measured).toBe('number');
    expect(rec.series.loss).toMatchObject({ kind: 'line', xLabel: 'epoch' });
    expect(Date.parse(rec.startedAt)).not.toBeNaN();
    expect(rec.wallTimeS).toBeGreaterThanOrEqual(0);
    expect(r.out).toContain('finalLoss <=');
    const html = readFileSync(join(r.cwd, 'res', 'index.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(existsSync(join(r.cwd, 'res', 'checkpoints', 'toy-line-smoke-seed4.json'))).toBe(false);
  });

  it('--version prints the package version; run <id> --help lists the config keys, claims and controls', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const argv of [['--version'], ['version']]) expect((await cli(argv)).out).toBe(`neuromorph ${version}\n`);
    const h = await cli(['run', 'toy-line', '--help']);
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/config keys/);
    expect(h.out).toMatch(/^lr\s+0\.05\s/m);
    expect(h.out).toContain('claims:');
    expect((await cli(['run', 'toy-lin', '--help'])).code).toBe(2);
  });

  it('check exits 0 when claims are met and 1 when one is missed', async () => {
    expect((await cli(['check', 'toy-line', '--smoke'])).code).toBe(0);
    const r = await cli(['check', 'toy-line', '--smoke', '--set', 'lr=0']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/finalLoss <=\s+effect\s+not published\s+\S+ \(single seed\)\s+0\.05\s+missed\s+not run/);
    expect(r.out).toMatch(/2 of 2 claims missed/);
  });

  it('reports unknown commands, ids, flags and keys with the valid choices (exit 2, no stack)', async () => {
    const cases: [string[], string][] = [
      [['frobnicate'], 'neuromorph: unknown command, expected one of list, run, check, verify, sweep, worker, start, report, sdr, sfq, help, version, received "frobnicate"'],
      [['run', 'nope'], 'neuromorph run: unknown experiment, expected one of toy-line, received "nope"'],
      [['run', 'toy-line', '--fast'], 'neuromorph run: unknown option, expected one of --quick, --smoke, --seed, --set, --out, --resume, --check-finite, --threads, --allow-large, received "--fast"'],
      [['run', 'toy-line', '--set', 'lrr=1'], 'toy-line.config: unknown key "lrr" (did you mean "lr"?), expected one of epochs, samples, lr, noise, optimizer, hidden, verbose, received "lrr"'],
      [['run', 'toy-line', '--set', 'epochs=many'], 'toy-line.config.epochs: wrong type, expected a finite number, received "many"'],
      [['check'], 'missing experiment id, expected one of toy-line'],
      [['run', 'toy-lin'], 'neuromorph run: unknown experiment (did you mean toy-line?), expected one of toy-line'],
      [['run', 'toy-line', '--seed', 'x'], 'bad --seed, expected an integer'],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toContain(message);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it('refuses a count past its limit before any work (exit 2, naming the key and --allow-large); --allow-large lifts it', async () => {
    const { experiments } = await import('../experiments/index.js');
    for (const command of ['run', 'sweep']) {
      const r = await cli([command, 'mlp-mnist', '--set', 'epochs=1e12', '--out', 'big'], experiments);
      expect(r.code, command).toBe(2);
      expect(r.err).toContain('mlp-mnist.config.epochs: epochs exceeds the limit');
      expect(r.err).toContain('--allow-large');
      expect(r.err).toContain('expected at most 1000, received 1000000000000');
      expect(r.err).not.toMatch(/running at|sweep at|\n\s+at /);
      expect(existsSync(join(r.cwd, 'big', 'mlp-mnist.json'))).toBe(false);
    }
    const limited = { ...toyLine, id: 'toy-limited', ranges: { epochs: { integer: true, min: 1, limit: 8 } } };
    expect((await cli(['run', 'toy-limited', '--smoke', '--set', 'epochs=9'], [limited])).code).toBe(2);
    const lifted = await cli(['run', 'toy-limited', '--smoke', '--set', 'epochs=9', '--allow-large', '--out', 'res'], [limited]);
    expect(lifted.code).toBe(0);
    expect(readRecord(join(lifted.cwd, 'res'), 'toy-limited').config.epochs).toBe(9);
    // Lifting limits never lifts the minimum.
    expect((await cli(['run', 'toy-limited', '--smoke', '--set', 'epochs=0', '--allow-large'], [limited])).err).toContain('out of range');
  });

  it('reports a config the experiment rejects while running as a usage error (exit 2), not a crash', async () => {
    const picky = { ...toyLine, id: 'toy-picky', run: () => { throw new ConfigError('toy-picky', { what: 'no network to train', expected: 'an arm on', received: 'none' }); } };
    const r = await cli(['run', 'toy-picky', '--smoke'], [picky]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('toy-picky: no network to train, expected an arm on, received "none"');
    expect(r.err).not.toContain('crashed');
    // So is a limit an engine hits inside the run (the sfq step cap, the synapse count, …).
    const greedy = { ...toyLine, id: 'toy-greedy', run: () => { throw new LimitError('sfq transient', { what: 'time steps', limit: 10, requested: 11, raise: '--max-steps N' }); } };
    const g = await cli(['run', 'toy-greedy', '--smoke'], [greedy]);
    expect(g.code).toBe(2);
    expect(g.err).toContain('sfq transient: time steps exceeds the limit (raise it with --max-steps N), expected at most 10, received 11');
  });

  it('--resume after an interruption completes with the same metrics as an uninterrupted run', async () => {
    const clean = await cli(['run', 'toy-line', '--quick', '--out', 'r']);
    const expected = readRecord(join(clean.cwd, 'r')).metrics;

    const crashed = await cli(['run', 'toy-line', '--quick', '--out', 'r'], [interruptAfterSaves(toyLine, 7)]);
    expect(crashed.code).toBe(1);
    expect(crashed.err).toContain('simulated crash after 7 checkpoints');
    const ckpt = join(crashed.cwd, 'r', 'checkpoints', 'toy-line-quick-seed0.json');
    expect((JSON.parse((JSON.parse(readFileSync(ckpt, 'utf8')) as { state: string }).state) as { epoch: number }).epoch).toBe(7);

    const stdout = sink();
    const stderr = sink();
    const code = await main(['run', 'toy-line', '--quick', '--out', 'r', '--resume'], { registry: [toyLine], stdout, stderr, cwd: crashed.cwd });
    expect(code).toBe(0);
    expect(stderr.text).toContain('resumed after epoch 7');
    expect(readRecord(join(crashed.cwd, 'r')).metrics).toEqual(expected);
    expect(existsSync(ckpt)).toBe(false);
  });

  it('start runs every experiment at quick scale, writes results and the report, and flags crashes', async () => {
    const broken = { ...(toyLine), id: 'toy-broken', run: () => { throw new Error('kaput'); } };
    const r = await cli(['start', '--out', 'out'], [toyLine, broken]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/toy-line\s+finalLoss <=\s+effect\s+not published\s+\S+ \(single seed\)\s+0\.03\s+reproduced\s+untrained: broke/);
    expect(r.out).toMatch(/toy-line\s+slope >\s+effect\s+2 \(the generating line\)\s+\S+ \(single seed\)\s+[+-]\S+, ×\S+\s+1\.8\s+reproduced/);
    expect(r.out).toContain('2 of 2 effect claims met; 2 reproduced (met and broken by every control); 0 held under a control (defects)');
    expect(readRecord(join(r.cwd, 'out')).controlRuns?.untrained?.overrides).toEqual({ lr: 0 });
    expect(r.out).toMatch(/toy-broken\s+\(crashed\)/);
    expect(readRecord(join(r.cwd, 'out')).scale).toBe('quick');
    expect(readRecord(join(r.cwd, 'out'), 'toy-broken').error).toBe('Error: kaput');
    const html = readFileSync(join(r.cwd, 'out', 'index.html'), 'utf8');
    expect(html).toContain('toy-broken');
    expect(html).not.toMatch(/<script|<link|@import|https?:\/\/(?!doi\.org|www\.w3\.org\/2000\/svg)/);
    const ok = await cli(['start', '--smoke', '--out', 'out']);
    expect(ok.code).toBe(0);
  });

  it('verify --json prints one object with each claim and its controls; exit 1 on a defect, --defects-only ignores a plain miss', async () => {
    const r = await cli(['verify', 'toy-line', '--smoke', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { id: string; scale: string; claims: { metric: string; kind: string; n: number; mean: number; ci: number[]; paper: unknown; target: number; met: boolean; controls: { name: string; met: boolean }[] }[] };
    expect(json).toMatchObject({ id: 'toy-line', scale: 'smoke' });
    expect(json.claims.map((c) => [c.metric, c.kind, c.n, c.target, c.met, c.controls])).toEqual([
      ['finalLoss', 'effect', 1, 0.05, true, [expect.objectContaining({ name: 'untrained', met: false })]],
      ['slope', 'effect', 1, 1.8, true, [expect.objectContaining({ name: 'untrained', met: false })]],
    ]);
    expect(json.claims[1]!.paper).toEqual({ value: 2, where: 'the generating line' });
    expect(json.claims[0]!.ci).toHaveLength(2);

    const defective = { ...toyLine, claims: toyLine.claims.map((c) => ({ ...c, controls: ['weakNoise'] })) };
    const d = await cli(['verify', 'toy-line', '--smoke'], [defective]);
    expect(d.code).toBe(1);
    expect(d.out).toMatch(/met, HELD under control: defect\s+weakNoise: HELD \(defect\)/);
    expect((await cli(['verify', 'toy-line', '--smoke', '--defects-only'], [defective])).code).toBe(1);
    const missed = await cli(['verify', 'toy-line', '--smoke', '--defects-only', '--set', 'epochs=0']);
    expect(missed.out).toMatch(/0 of 2 effect claims met/);
    expect(missed.code).toBe(0);
    expect((await cli(['verify', 'toy-line', '--smoke', '--set', 'epochs=0'])).code).toBe(1);
  });

  it('report regenerates index.html from the JSON files', async () => {
    const r = await cli(['run', 'toy-line', '--smoke']);
    const stdout = sink();
    const code = await main(['report'], { registry: [], stdout, stderr: sink(), cwd: r.cwd });
    expect(code).toBe(0);
    expect(stdout.text).toContain('(1 experiment)');
    expect(readFileSync(join(r.cwd, 'results', 'index.html'), 'utf8')).toContain('Least squares');
  });
});

describe('neuromorph CLI (spawned)', () => {
  it('checks --out before any work, and report needs an existing results folder (exit 2)', async () => {
    let ran = 0;
    const counting: Experiment = { ...toyLine, run: (c, ctx) => (ran++, toyLine.run(c as never, ctx)) };
    const file = join(mkdtempSync(join(tmpdir(), 'nm-out-')), 'a-file');
    writeFileSync(file, '');
    dirs.push(dirname(file));
    const cases: [string[], RegExp][] = [
      [['run', 'toy-line', '--smoke', '--out', '/dev/null/x'], /--out: cannot write results there, .*dev.null.x \(ENOTDIR\)/],
      [['run', 'toy-line', '--smoke', '--out', '/proc/newdir'], /--out: a virtual file system/],
      [['start', '--smoke', '--out', join(file, 'x')], /--out: cannot write results there, .*ENOTDIR/],
      [['report', '--out', '/nonexistent-neuromorph'], /no such results folder/],
      [['report', '--out', file], /not a folder/],
      [['report', '--out', dirname(file)], /no results files/],
    ];
    for (const [argv, pattern] of cases) {
      const r = await cli(argv, [counting]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(pattern);
    }
    expect(ran).toBe(0);
  });

  it('keeps a result whose final write fails: it goes to the temporary folder and the error says where', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nm-out-')), 'a-file');
    writeFileSync(file, '');
    dirs.push(dirname(file));
    const record = { id: 'toy-line', metrics: { loss: 0.5 } } as unknown as ResultRecord;
    let message = '';
    try {
      writeResultFile(join(file, 'sub'), record);
    } catch (e) {
      message = (e as Error).message;
    }
    const saved = /saved to (\S+\.json) instead/.exec(message)?.[1];
    expect(message).toMatch(/cannot write the results file \(ENOTDIR\)/);
    expect(saved).toBeDefined();
    dirs.push(saved!);
    expect((JSON.parse(readFileSync(saved!, 'utf8')) as ResultRecord).metrics).toEqual({ loss: 0.5 });
  });

  it('--check-finite stops a diverging run at the op that went non-finite', async () => {
    const { experiments } = await import('../experiments/index.js');
    try {
      const r = await cli(['run', 'mlp-mnist', '--smoke', '--set', 'lr=1e30', '--check-finite', '--out', 'cf'], experiments);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/mlp-mnist crashed: \w+\(a \[\d+(, \d+)*\].*\): (result|the gradient for argument \w) has (NaN|-?Infinity) at index \d+/);
      expect(r.err).toMatch(/ (at step \d+ \(after \d+ backward pass(es)? since the check was enabled\)|in backward pass \d+ since the check was enabled), expected finite values/);
    } finally {
      setCheckFinite(false);
      delete process.env.NEUROMORPH_CHECK_FINITE;
    }
  });

  it('npx tsx cli/main.ts list runs', () => {
    const out = execFileSync('npx', ['tsx', 'cli/main.ts', 'list'], { cwd: join(import.meta.dirname, '..'), encoding: 'utf8' });
    expect(out.length).toBeGreaterThan(0);
  });
});
