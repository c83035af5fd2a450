/**
 * Sweeps over a BullMQ queue on Redis. The submitter (`sweep --queue URL`) adds one
 * job per unit, with the unit's hash as job id (so a re-submitted sweep finds the
 * jobs it already has, finished or not), polls their states, and mirrors each
 * result to `<out>/<id>/units/` as it arrives. `neuromorph worker --queue URL`
 * processes take jobs and run each in a child process (cli/sweep/pool.ts), so their
 * own event loop stays free to renew BullMQ's job lock; a worker killed mid-unit
 * stops renewing it, and BullMQ's stalled-job check hands the unit to another worker.
 */
import { hostname } from 'node:os';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { ArgumentError, NeuroError } from '../../src/util/index.js';
import { JOB_VERSION, type UnitJob } from './jobs.js';
import { UnitPool } from './pool.js';
import { storeFinished, type JobEnd, type RunnerEvents } from './runners.js';

/** The queue every sweep and worker uses. */
export const QUEUE_NAME = 'neuromorph-units';

/** What a worker returns for a job (BullMQ stores it as the job's return value). */
interface JobReturn {
  readonly result: string;
  readonly wallTimeS: number;
  readonly worker: string;
  readonly commit: string | null;
}

/** Redis connection options from `redis://HOST:PORT[/DB]`. */
export function redisConnection(url: string): { host: string; port: number; db: number; password?: string; maxRetriesPerRequest: null } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ArgumentError('--queue', { what: 'not a URL', expected: 'redis://HOST:PORT', received: url });
  }
  if (u.protocol !== 'redis:' || u.hostname === '') throw new ArgumentError('--queue', { what: 'not a Redis URL', expected: 'redis://HOST:PORT', received: url });
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new ArgumentError('--queue', { what: 'bad database number', expected: 'redis://HOST:PORT/0', received: url });
  // Workers block on Redis: BullMQ requires maxRetriesPerRequest null.
  return { host: u.hostname, port: u.port ? Number(u.port) : 6379, db, ...(u.password && { password: decodeURIComponent(u.password) }), maxRetriesPerRequest: null };
}

/**
 * Waits until Redis answers, or throws a clear error after `ms` (ioredis would
 * otherwise retry forever, and the command would hang without a word).
 */
