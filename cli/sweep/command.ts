/**
 * `neuromorph sweep` and `neuromorph worker`. A sweep plans its runs (grid points,
 * and controls with `--controls`), reuses the units stored by an earlier sweep,
 * runs the rest on the local pool or the queue, merges each run's units exactly as
 * a one-process run would, and writes the results files and the report. Units that
 * failed every attempt are named in the record and on stderr, and the command exits 1.
 */
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ArgumentError, NeuroError } from '../../src/util/index.js';
import { judgeControls, mergeUnits, toOutcome, toResultRecord } from '../../src/experiment/index.js';
import type { Experiment, Provenance, ResultRecord, RunOutcome, SweepSummary } from '../../src/experiment/index.js';
import type { ParsedArgs } from '../args.js';
import { createProgress, formatDuration, type ProgressStream } from '../progress.js';
import { gatherProvenance, writeReportFile, writeResultFile } from '../results.js';
import { distinctJobs, planSweep, type SweepRun } from './jobs.js';
import { QUEUE_NAME, runQueue, runWorker } from './queue.js';
import { runLocal, type JobEnd, type RunnerEvents } from './runners.js';
import { readStoredUnit } from './store.js';
import { formatTable } from '../table.js';
import { CLAIM_HEADER, countLine, sortedRows } from '../claims-table.js';

/** What the sweep commands need from the CLI. */
export interface SweepDeps {
  readonly registry: readonly Experiment[];
  readonly stderr: ProgressStream;
  readonly stdout: ProgressStream;
  readonly cwd: string;
  /** Module URL of the registry worker processes load (default: the built-in one). */
  readonly registryModule?: string;
  /** Resolves to stop a `worker` (default: SIGINT or SIGTERM). */
  readonly stopWorker?: Promise<void>;
}

/** `--registry MODULE`: its URL, and its experiments. */
export async function loadRegistry(spec: string, cwd: string): Promise<{ url: string; experiments: readonly Experiment[] }> {
  const url = /^[a-z]+:/.test(spec) ? spec : pathToFileURL(resolve(cwd, spec)).href;
  const mod = (await import(url)) as { experiments?: unknown };
  if (!Array.isArray(mod.experiments)) throw new ArgumentError('--registry', { what: 'module exports no experiments list', expected: 'export const experiments: Experiment[]', received: Object.keys(mod) });
  return { url, experiments: mod.experiments as Experiment[] };
}

function threadsPerWorker(args: ParsedArgs, workers: number): number {
  return args.counts.threads ?? Math.max(1, Math.floor(availableParallelism() / workers));
}

function fileName(id: string, point: string | null): string {
  return point === null ? `${id}.json` : `${id}@${point.replace(/[^A-Za-z0-9._=,-]/g, '_')}.json`;
}

/** Events → the units bar and log lines on stderr. */
function reporter(exp: Experiment, stderr: ProgressStream, toRun: number): RunnerEvents {
  const bar = createProgress(stderr);
  const counts = { done: 0, failed: 0, running: new Set<string>() };
  const unitProgress = new Map<string, string>();
  const info = (): string => {
    const parts = [...counts.running].map((k) => `${k}${unitProgress.get(k) ?? ''}`);
    return `done ${counts.done} running ${counts.running.size} failed ${counts.failed}${parts.length ? ` [${parts.join(', ')}]` : ''}`;
  };
  const log = (m: string): void => void stderr.write(`[${exp.id}] ${m}\n`);
  /** One unit ended (done, or failed for good): advance the bar, and close it after the last. */
  const ended = (): void => {
    bar.tick(1, info());
    if (counts.done + counts.failed === toRun) bar.done();
  };
  bar.start(toRun, `${exp.id} units`);
  return {
    started: (job, where) => {
      counts.running.add(job.key);
      log(`unit ${job.key} started on ${where}`);
      bar.tick(0, info());
    },
    finished: (job, stored) => {
      counts.running.delete(job.key);
      counts.done++;
      log(`unit ${job.key} done in ${stored.wallTimeS < 60 ? `${stored.wallTimeS.toFixed(1)} s` : formatDuration(stored.wallTimeS)} on ${stored.worker}`);
      ended();
    },
    failed: (job, error, attempt, final) => {
      counts.running.delete(job.key);
      log(`unit ${job.key} failed (attempt ${attempt}${final ? ', no attempts left' : ', will retry'}): ${error.split('\n')[0]}`);
      if (!final) return;
      counts.failed++;
      ended();
    },
    progress: (job, label, count, total) => {
      unitProgress.set(job.key, total > 0 ? ` ${Math.floor((100 * count) / total)}% of ${label}` : '');
      bar.tick(0, info());
    },
    log: (job, message) => log(`unit ${job.key}: ${message}`),
  };
}

