/**
 * A sweep worker process: forked by the local pool (cli/sweep/pool.ts), it runs
 * the unit jobs it is sent, one at a time, and answers each with its encoded
 * result or its error. Each unit checkpoints into `<out>/checkpoints/`, so a unit
 * retried after its process was killed resumes where it stopped.
 * argv: `--registry <module URL> --threads <n>`.
 */
import { Worker } from 'node:worker_threads';
import { NeuroError } from '../../src/util/index.js';
import { setCheckFinite } from '../../src/tensor/index.js';
import { createRunContext, parseConfig, planUnits, runUnit } from '../../src/experiment/index.js';
import type { Experiment, ProgressReporter } from '../../src/experiment/index.js';
import { fileCheckpointStore, nodeDatasets, nodePhysics, useNodeThreads } from '../../src/node/index.js';
import type { ChildMessage, ParentMessage } from './pool.js';

const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const threads = Number(arg('--threads') ?? 1);
useNodeThreads(Number.isInteger(threads) && threads > 0 ? threads : 1);
if (process.env.NEUROMORPH_CHECK_FINITE === '1') setCheckFinite(true);
const registry = ((await import(arg('--registry') ?? '../../experiments/index.js')) as { experiments: readonly Experiment[] }).experiments;
const datasets = nodeDatasets();
const physics = nodePhysics();

const send = (m: ChildMessage): void => void process.send?.(m);
// The parent is gone (killed, or closed the pool): stop rather than run on as an orphan.
process.on('disconnect', () => process.exit(0));
// A unit blocks the event loop for hours, so 'disconnect' may never be seen: a watchdog
// thread checks once a second that the parent still exists, and kills this process if not.
const watchdog = new Worker(
  `const { workerData: w } = require('node:worker_threads');
   setInterval(() => { try { process.kill(w.parent, 0); } catch { process.kill(w.self, 'SIGKILL'); } }, 1000);`,
  { eval: true, workerData: { parent: process.ppid, self: process.pid } },
);
watchdog.unref();

function ipcProgress(): ProgressReporter {
  let total = 0, count = 0, label = '', last = 0;
  const report = (force: boolean): void => {
    const now = performance.now();
    if (!force && now - last < 1000) return;
    last = now;
    send({ type: 'progress', label, count, total });
  };
  return {
    start: (n, name) => {
      total = n;
      count = 0;
      label = name;
      report(true);
    },
    tick: (n = 1) => {
      count += n;
      report(false);
    },
    done: () => report(true),
  };
}

async function runJob(m: Extract<ParentMessage, { type: 'run' }>): Promise<void> {
  const { job, outDir } = m;
  const t0 = performance.now();
  try {
    const exp = registry.find((e) => e.id === job.id);
    if (!exp) throw new NeuroError('not_found', `worker unit ${job.key}`, { what: 'unknown experiment', expected: registry.map((e) => e.id).join(', '), received: job.id });
    // The submitter checked the limits (or lifted them with --allow-large); this parse only
    // checks that both sides' code reads the config alike, so limits do not apply here.
    const config = parseConfig(exp, job.config, job.scale, { large: 'allow' });
    if (JSON.stringify(config) !== JSON.stringify(job.config)) {
      throw new NeuroError('invalid_config', `worker unit ${job.key}`, { what: 'the config parses differently here (another version of the code?)', expected: job.config, received: config });
    }
    const unit = planUnits(exp, config).find((p) => p.key === job.key);
    if (!unit) throw new NeuroError('not_found', `worker unit ${job.key}`, { what: 'unit not in this version\'s plan', expected: 'a key of units.plan(config)', received: job.key });
    const store = fileCheckpointStore(outDir, { id: `${job.id}-unit-${job.hash.slice(0, 16)}`, scale: job.scale, seed: job.seed, config }, { resume: true, codeVersion: job.commit });
    if (store.exists()) send({ type: 'log', message: `resuming from ${store.path}` });
    const ctx = createRunContext({ seed: job.seed, scale: job.scale, progress: ipcProgress(), log: (message) => send({ type: 'log', message }), datasets, physics });
    const result = await runUnit(exp, config, unit, ctx, store);
    store.clear();
    send({ type: 'done', result, wallTimeS: (performance.now() - t0) / 1000 });
  } catch (err) {
    send({ type: 'error', message: err instanceof NeuroError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
}

process.on('message', (m: ParentMessage) => {
  if (m.type === 'run') void runJob(m);
});
send({ type: 'ready' });
