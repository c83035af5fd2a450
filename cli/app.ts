/**
 * The `neuromorph` command, as a function: `main(argv, deps)` returns the exit
 * code, so tests run it in-process with a toy registry and captured streams.
 * Exit codes: 0 ok; 1 a claim was missed (`check`) or a run crashed; 2 usage
 * errors (unknown command, id, flag or config key, a count past its limit without
 * `--allow-large`, or a bad `sdr` argument), printed without a stack.
 */
import { resolve } from 'node:path';
import { ArgumentError, ConfigError, LimitError, NeuroError, didYouMean } from '../src/util/index.js';
import { setCheckFinite, setNumThreads } from '../src/tensor/index.js';
import { crashRecord, heldUnderControl, isReproduced, parseSetArgs, resolveRun, runExperiment, toResultRecord, verifyExperiment } from '../src/experiment/index.js';
import type { ClaimResult, Experiment, ResultRecord, RunOptions, Scale } from '../src/experiment/index.js';
import type { DatasetProvider } from '../src/experiment/index.js';
import { fileCheckpointStore, nodeDatasets, nodePhysics } from '../src/node/index.js';
import type { PhysicsProvider } from '../src/envs/index.js';
import { experiments as defaultRegistry } from '../experiments/index.js';
import { USAGE, parseArgs, type ParsedArgs } from './args.js';
import { experimentHelp, packageVersion } from './help.js';
import { runSdr } from './sdr.js';
import { runSfq } from './sfq.js';
import { cmdSweep, cmdWorker, loadRegistry, type SweepDeps } from './sweep/command.js';
import { createProgress, type ProgressStream } from './progress.js';
import { checkOutDir, checkResultsDir, gatherProvenance, writeReportFile, writeResultFile } from './results.js';
import { formatTable } from './table.js';
import { CLAIM_HEADER, countLine, sortedRows } from './claims-table.js';

/** What `main` talks to; every field has a real default. */
export interface CliDeps {
  /** The experiments (default: `experiments/index.ts`). */
  readonly registry: readonly Experiment[];
  readonly stdout: ProgressStream;
  readonly stderr: ProgressStream;
  /** Folder relative paths resolve against (default `process.cwd()`). */
  readonly cwd: string;
  /** Cancels runs (their `ctx.signal`). */
  readonly signal?: AbortSignal;
  /** Where runs get their datasets (default: the npm data packages, loaded once per process). */
  readonly datasets?: DatasetProvider;
  /** Where runs get physics engines (default: MuJoCo's WebAssembly build, `nodePhysics()`). */
  readonly physics?: PhysicsProvider;
  /** Module URL of the registry that sweep worker processes load (default: experiments/index). */
  readonly registryModule?: string;
  /** Stops a `worker` command (default: SIGINT / SIGTERM). */
  readonly stopWorker?: Promise<void>;
}

let nodeProvider: DatasetProvider | undefined;

/** A usage problem: reported on stderr with exit code 2. */
class Usage extends Error {
  constructor(readonly inner: unknown) {
    super('usage');
  }
}

function errorText(err: unknown): string {
  if (err instanceof NeuroError) return err.message;
  if (err instanceof Error) return err.stack ?? err.message;
  return String(err);
}

function findExperiment(registry: readonly Experiment[], id: string | undefined, command: string): Experiment {
  const ids = registry.map((e) => e.id);
  if (id === undefined) {
    throw new Usage(new NeuroError('invalid_argument', `neuromorph ${command}`, { what: 'missing experiment id', expected: ids.length ? `one of ${ids.join(', ')}` : 'an id (the registry is empty)', received: 'nothing' }));
  }
  const found = registry.find((e) => e.id === id);
  if (!found) throw new Usage(new NeuroError('not_found', `neuromorph ${command}`, { what: `unknown experiment${didYouMean(id, ids, String)}`, expected: ids.length ? `one of ${ids.join(', ')}` : 'an id (the registry is empty)', received: id }));
  return found;
}

/**
 * Runs one experiment with CLI options: resolves the config (usage errors
 * surface as {@link Usage}), runs with progress and a file checkpoint (one per
 * control, keyed by its config), and, with `controls`, each control its claims
 * name; writes the results file. Run failures are rethrown as they are.
 */