/** Merges one run; a merge that throws (a unit it cannot do without is missing) is the run's error. */
function mergeRun(exp: Experiment, run: SweepRun, texts: ReadonlyMap<string, string>, wallTimeS: number, startedAt: string): RunOutcome | string {
  try {
    const result = mergeUnits(exp, run.config, run.plan, texts);
    return toOutcome(exp, run, result, { startedAt, wallTimeS });
  } catch (err) {
    return err instanceof NeuroError ? err.message : String(err);
  }
}

/** `neuromorph sweep <id> …`: returns the exit code. */
export async function cmdSweep(exp: Experiment, args: ParsedArgs, deps: SweepDeps, outDir: string): Promise<number> {
  const provenance = gatherProvenance(deps.cwd);
  const scale = args.scale ?? 'defaults';
  const runs = planSweep(exp, { scale, sets: args.sets, grids: args.grids, controls: args.controls, commit: provenance.gitCommit, large: args.allowLarge ? 'allow' : 'refuse', ...(args.seed !== undefined && { seed: args.seed }) });
  const jobs = distinctJobs(runs);
  const ends = new Map<string, JobEnd>();
  for (const job of jobs) {
    const stored = readStoredUnit(outDir, job);
    if (stored) ends.set(job.hash, { ok: true, stored });
  }
  const reusedHashes = new Set(ends.keys());
  // Every entry so far is a stored unit.
  const stale = [...ends.values()].filter((e) => e.ok && e.stored.commit !== provenance.gitCommit).length;
  if (stale > 0) {
    deps.stderr.write(`[${exp.id}] note: ${stale} stored unit(s) were computed by another commit than this checkout's; delete ${join(outDir, exp.id, 'units')} to recompute them\n`);
  }
  const reused = reusedHashes.size;
  const todo = jobs.filter((j) => !ends.has(j.hash));
  const workers = args.counts.workers ?? availableParallelism();
  const attempts = args.counts.attempts ?? 3;
  const runner = args.queue ? `${args.queue} (queue ${QUEUE_NAME})` : `local, ${workers} worker process${workers === 1 ? '' : 'es'}`;
  deps.stderr.write(`[${exp.id}] sweep at ${scale} scale: ${runs.length} run(s), ${jobs.length} units (${reused} already stored in ${join(outDir, exp.id, 'units')}), ${todo.length} to run on ${runner}\n`);
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  if (todo.length > 0) {
    const events = reporter(exp, deps.stderr, todo.length);
    const got = args.queue
      ? await runQueue(todo, { url: args.queue, attempts, outDir }, events)
      : await runLocal(todo, { workers, threads: threadsPerWorker(args, workers), attempts, outDir, commit: provenance.gitCommit, ...(deps.registryModule && { registryModule: deps.registryModule }) }, events);
    for (const [h, e] of got) ends.set(h, e);
  }
  const sweepWallTimeS = (performance.now() - t0) / 1000;
  return writeSweepResults(exp, runs, ends, { outDir, provenance, startedAt, sweepWallTimeS, runner, deps, reusedHashes });
}

interface WriteContext {
  readonly outDir: string;
  readonly provenance: Provenance;
  readonly startedAt: string;
  readonly sweepWallTimeS: number;
  readonly runner: string;
  readonly deps: SweepDeps;
  readonly reusedHashes: ReadonlySet<string>;
}

