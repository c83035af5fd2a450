/**
 * `neuromorph sweep --queue` with a real Redis (Debian's `redis-server`, started
 * here on 127.0.0.1 at a free port, nothing on disk) and real `neuromorph worker`
 * processes: two workers give the same merged result as the local pool, and a
 * worker killed with SIGKILL mid-unit has its unit handed to the other worker by
 * BullMQ's stalled-job check. Skipped, with a message, where `redis-server` is not
 * installed (CI installs it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTRY, TSX_IMPORT, cli, essence, record } from '../../tests/fixtures/sweep-cli.js';

const ROOT = join(import.meta.dirname, '../..');
const HAS_REDIS = spawnSync('redis-server', ['--version']).status === 0;
if (!HAS_REDIS) console.warn('skipping the Redis sweep tests: no redis-server on PATH (install it: apt-get install -y redis-server)');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves when `proc`'s output matches `pattern`. */
function waitFor(proc: ChildProcess, pattern: RegExp, ms = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}: ${text}`)), ms);
    const on = (chunk: Buffer): void => {
      text += chunk.toString();
      if (pattern.test(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout?.on('data', on);
    proc.stderr?.on('data', on);
  });
}

const procs: ChildProcess[] = [];
let url = '';
const dirs: string[] = [];

function startWorker(db: number, out: string): ChildProcess & { log: string } {
  const args = ['--import', TSX_IMPORT, join(ROOT, 'cli/main.ts'), 'worker', '--queue', `${url}/${db}`, '--registry', REGISTRY, '--lock-seconds', '2', '--out', out];
  const w = Object.assign(spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }), { log: '' });
  w.stderr.on('data', (c: Buffer) => void (w.log += c.toString()));
  procs.push(w);
  return w;
}

async function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  await exited;
}

describe.skipIf(!HAS_REDIS)('neuromorph sweep --queue (BullMQ on redis-server)', () => {
  beforeAll(async () => {
    const port = await freePort();
    const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    procs.push(redis);
    await waitFor(redis, /Ready to accept connections/);
    url = `redis://127.0.0.1:${port}`;
  }, 30_000);

  afterAll(async () => {
    for (const p of procs.reverse()) await stop(p);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('two worker processes give the local pool\'s merged result, and a re-submitted sweep reuses the queue\'s results', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'nm-queue-'));
    dirs.push(cwd);
    const workers = [startWorker(1, join(cwd, 'wa')), startWorker(1, join(cwd, 'wb'))];
    const local = await cli(['sweep', 'toy-walk', '--registry', REGISTRY, '--smoke', '--set', 'seeds=4', '--workers', '2', '--out', 'local'], cwd);
    expect(local.code).toBe(0);
    const q = await cli(['sweep', 'toy-walk', '--registry', REGISTRY, '--smoke', '--set', 'seeds=4', '--set', 'msPerUnit=600', '--queue', `${url}/1`, '--out', 'q'], cwd);
    expect(q.code, q.err).toBe(0);
    const rec = record(join(cwd, 'q'), 'toy-walk');
    expect(rec.metrics).toEqual(record(join(cwd, 'local'), 'toy-walk').metrics);
    expect(rec.series).toEqual(record(join(cwd, 'local'), 'toy-walk').series);
    // Mirrored to the submitter's results/<id>/units/, each naming the worker process that ran it.
    const unitsDir = join(cwd, 'q', 'toy-walk', 'units');
    const ranBy = readdirSync(unitsDir).map((f) => (JSON.parse(readFileSync(join(unitsDir, f), 'utf8')) as { worker: string }).worker.split('/')[0]);
    expect(ranBy).toHaveLength(4);
    expect(new Set(ranBy).size).toBe(2);
    // Another results folder, same sweep: the queue already holds the four results.
    const again = await cli(['sweep', 'toy-walk', '--registry', REGISTRY, '--smoke', '--set', 'seeds=4', '--set', 'msPerUnit=600', '--queue', `${url}/1`, '--out', 'q2'], cwd);
    expect(again.code).toBe(0);
    expect(again.err).not.toContain('started on');
    expect(essence(record(join(cwd, 'q2'), 'toy-walk'))).toEqual(essence(rec));
    for (const w of workers) await stop(w);
  }, 90_000);

  it('hands the unit of a worker killed with SIGKILL to the other worker, with the same result', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'nm-queue-'));
    dirs.push(cwd);
    const clean = await cli(['sweep', 'toy-walk', '--registry', REGISTRY, '--smoke', '--workers', '2', '--out', 'clean'], cwd);
    expect(clean.code).toBe(0);
    const a = startWorker(2, join(cwd, 'wa'));
    const sweep = cli(['sweep', 'toy-walk', '--registry', REGISTRY, '--smoke', '--set', 'msPerUnit=3000', '--queue', `${url}/2`, '--out', 'q'], cwd);
    // Only a runs at first; kill it one second into its first unit, then start b.
    await waitFor(a, /unit seed\d started/);
    await new Promise((r) => setTimeout(r, 1000));
    a.kill('SIGKILL');
    const b = startWorker(2, join(cwd, 'wb'));
    const r = await sweep;
    expect(r.code, `${r.err}\nworker b:\n${b.log}`).toBe(0);
    expect(b.log).toMatch(/unit seed0 done/);
    expect(record(join(cwd, 'q'), 'toy-walk').metrics).toEqual(record(join(cwd, 'clean'), 'toy-walk').metrics);
    expect(record(join(cwd, 'q'), 'toy-walk').series).toEqual(record(join(cwd, 'clean'), 'toy-walk').series);
    await stop(b);
  }, 90_000);
});