async function runOne(exp: Experiment, args: ParsedArgs, scale: Scale, deps: CliDeps, outDir: string, controls = false): Promise<ResultRecord> {
  let overrides: Record<string, string>;
  const large = args.allowLarge ? 'allow' : 'refuse';
  try {
    overrides = parseSetArgs(args.sets);
    // Before any work: a bad key, type or range, or a count past its limit, is a usage error.
    resolveRun(exp, { scale, overrides, large, ...(args.seed !== undefined && { seed: args.seed }) });
  } catch (err) {
    throw new Usage(err);
  }
  const log = (msg: string): void => void deps.stderr.write(`[${exp.id}] ${msg}\n`);
  // Once per run (it runs git): the code that runs is the code recorded and the code its checkpoints name.
  const provenance = gatherProvenance(deps.cwd);
  const stores: { clear(): void }[] = [];
  const checkpointFor = (extra: Readonly<Record<string, unknown>>, label: string): Partial<RunOptions> => {
    const { config, seed } = resolveRun(exp, { scale, overrides: { ...overrides, ...extra }, large, ...(args.seed !== undefined && { seed: args.seed }) });
    const checkpoint = fileCheckpointStore(outDir, { id: exp.id, scale, seed, config }, { resume: args.resume, codeVersion: provenance.gitCommit });
    stores.push(checkpoint);
    if (args.resume) log(`${label}: ${checkpoint.exists() ? `resuming from ${checkpoint.path}` : 'no checkpoint found, starting fresh'}`);
    return { checkpoint, seed };
  };
  const options: RunOptions = {
    scale,
    overrides,
    large,
    progress: createProgress(deps.stderr),
    log,
    datasets: deps.datasets ?? (nodeProvider ??= nodeDatasets()),
    physics: deps.physics ?? nodePhysics(),
    ...(deps.signal && { signal: deps.signal }),
    ...checkpointFor({}, 'run'),
  };
  log(`running at ${scale} scale, seed ${options.seed}`);
  let record: ResultRecord;
  let wallTimeS: number;
  if (controls) {
    const v = await verifyExperiment(exp, {
      ...options,
      controlOptions: (name, control) => checkpointFor(control.overrides, `control ${name}`),
      onRun: (name) => {
        if (name !== null) log(`control ${name}: ${exp.controls?.[name]?.description ?? ''}`);
      },
    });
    record = toResultRecord(exp, v.outcome, provenance, v.controlRuns);
    wallTimeS = v.outcome.wallTimeS + Object.values(v.controlRuns).reduce((a, r) => a + r.wallTimeS, 0);
  } else {
    const outcome = await runExperiment(exp, options);
    record = toResultRecord(exp, outcome, provenance);
    wallTimeS = outcome.wallTimeS;
  }
  for (const store of stores) store.clear();
  const path = writeResultFile(outDir, record);
  log(`done in ${wallTimeS.toFixed(1)} s, wrote ${path}`);
  return record;
}

/** The `verify --json` object: per claim, what a reviewer needs to judge it. */
function verifyJson(record: ResultRecord): unknown {
  return {
    id: record.id,
    scale: record.scale,
    claims: record.claims.map((c) => ({
      metric: c.metric,
      kind: c.kind,
      n: c.n,
      mean: c.measured,
      std: c.std,
      ci: c.ci,
      interval: c.interval,
      paper: c.paper,
      op: c.op,
      target: c.value,
      met: c.met,
      ...(c.note !== undefined && { note: c.note }),
      controls: (c.controls ?? []).map((k) => ({ name: k.name, met: k.met, mean: k.mean, ci: k.ci })),
    })),
  };
}

