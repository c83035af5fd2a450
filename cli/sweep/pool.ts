/**
 * A pool of worker processes (cli/sweep/child.ts) that run unit jobs, one per
 * process at a time, first come first served. A process that dies mid-unit
 * (kill -9, out of memory) fails that unit with the exit signal and the tail of
 * its stderr; the pool starts a new process for the next job. Retries are the
 * caller's (cli/sweep/run-local.ts, or BullMQ's attempts in a worker).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { UnitJob } from './jobs.js';

/** Parent → child. */
export type ParentMessage = { readonly type: 'run'; readonly job: UnitJob; readonly outDir: string };

/** Child → parent. */
export type ChildMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly label: string; readonly count: number; readonly total: number }
  | { readonly type: 'log'; readonly message: string }
  | { readonly type: 'done'; readonly result: string; readonly wallTimeS: number }
  | { readonly type: 'error'; readonly message: string };

/** What a finished unit returns. */
export interface UnitRun {
  readonly result: string;
  readonly wallTimeS: number;
  readonly worker: string;
}

/** Events of a running unit, for progress and logs. */
export interface UnitEvents {
  /** The unit was handed to a process. */
  started?(worker: string, pid: number): void;
  progress?(label: string, count: number, total: number): void;
  log?(message: string): void;
}

/** Options of {@link UnitPool}. */
export interface PoolOptions {
  /** Processes (at most this many units at once). */
  readonly size: number;
  /** Kernel threads per process. */
  readonly threads: number;
  /** Module URL of the registry the children load (default experiments/index). */
  readonly registryModule?: string;
  /** Where children keep unit checkpoints. */
  readonly outDir: string;
}

interface Slot {
  readonly name: string;
  proc: ChildProcess | null;
  busy: boolean;
  /** The last 4 kB the process wrote to stderr. */
  stderr: string;
}

interface Pending {
  readonly job: UnitJob;
  readonly events: UnitEvents;
  resolve(run: UnitRun): void;
  reject(err: Error): void;
}

const CHILD = fileURLToPath(new URL(`./child${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

/** Node flags a child needs: the TypeScript loader when running from source. */
function childExecArgv(): string[] {
  if (!CHILD.endsWith('.ts')) return [];
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
}

/** A unit that failed: its error text (or how its process died). */
export class UnitFailure extends Error {
  constructor(readonly key: string, message: string) {
    super(message);
    this.name = 'UnitFailure';
  }
}

/** The local pool. */
export class UnitPool {
  private readonly slots: Slot[];
  private readonly queue: Pending[] = [];
  private closed = false;

  constructor(private readonly options: PoolOptions) {
    this.slots = Array.from({ length: options.size }, (_, i) => ({ name: `local-${i + 1}`, proc: null, busy: false, stderr: '' }));
  }

  /** Runs `job` on the next free process. Rejects with a {@link UnitFailure}. */
  run(job: UnitJob, events: UnitEvents = {}): Promise<UnitRun> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, events, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every process (a running unit's promise rejects). */
  close(): void {
    this.closed = true;
    for (const s of this.slots) s.proc?.kill('SIGTERM');
  }

  private spawn(slot: Slot): ChildProcess {
    const args = ['--threads', String(this.options.threads), ...(this.options.registryModule ? ['--registry', this.options.registryModule] : [])];
    const proc = fork(CHILD, args, { execArgv: childExecArgv(), stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
    // A process that dies while idle is replaced at the next job; spawn errors surface as its exit.
    proc.on('exit', () => {
      if (slot.proc === proc) slot.proc = null;
    });
    proc.on('error', () => undefined);
    proc.stderr?.on('data', (chunk: Buffer) => {
      slot.stderr = (slot.stderr + chunk.toString()).slice(-4000);
    });
    return proc;
  }

  private dispatch(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const next = this.queue.shift();
      if (!next) return;
      this.start(slot, next);
    }
  }

  private start(slot: Slot, p: Pending): void {
    slot.busy = true;
    const proc = (slot.proc ??= this.spawn(slot));
    slot.stderr = '';
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      proc.off('message', onMessage);
      proc.off('exit', onExit);
      slot.busy = false;
      fn();
      this.dispatch();
    };
    const onMessage = (m: ChildMessage): void => {
      if (m.type === 'progress') p.events.progress?.(m.label, m.count, m.total);
      else if (m.type === 'log') p.events.log?.(m.message);
      else if (m.type === 'done') finish(() => p.resolve({ result: m.result, wallTimeS: m.wallTimeS, worker: slot.name }));
      else if (m.type === 'error') finish(() => p.reject(new UnitFailure(p.job.key, m.message)));
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
      finish(() => p.reject(new UnitFailure(p.job.key, `worker process ${slot.name} ${how} mid-unit${slot.stderr ? `; stderr: ${slot.stderr.trim()}` : ''}`)));
    };
    proc.on('message', onMessage);
    proc.on('exit', onExit);
    p.events.started?.(slot.name, proc.pid ?? -1);
    proc.send({ type: 'run', job: p.job, outDir: this.options.outDir } satisfies ParentMessage);
  }
}