async function reachable(client: Queue, url: string, ms = 10_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NeuroError('not_found', '--queue', { what: `no Redis answered within ${ms / 1000} s`, expected: 'a running redis-server at this address (e.g. redis-server --port 6379)', received: url })), ms);
  });
  try {
    await Promise.race([client.waitUntilReady(), timeout]);
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Options of {@link runQueue}. */
export interface QueueRunOptions {
  readonly url: string;
  readonly attempts: number;
  readonly outDir: string;
  /** Poll interval, ms (default 500). */
  readonly pollMs?: number;
}

/**
 * Submits jobs to the queue (reusing jobs it already holds: a failed one is retried)
 * and waits until each is completed or has failed every attempt.
 * @returns job hash → how it ended.
 */
export async function runQueue(jobs: readonly UnitJob[], options: QueueRunOptions, events: RunnerEvents): Promise<Map<string, JobEnd>> {
  const queue = new Queue(QUEUE_NAME, { connection: redisConnection(options.url) });
  queue.on('error', () => undefined); // reconnects are retried; an unreachable server is reported by reachable()
  await reachable(queue, options.url);
  const ends = new Map<string, JobEnd>();
  const active = new Set<string>();
  const t0 = Date.now();
  let hinted = false;
  try {
    for (const job of jobs) {
      const existing = await queue.getJob(job.hash);
      const state = existing ? await existing.getState() : 'unknown';
      if (existing && state === 'failed') await existing.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      else if (!existing || state === 'unknown') {
        await queue.add(job.key, job, { jobId: job.hash, attempts: options.attempts, backoff: { type: 'fixed', delay: 500 }, removeOnComplete: false, removeOnFail: false });
      }
    }
    const pending = new Map(jobs.map((j) => [j.hash, j]));
    const seenAttempts = new Map<string, number>();
    while (pending.size > 0) {
      for (const [hash, job] of [...pending]) {
        const j = (await queue.getJob(hash)) as Job<UnitJob, JobReturn> | undefined;
        const state = j ? await j.getState() : 'unknown';
        if (j && state === 'completed') {
          const r = j.returnvalue;
          storeFinished(options.outDir, { job, result: r.result, wallTimeS: r.wallTimeS, worker: r.worker, commit: r.commit, finishedAt: new Date(j.finishedOn ?? Date.now()).toISOString() }, events, ends);
          pending.delete(hash);
          continue;
        }
        const attempts = j?.attemptsMade ?? 0;
        if (j && attempts > (seenAttempts.get(hash) ?? 0)) {
          seenAttempts.set(hash, attempts);
          events.failed(job, j.failedReason ?? 'failed', attempts, state === 'failed');
        }
        if (!j || state === 'failed') {
          const error = j?.failedReason ?? 'the job disappeared from the queue';
          if (!j) events.failed(job, error, attempts, true);
          ends.set(hash, { ok: false, error });
          pending.delete(hash);
        } else if (state === 'active') {
          if (!active.has(hash)) events.started(job, 'a queue worker');
          active.add(hash);
          const p = j.progress as { label?: unknown; count?: unknown; total?: unknown } | number;
          if (typeof p === 'object' && typeof p.label === 'string' && typeof p.count === 'number' && typeof p.total === 'number') events.progress(job, p.label, p.count, p.total);
        } else if (active.delete(hash)) events.log(job, `back in the queue (${state})`);
      }
      if (!hinted && active.size === 0 && ends.size === 0 && Date.now() - t0 > 30_000) {
        hinted = true;
        events.log(jobs[0]!, `no worker has taken a unit in 30 s: start one with \`npx neuromorph worker --queue ${options.url}\``);
      }
      if (pending.size > 0) await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
    }
  } finally {
    await queue.close();
  }
  return ends;
}

/** Options of {@link runWorker}. */
export interface WorkerOptions {
  readonly url: string;
  /** Units at once (one child process each). */
  readonly concurrency: number;
  readonly threads: number;
  readonly outDir: string;
  readonly registryModule?: string;
  readonly commit: string | null;
  /** BullMQ lock duration: a unit whose worker stops renewing it for this long is handed on (default 30 s). */
  readonly lockMs?: number;
  /** Times a unit may be handed on after its worker vanished (default 3). */
  readonly maxStalled?: number;
  readonly log: (message: string) => void;
  /** Resolves to stop the worker (the current units finish first). */
  readonly stop: Promise<void>;
}

/** Takes units from the queue until `stop` resolves. */
export async function runWorker(options: WorkerOptions): Promise<void> {
  // Probe with a queue first: a Worker that cannot connect retries forever and cannot be closed.
  const probe = new Queue(QUEUE_NAME, { connection: redisConnection(options.url) });
  probe.on('error', () => undefined);
  await reachable(probe, options.url);
  await probe.close();
  const pool = new UnitPool({ size: options.concurrency, threads: options.threads, outDir: options.outDir, ...(options.registryModule && { registryModule: options.registryModule }) });
  const name = `${hostname()}:${process.pid}`;
  const lockMs = options.lockMs ?? 30_000;
  const worker: Worker<UnitJob, JobReturn> = new Worker<UnitJob, JobReturn>(
    QUEUE_NAME,
    async (job) => {
      const data = job.data;
      if (data.v !== JOB_VERSION) throw new UnrecoverableError(`job layout v${data.v}, this worker reads v${JOB_VERSION}: run the same neuromorph version as the submitter`);
      if (data.commit !== null && options.commit !== null && data.commit !== options.commit) {
        throw new UnrecoverableError(`submitted from commit ${data.commit.slice(0, 12)}, this worker runs ${options.commit.slice(0, 12)}: check out the same commit`);
      }
      let last = 0;
      const run = await pool.run(data, {
        started: (slot) => options.log(`${data.id} unit ${data.key} started on ${slot}`),
        log: (m) => options.log(`${data.id} unit ${data.key}: ${m}`),
        progress: (label, count, total) => {
          if (Date.now() - last < 2000) return;
          last = Date.now();
          void job.updateProgress({ label, count, total }).catch(() => undefined);
        },
      });
      options.log(`${data.id} unit ${data.key} done in ${run.wallTimeS.toFixed(1)} s`);
      return { result: run.result, wallTimeS: run.wallTimeS, worker: `${name}/${run.worker}`, commit: options.commit };
    },
    { connection: redisConnection(options.url), concurrency: options.concurrency, lockDuration: lockMs, stalledInterval: Math.max(500, Math.floor(lockMs / 2)), maxStalledCount: options.maxStalled ?? 3 },
  );
  worker.on('failed', (job, err) => options.log(`${job?.data.id ?? '?'} unit ${job?.data.key ?? '?'} failed: ${err.message}`));
  // Redis going away mid-run repeats the same error every few seconds: say it once a minute.
  const said = new Map<string, number>();
  worker.on('error', (err) => {
    if (Date.now() - (said.get(err.message) ?? -Infinity) < 60_000) return;
    said.set(err.message, Date.now());
    options.log(`worker error (BullMQ keeps retrying): ${err.message}`);
  });
  options.log(`worker ${name} on ${options.url}, queue ${QUEUE_NAME}, ${options.concurrency} unit(s) at once`);
  await options.stop;
  options.log('stopping: taking no new units; running units finish first (interrupt again to stop them now: they go back to the queue when their lock expires)');
  const now = new Promise<void>((res) => process.once('SIGINT', res).once('SIGTERM', res));
  await Promise.race([worker.close(), now.then(() => pool.close())]);
  pool.close();
  await worker.close(true);
}