async function cmdRunOrCheck(args: ParsedArgs, deps: CliDeps, outDir: string): Promise<number> {
  const exp = findExperiment(deps.registry, args.positionals[0], args.command);
  if (args.positionals.length > 1) throw new Usage(new NeuroError('invalid_argument', `neuromorph ${args.command}`, { what: 'too many arguments', expected: 'one experiment id', received: args.positionals }));
  const scale = args.scale ?? 'defaults';
  const verify = args.command === 'verify';
  let record: ResultRecord;
  try {
    record = await runOne(exp, args, scale, deps, outDir, verify);
  } catch (err) {
    if (err instanceof Usage) throw err;
    // A config the experiment itself rejects (a combination no key check sees) is a usage error too,
    // and so is a limit an engine hits inside the run (e.g. the sfq step cap): the input asks too much.
    if (err instanceof ConfigError || err instanceof LimitError) throw new Usage(err);
    deps.stderr.write(`neuromorph ${args.command}: ${exp.id} crashed: ${errorText(err)}\n`);
    return 1;
  }
  writeReportFile(outDir);
  const effects = record.claims.filter((c) => c.kind === 'effect');
  const failed = verify
    ? args.defectsOnly
      ? effects.filter(heldUnderControl).length
      : effects.filter((c) => !isReproduced(c)).length + record.claims.filter((c) => c.kind === 'fact' && !c.met).length
    : record.claims.filter((c) => !c.met).length;
  if (verify && args.json) {
    deps.stdout.write(`${JSON.stringify(verifyJson(record))}\n`);
    return failed > 0 ? 1 : 0;
  }
  if (record.claims.length === 0) {
    deps.stdout.write(`${exp.id}: no claims at ${scale} scale\n`);
    return 0;
  }
  deps.stdout.write(formatTable(CLAIM_HEADER, sortedRows(exp.id, record.claims)));
  deps.stdout.write(countLine(record.claims, verify));
  if (args.command === 'check') deps.stdout.write(failed ? `${failed} of ${record.claims.length} claims missed\n` : `all ${record.claims.length} claims met\n`);
  return (args.command === 'check' || verify) && failed > 0 ? 1 : 0;
}

async function cmdStart(args: ParsedArgs, deps: CliDeps, outDir: string): Promise<number> {
  const scale = args.scale ?? 'quick';
  const rows: string[][] = [];
  const claims: ClaimResult[] = [];
  let crashed = 0;
  if (deps.registry.length === 0) deps.stderr.write('neuromorph start: the registry is empty (experiments/index.ts)\n');
  for (const exp of deps.registry) {
    const startedAt = new Date().toISOString();
    const t0 = performance.now();
    try {
      const record = await runOne(exp, args, scale, deps, outDir, true);
      claims.push(...record.claims);
      rows.push(...(record.claims.length ? sortedRows(exp.id, record.claims) : [[exp.id, '(no claims at this scale)']]));
    } catch (err) {
      if (err instanceof Usage) throw err;
      crashed++;
      deps.stderr.write(`neuromorph start: ${exp.id} crashed: ${errorText(err)}\n`);
      const message = err instanceof NeuroError ? err.message : err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      const { config, seed } = resolveRun(exp, { scale, ...(args.seed !== undefined && { seed: args.seed }) });
      const wallTimeS = (performance.now() - t0) / 1000;
      writeResultFile(outDir, crashRecord(exp, { scale, config, seed, startedAt, wallTimeS }, message, gatherProvenance(deps.cwd)));
      rows.push([exp.id, '(crashed)', '', '', '', '', '', 'CRASHED']);
    }
  }
  const report = writeReportFile(outDir);
  deps.stdout.write(formatTable(CLAIM_HEADER, rows));
  deps.stdout.write(countLine(claims, true));
  deps.stdout.write(`report: ${report.path}\n`);
  return crashed > 0 ? 1 : 0;
}

async function cmdSweepOrWorker(args: ParsedArgs, deps: CliDeps, outDir: string): Promise<number> {
  let sweepDeps: SweepDeps = deps;
  if (args.registry !== undefined) {
    const loaded = await loadRegistry(args.registry, deps.cwd).catch((err: unknown) => {
      throw new Usage(err instanceof NeuroError ? err : new NeuroError('not_found', '--registry', { what: 'cannot load the module', expected: 'a module exporting experiments', received: (err as Error).message }));
    });
    sweepDeps = { ...deps, registry: loaded.experiments, registryModule: loaded.url };
  }
  if (args.command === 'worker') {
    if (args.positionals.length > 0) throw new Usage(new NeuroError('invalid_argument', 'neuromorph worker', { what: 'unexpected arguments', expected: 'only options', received: args.positionals }));
    return cmdWorker(args, sweepDeps, outDir);
  }
  const exp = findExperiment(sweepDeps.registry, args.positionals[0], 'sweep');
  if (args.positionals.length > 1) throw new Usage(new NeuroError('invalid_argument', 'neuromorph sweep', { what: 'too many arguments', expected: 'one experiment id', received: args.positionals }));
  try {
    return await cmdSweep(exp, args, sweepDeps, outDir);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof ArgumentError || err instanceof LimitError) throw new Usage(err);
    throw err;
  }
}