function writeSweepResults(exp: Experiment, runs: readonly SweepRun[], ends: ReadonlyMap<string, JobEnd>, w: WriteContext): number {
  let failed = 0;
  const points = [...new Set(runs.map((r) => r.point))];
  for (const point of points) {
    const group = runs.filter((r) => r.point === point);
    const outcomes = new Map<string | null, RunOutcome>();
    const missing: { key: string; error: string }[] = [];
    const errors: string[] = [];
    for (const run of group) {
      const texts = new Map<string, string>();
      let wall = 0;
      for (const job of run.jobs) {
        const end = ends.get(job.hash);
        if (end?.ok) {
          texts.set(job.key, end.stored.result);
          wall += end.stored.wallTimeS;
        } else missing.push({ key: run.control ? `${run.control}/${job.key}` : job.key, error: end && !end.ok ? end.error.split('\n')[0]! : 'not run' });
      }
      const merged = mergeRun(exp, run, texts, wall, w.startedAt);
      if (typeof merged === 'string') errors.push(`${run.control ?? 'run'}: ${merged}`);
      else outcomes.set(run.control, merged);
    }
    failed += missing.length + errors.length;
    const main = outcomes.get(null);
    const summary: SweepSummary = {
      point,
      units: group.reduce((a, r) => a + r.jobs.length, 0),
      reused: group.reduce((a, r) => a + r.jobs.filter((j) => w.reusedHashes.has(j.hash)).length, 0),
      missing,
      runner: w.runner,
      sweepWallTimeS: w.sweepWallTimeS,
    };
    const label = point ? `${exp.id} @ ${point}` : exp.id;
    for (const m of missing) w.deps.stderr.write(`[${exp.id}] MISSING unit ${m.key}: ${m.error}\n`);
    for (const e of errors) w.deps.stderr.write(`[${exp.id}] could not merge ${e}\n`);
    if (!main || outcomes.size < group.length) {
      w.deps.stdout.write(`${label}: not written (${errors.join('; ') || 'the run could not be merged'})\n`);
      continue;
    }
    const controlOutcomes = Object.fromEntries([...outcomes].filter(([k]) => k !== null)) as Record<string, RunOutcome>;
    const verified = group.length > 1 ? judgeControls(exp, main, controlOutcomes) : null;
    const record: ResultRecord = verified ? toResultRecord(exp, verified.outcome, w.provenance, verified.controlRuns) : toResultRecord(exp, main, w.provenance);
    const path = writeResultFile(w.outDir, { ...record, sweep: summary }, fileName(exp.id, point));
    if (record.claims.length) {
      w.deps.stdout.write(formatTable(CLAIM_HEADER, sortedRows(label, record.claims)));
      w.deps.stdout.write(countLine(record.claims, verified !== null));
    }
    w.deps.stdout.write(`${label}: ${summary.units} units (${summary.reused} reused)${missing.length ? `, ${missing.length} of ${summary.units} units MISSING` : ''}; wrote ${path}\n`);
  }
  writeReportFile(w.outDir);
  return failed > 0 ? 1 : 0;
}

/** `neuromorph worker --queue URL`: takes units until SIGINT / SIGTERM. */
export async function cmdWorker(args: ParsedArgs, deps: SweepDeps, outDir: string): Promise<number> {
  if (!args.queue) throw new ArgumentError('neuromorph worker', { what: 'missing --queue', expected: '--queue redis://HOST:PORT', received: 'nothing' });
  const concurrency = args.counts.workers ?? 1;
  const stop = deps.stopWorker ?? new Promise<void>((res) => {
    process.once('SIGINT', () => res());
    process.once('SIGTERM', () => res());
  });
  await runWorker({
    url: args.queue,
    concurrency,
    threads: threadsPerWorker(args, concurrency),
    outDir,
    commit: gatherProvenance(deps.cwd).gitCommit,
    log: (m) => void deps.stderr.write(`[worker] ${m}\n`),
    stop,
    ...(args.counts['lock-seconds'] !== undefined && { lockMs: args.counts['lock-seconds'] * 1000 }),
    ...(deps.registryModule && { registryModule: deps.registryModule }),
  });
  return 0;
}
