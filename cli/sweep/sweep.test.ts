/**
 * `neuromorph sweep` on the local pool, with real child processes: the merge equals
 * the one-process run (a toy experiment and a real one), 1 and 2 workers agree,
 * finished units are reused on a re-run, a worker killed with SIGKILL mid-unit gets
 * its unit retried (resuming from the unit's checkpoint), and a unit that always
 * fails is reported while the others merge (exit 1).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../app.js';
import { sink } from '../../tests/fixtures/sink.js';
import { REGISTRY, TSX_IMPORT, cli, essence, record } from '../../tests/fixtures/sweep-cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'nm-sweep-'));
  dirs.push(d);
  return d;
}


const TOY = ['--registry', REGISTRY, '--smoke'];

/** Checkpoint files under `dir`/…/checkpoints (named by unit hash). */
function checkpointFiles(dir: string): number {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.includes('checkpoints') && f.endsWith('.json')).length;
  } catch {
    return 0;
  }
}

describe('neuromorph sweep (local pool)', () => {
  it('merges to what run reports, for 1 and 2 workers, and reuses finished units on a re-run', async () => {
    const cwd = tmp();
    const one = await cli(['run', 'toy-walk', '--smoke', '--out', 'run'], cwd);
    expect(one.code).toBe(0);
    const w1 = await cli(['sweep', 'toy-walk', ...TOY, '--workers', '1', '--out', 'w1'], cwd);
    expect(w1.code, w1.err).toBe(0);
    const w2 = await cli(['sweep', 'toy-walk', ...TOY, '--workers', '2', '--out', 'w2'], cwd);
    expect(w2.code, w2.err).toBe(0);
    const w4 = await cli(['sweep', 'toy-walk', ...TOY, '--workers', '4', '--out', 'w4'], cwd);
    expect(w4.code, w4.err).toBe(0);
    expect(essence(record(join(cwd, 'w4'), 'toy-walk'))).toEqual(essence(record(join(cwd, 'run'), 'toy-walk')));
    const base = essence(record(join(cwd, 'run'), 'toy-walk'));
    expect(essence(record(join(cwd, 'w1'), 'toy-walk'))).toEqual(base);
    expect(essence(record(join(cwd, 'w2'), 'toy-walk'))).toEqual(base);
    expect(record(join(cwd, 'w2'), 'toy-walk').sweep).toMatchObject({ units: 3, reused: 0, missing: [] });
    // Both workers took units.
    expect(w2.err).toContain('on local-2');

    // Re-run: everything is stored; then lose one unit's file and only that one runs.
    const again = await cli(['sweep', 'toy-walk', ...TOY, '--workers', '2', '--out', 'w2'], cwd);
    expect(again.err).toContain('3 units (3 already stored');
    expect(again.err).not.toContain('started on');
    const unitsDir = join(cwd, 'w2', 'toy-walk', 'units');
    unlinkSync(join(unitsDir, readdirSync(unitsDir).find((f) => f.startsWith('seed1-'))!));
    const partial = await cli(['sweep', 'toy-walk', ...TOY, '--workers', '2', '--out', 'w2'], cwd);
    expect(partial.err).toContain('3 units (2 already stored');
    expect(partial.err.match(/started on/g)).toHaveLength(1);
    expect(record(join(cwd, 'w2'), 'toy-walk').sweep).toMatchObject({ units: 3, reused: 2 });
    expect(essence(record(join(cwd, 'w2'), 'toy-walk'))).toEqual(base);
    // A different config never reuses them.
    const other = await cli(['sweep', 'toy-walk', ...TOY, '--set', 'steps=50', '--out', 'w2'], cwd);
    expect(other.err).toContain('3 units (0 already stored');
  }, 60_000);

  it('after the sweep itself is killed with SIGKILL, a re-run reuses the units that had finished', async () => {
    const cwd = tmp();
    const argv = ['sweep', 'toy-walk', ...TOY, '--set', 'seeds=4', '--set', 'msPerUnit=1500', '--workers', '1', '--out', 'r'];
    const proc = spawn(process.execPath, ['--import', TSX_IMPORT, join(import.meta.dirname, '../main.ts'), ...argv], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    await new Promise<void>((resolve) => {
      proc.stderr.on('data', (c: Buffer) => {
        err += c.toString();
        if ((err.match(/ done in /g) ?? []).length === 2) {
          proc.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => proc.once('exit', r));
    const again = await cli(argv, cwd);
    expect(again.code, again.err).toBe(0);
    expect(again.err).toContain('4 units (2 already stored');
    expect(again.err.match(/started on/g)).toHaveLength(2);
    expect((await cli(['sweep', 'toy-walk', ...TOY, '--set', 'seeds=4', '--workers', '2', '--out', 'fresh'], cwd)).code).toBe(0);
    expect(record(join(cwd, 'r'), 'toy-walk').metrics).toEqual(record(join(cwd, 'fresh'), 'toy-walk').metrics);
  }, 60_000);

  it('runs a grid point per value and the controls with --controls, judged as verify does', async () => {
    const cwd = tmp();
    const r = await cli(['sweep', 'toy-walk', ...TOY, '--grid', 'steps=10,20', '--controls', '--workers', '2', '--out', 'g'], cwd);
    expect(r.code, r.err).toBe(0);
    for (const steps of [10, 20]) {
      const rec = record(join(cwd, 'g'), 'toy-walk', `steps=${steps}`);
      expect(rec.config.steps).toBe(steps);
      expect(rec.sweep?.point).toBe(`steps=${steps}`);
      const v = await cli(['verify', 'toy-walk', '--smoke', '--set', `steps=${steps}`, '--out', `v${steps}`], cwd);
      expect(v.err).toContain('control still');
      expect(essence(rec)).toEqual(essence(record(join(cwd, `v${steps}`), 'toy-walk')));
      expect(rec.claims[0]!.controls?.[0]).toMatchObject({ name: 'still', met: false });
    }
  }, 60_000);

  it('retries a unit whose worker process was killed with SIGKILL, resuming it from its checkpoint', async () => {
    const cwd = tmp();
    const clean = await cli(['sweep', 'toy-walk', ...TOY, '--workers', '2', '--out', 'clean'], cwd);
    expect(clean.code).toBe(0);
    let killed = 0;
    const r = await cli(['sweep', 'toy-walk', ...TOY, '--set', 'msPerUnit=3000', '--workers', '2', '--out', 'k'], cwd, (text) => {
      const m = /unit seed1 started on local-\d \(pid (\d+)\)/.exec(text);
      if (m && killed === 0) {
        killed = Number(m[1]);
        // Kill once the unit has checkpointed (a fixed delay raced the child's start-up on a loaded machine).
        const t0 = Date.now();
        const poll = setInterval(() => {
          // seeds 0 and 1 are the only units running now: two files mean seed1 has one
          if (checkpointFiles(join(cwd, 'k')) < 2 && Date.now() - t0 < 30_000) return;
          clearInterval(poll);
          setTimeout(() => process.kill(killed, 'SIGKILL'), 300);
        }, 100);
      }
    });
    expect(killed).toBeGreaterThan(0);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('unit seed1 failed (attempt 1, will retry): worker process');
    expect(r.err).toContain('killed by SIGKILL');
    expect(r.err).toMatch(/unit seed1: resuming from .*checkpoints/);
    const k = record(join(cwd, 'k'), 'toy-walk');
    // msPerUnit only slows the units down; the walks are the clean ones.
    expect(k.metrics).toEqual(record(join(cwd, 'clean'), 'toy-walk').metrics);
    expect(k.series).toEqual(record(join(cwd, 'clean'), 'toy-walk').series);
  }, 60_000);

  it('reports a unit that fails every attempt, merges the others, and exits 1', async () => {
    const cwd = tmp();
    const r = await cli(['sweep', 'toy-walk', ...TOY, '--set', 'failKey=seed2', '--attempts', '2', '--workers', '2', '--out', 'f'], cwd);
    expect(r.code).toBe(1);
    expect(r.err).toContain('unit seed2 failed (attempt 2, no attempts left): toy-walk unit seed2: this unit always fails');
    expect(r.err).toContain('MISSING unit seed2');
    expect(r.out).toContain('1 of 3 units MISSING');
    const rec = record(join(cwd, 'f'), 'toy-walk');
    expect(rec.sweep?.missing).toEqual([{ key: 'seed2', error: expect.stringContaining('this unit always fails') as string }]);
    expect(rec.metrics.seedsMerged).toBe(2);
    expect(rec.claims[0]!.n).toBe(2);
    expect(readFileSync(join(cwd, 'f', 'index.html'), 'utf8')).toContain('1 of 3 units missing');
  }, 60_000);

  it('gives usage errors (exit 2) for a bad grid, an unknown key and a bad queue URL', async () => {
    const cwd = tmp();
    expect((await cli(['sweep', 'toy-walk', ...TOY, '--grid', 'steps'], cwd)).err).toContain('malformed grid');
    expect((await cli(['sweep', 'toy-walk', ...TOY, '--grid', 'nope=1,2'], cwd)).code).toBe(2);
    const q = await cli(['sweep', 'toy-walk', ...TOY, '--queue', 'http://x:1'], cwd);
    expect([q.code, q.err]).toEqual([2, expect.stringContaining('not a Redis URL')]);
    expect((await cli(['worker'], cwd)).err).toContain('missing --queue');
  }, 30_000);
});

describe('neuromorph sweep of a real experiment', () => {
  it('mlp-mnist at smoke, 2 seeds on 2 workers, equals the one-process run', async () => {
    const cwd = tmp();
    const { experiments } = await import('../../experiments/index.js');
    const stdout = sink();
    const run = await main(['run', 'mlp-mnist', '--smoke', '--set', 'seeds=2', '--out', 'a'], { registry: experiments, stdout, stderr: sink(), cwd });
    const err = sink();
    const sweep = await main(['sweep', 'mlp-mnist', '--smoke', '--set', 'seeds=2', '--workers', '2', '--out', 'b'], { registry: experiments, stdout, stderr: err, cwd });
    expect([run, sweep], err.text).toEqual([0, 0]);
    expect(essence(record(join(cwd, 'b'), 'mlp-mnist'))).toEqual(essence(record(join(cwd, 'a'), 'mlp-mnist')));
  }, 60_000);
});