function cmdList(deps: CliDeps): number {
  if (deps.registry.length === 0) {
    deps.stdout.write('no experiments registered (experiments/index.ts)\n');
    return 0;
  }
  const rows = deps.registry.map((e) => [e.id, String(e.claims.length), `${e.paper.title}${e.paper.year ? ` (${e.paper.year})` : ''}`]);
  deps.stdout.write(formatTable(['id', 'claims', 'paper'], rows));
  return 0;
}

function cmdReport(deps: CliDeps, outDir: string): number {
  const { path, count, problems } = writeReportFile(outDir);
  for (const p of problems) deps.stderr.write(`neuromorph report: ${p}\n`);
  deps.stdout.write(`report: ${path} (${count} experiment${count === 1 ? '' : 's'})\n`);
  return 0;
}

/**
 * Runs the CLI.
 * @param argv arguments after the script name, e.g. `['run', 'mlp-mnist', '--quick']`.
 * @param overrides replacements for the registry, streams, cwd or signal (tests).
 * @returns the exit code: 0 ok, 1 missed claim (`check`) or crash, 2 usage error.
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[], overrides: Partial<CliDeps> = {}): Promise<number> {
  const deps: CliDeps = { registry: defaultRegistry, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), ...overrides };
  try {
    // `sdr` has its own subcommands and flags (cli/sdr.ts); its argument errors are usage errors (exit 2).
    if (argv[0] === 'sdr') return runSdr(argv.slice(1), deps.stdout);
    // `sfq simulate FILE.cir` reads a netlist (cli/sfq.ts); parse errors exit 2 with line and column.
    if (argv[0] === 'sfq') return runSfq(argv.slice(1), deps.stdout, deps.cwd);
    const args = parseArgs(argv);
    if (args.command === 'version') {
      deps.stdout.write(`neuromorph ${packageVersion()}\n`);
      return 0;
    }
    // `run <id> --help` (also check, verify, sweep): that experiment's config keys, claims and controls.
    if (args.help && ['run', 'check', 'verify', 'sweep'].includes(args.command) && args.positionals[0] !== undefined) {
      deps.stdout.write(experimentHelp(findExperiment(deps.registry, args.positionals[0], args.command)));
      return 0;
    }
    if (args.help || args.command === 'help') {
      deps.stdout.write(USAGE);
      return 0;
    }
    if (args.checkFinite || process.env.NEUROMORPH_CHECK_FINITE === '1') {
      setCheckFinite(true);
      // Sweep and worker child processes inherit it.
      process.env.NEUROMORPH_CHECK_FINITE = '1';
    }
    // sweep and worker split threads over their processes themselves.
    if (args.counts.threads !== undefined && args.command !== 'sweep' && args.command !== 'worker') setNumThreads(args.counts.threads);
    const outDir = resolve(deps.cwd, args.out ?? 'results');
    // Before any work: a result that cannot be written is known now, not after hours.
    if (args.command === 'report') checkResultsDir(outDir);
    else if (args.command !== 'list') checkOutDir(outDir);
    switch (args.command) {
      case 'list':
        return cmdList(deps);
      case 'report':
        return cmdReport(deps, outDir);
      case 'start':
        return await cmdStart(args, deps, outDir);
      case 'sweep':
      case 'worker':
        return await cmdSweepOrWorker(args, deps, outDir);
      default:
        return await cmdRunOrCheck(args, deps, outDir);
    }
  } catch (err) {
    const inner = err instanceof Usage ? err.inner : err;
    if (err instanceof Usage || inner instanceof NeuroError) {
      deps.stderr.write(`${errorText(inner)}\n`);
      return 2;
    }
    deps.stderr.write(`neuromorph: internal error: ${errorText(err)}\n`);
    return 1;
  }
}
