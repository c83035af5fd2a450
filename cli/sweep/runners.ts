/**
 * The two ways a sweep's unit jobs run: a local pool of processes, with retries
 * (`runLocal`), or a BullMQ queue on Redis that `neuromorph worker` processes take
 * jobs from (`runQueue`, in ./queue.ts). Both store each finished unit as soon as it
 * finishes and report the same events, so the command above them is the same.
 */
import type { UnitJob } from './jobs.js';
import { UnitPool } from './pool.js';
import { writeStoredUnit, type StoredUnit } from './store.js';

/** How a job ended: stored, or failed on every attempt. */
export type JobEnd = { readonly ok: true; readonly stored: StoredUnit } | { readonly ok: false; readonly error: string };

/** What a runner tells the command while it works. */
export interface RunnerEvents {
  started(job: UnitJob, where: string): void;
  finished(job: UnitJob, stored: StoredUnit): void;
  /** An attempt failed; `final` when no attempt is left. */
  failed(job: UnitJob, error: string, attempt: number, final: boolean): void;
  progress(job: UnitJob, label: string, count: number, total: number): void;
  log(job: UnitJob, message: string): void;
}

/**
 * A unit finished: store it now (nothing is lost if the sweep dies next), tell the
 * events, and record its end. Both runners go through here.
 */
export function storeFinished(outDir: string, stored: StoredUnit, events: RunnerEvents, ends: Map<string, JobEnd>): void {
  writeStoredUnit(outDir, stored);
  events.finished(stored.job, stored);
  ends.set(stored.job.hash, { ok: true, stored });
}

/** Options of {@link runLocal}. */
export interface LocalOptions {
  readonly workers: number;
  /** Kernel threads per worker process. */
  readonly threads: number;
  /** Attempts per unit (a killed process counts as a failed attempt). */
  readonly attempts: number;
  readonly outDir: string;
  readonly registryModule?: string;
  readonly commit: string | null;
}

/**
 * Runs jobs on a local pool of `workers` processes, retrying a failed unit (its
 * process killed, or its run threw) up to `attempts` times; a retried unit resumes
 * from its checkpoint.
 * @returns job hash → how it ended.
 */
export async function runLocal(jobs: readonly UnitJob[], options: LocalOptions, events: RunnerEvents): Promise<Map<string, JobEnd>> {
  const pool = new UnitPool({ size: options.workers, threads: options.threads, outDir: options.outDir, ...(options.registryModule && { registryModule: options.registryModule }) });
  const ends = new Map<string, JobEnd>();
  try {
    await Promise.all(
      jobs.map(async (job) => {
        for (let attempt = 1; attempt <= options.attempts; attempt++) {
          try {
            const run = await pool.run(job, {
              started: (worker, pid) => events.started(job, `${worker} (pid ${pid})`),
              progress: (label, count, total) => events.progress(job, label, count, total),
              log: (message) => events.log(job, message),
            });
            storeFinished(options.outDir, { job, result: run.result, wallTimeS: run.wallTimeS, worker: run.worker, commit: options.commit, finishedAt: new Date().toISOString() }, events, ends);
            return;
          } catch (err) {
            const error = (err as Error).message;
            const final = attempt === options.attempts;
            events.failed(job, error, attempt, final);
            if (final) ends.set(job.hash, { ok: false, error });
          }
        }
      }),
    );
  } finally {
    pool.close();
  }
  return ends;
}
