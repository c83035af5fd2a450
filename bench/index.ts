/**
 * `npm run bench`: neuromorph (WebAssembly SIMD kernels) side by side with
 * PyTorch on this machine, at matched thread counts (1 and 2 by default; set
 * BENCH_THREADS=1,2,4; BENCH_REPEATS=7). PyTorch is Debian's `python3-torch` run by /usr/bin/python3
 * with OpenBLAS forced through LD_LIBRARY_PATH (Debian's default reference BLAS
 * is ~10x slower and would flatter us); the BLAS library actually loaded is read
 * from the Python process's memory map and printed. Writes bench/results/*.json.
 *
 * The two sides run interleaved, BENCH_ROUNDS times (default 3), and each figure
 * is the median over rounds: this machine's speed drifts by up to 1.5× over
 * seconds (a shared host), and back-to-back blocks would compare phases, not engines.
 * Then the CUBA network vs Brian2 (bench/spiking.ts) and the composed-dynamics
 * bench (bench/dynamics.ts), and the goals. `--only <case,…>` runs a subset (on
 * both sides); `--json` prints one JSON object on stdout and the rest on stderr.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { numThreads, setNumThreads } from '../src/index.js';
import '../src/node/index.js'; // worker_threads pool
import { ArgumentError } from '../src/util/index.js';
import { median } from '../experiments/common/stats.js';
import { BENCH_USAGE, TENSOR_CASES, parseBenchArgs, type BenchArgs } from './args.js';
import { runCases, type CaseResult } from './cases.js';
import { benchDynamics, DYNAMICS_DEFAULTS, type DynamicsResult } from './dynamics.js';
import { fmt, goalLine, goals, ratios, tableLines, type ThreadRun } from './report.js';
import { benchSpiking, type SpikingResult } from './spiking.js';

const PY = '/usr/bin/python3';
const OPENBLAS_DIR = '/usr/lib/x86_64-linux-gnu/openblas-pthread';
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const THREADS = (process.env.BENCH_THREADS ?? '1,2').split(',').map(Number);
const here = fileURLToPath(new URL('.', import.meta.url));

interface TorchRun { torch: string; threads: number; blas: string[]; results: Record<string, CaseResult> }

function torchAvailable(): boolean {
  return spawnSync(PY, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

function runTorchOnce(threads: number, torchThreads: number, cases: readonly string[]): TorchRun {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(torchThreads) };
  if (existsSync(OPENBLAS_DIR)) env.LD_LIBRARY_PATH = `${OPENBLAS_DIR}${process.env.LD_LIBRARY_PATH ? `:${process.env.LD_LIBRARY_PATH}` : ''}`;
  const out = execFileSync(PY, [`${here}torch_bench.py`, String(torchThreads), String(REPEATS), cases.join(',')], { env, encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop() as string) as TorchRun;
}

/**
 * PyTorch at `threads`: OpenBLAS on `threads`, and the better of torch's own
 * intra-op pool at `threads` or at 1 per case (on 2 cores the two pools fight,
 * and matching both would flatter us; see shared/notes/engine-bench.md).
 */
function runTorch(threads: number, cases: readonly string[]): TorchRun {
  const matched = runTorchOnce(threads, threads, cases);
  if (threads === 1) return matched;
  const alt = runTorchOnce(threads, 1, cases);
  const results: Record<string, CaseResult> = {};
  for (const [key, r] of Object.entries(matched.results)) {
    const o = alt.results[key];
    const better = 'gflops' in r ? (o.gflops > r.gflops ? o : r) : Object.values(o)[0] < Object.values(r)[0] ? o : r;
    results[key] = { ...better, torchThreads: better === r ? threads : 1 };
  }
  return { ...matched, results };
}

/** Per case and metric, the median over rounds. */
function medianCases(rounds: Record<string, CaseResult>[]): Record<string, CaseResult> {
  const out: Record<string, CaseResult> = {};
  for (const key of Object.keys(rounds[0] ?? {})) {
    out[key] = {};
    for (const metric of Object.keys(rounds[0][key])) {
      out[key][metric] = median(rounds.map((r) => r[key]?.[metric]).filter((v): v is number => v !== undefined));
    }
  }
  return out;
}

/** BENCH_ROUNDS interleaved rounds of neuromorph and PyTorch over `cases` at each thread count; per thread count, the medians. */
function tensorRuns(cases: readonly string[], hasTorch: boolean): ThreadRun[] {
  const torchCases = cases.filter((c) => c !== 'kernel_peak'); // the micro-kernel has no PyTorch counterpart
  const useTorch = hasTorch && torchCases.length > 0;
  const rounds: { nm: Record<string, CaseResult>[]; torch: TorchRun[] }[] = THREADS.map(() => ({ nm: [], torch: [] }));
  for (let r = 0; r < ROUNDS; r++) {
    THREADS.forEach((t, i) => {
      setNumThreads(t);
      console.error(`bench: round ${r + 1}/${ROUNDS}, neuromorph, ${t} thread(s)…`);
      rounds[i].nm.push(runCases(REPEATS, cases));
      if (!useTorch) return;
      console.error(`bench: round ${r + 1}/${ROUNDS}, PyTorch, ${t} thread(s)…`);
      rounds[i].torch.push(runTorch(t, torchCases));
    });
  }
  return THREADS.map((threads, i) => ({
    threads,
    nm: medianCases(rounds[i].nm),
    torch: useTorch ? { ...rounds[i].torch[0], results: medianCases(rounds[i].torch.map((x) => x.results)) } : null,
  }));
}

function printTensor(runs: readonly ThreadRun[], machine: string, log: (line: string) => void): void {
  const torch = runs.find((r) => r.torch !== null)?.torch;
  log(`\nneuromorph vs PyTorch (${torch ? `torch ${torch.torch}, BLAS ${torch.blas.join(', ') || 'unknown'}` : 'no PyTorch'})`);
  log(`machine: ${machine}; medians over ${ROUNDS} interleaved rounds of ${REPEATS} repeats each; ratio = neuromorph time / PyTorch time (≤ 1: as fast or faster)\n`);
  for (const l of tableLines(runs)) log(l);
  const rnn = runs[0]?.nm.rnn_step;
  if (rnn) {
    log(`\nRNN step: ${fmt(rnn.us)} µs as 5 tensor ops, ${fmt(rnn.rawUs)} µs as the same 5 kernels on raw arrays, ${fmt(rnn.plainUs)} µs as one fused plain JS loop`);
    log(`tensor-op overhead: ${fmt(rnn.overheadUsPerOp)} µs per op ((tensor ops − raw kernels) / 5)`);
  }
  const peak = runs.find((r) => r.threads === 1)?.nm.kernel_peak?.gflops;
  if (peak !== undefined) log(`GEMM micro-kernel ceiling (L1-resident panels, 1 thread): ${fmt(peak)} GFLOP/s; 2 threads can reach at most ${fmt(2 * peak)}`);
  const g = runs[0]?.nm.gemm_128x784x256;
  if (g) log(`per-call heap copies at 128×784×256: ${fmt(g.copyMs * 1e3)} µs = ${((100 * g.copyMs) / g.ms).toFixed(1)}% of the GEMM`);
  for (const r of runs) {
    const cells = (['gemm_128x784x256', 'gemm_512'] as const).flatMap((key) => {
      const v = r.nm[key]?.residentGflops;
      return v === undefined ? [] : [`${key} ${fmt(v)}`];
    });
    if (cells.length) log(`GEMM on resident operands (residentArray, no copies), ${r.threads} thread(s): ${cells.join(', ')} GFLOP/s`);
  }
}

function parseOrExit(argv: readonly string[]): BenchArgs {
  try {
    return parseBenchArgs(argv);
  } catch (err) {
    if (!(err instanceof ArgumentError)) throw err;
    console.error(`${err.message}\n${BENCH_USAGE}`);
    process.exit(2);
  }
}

function main(): void {
  const args = parseOrExit(process.argv.slice(2));
  if (args.help) return void console.log(BENCH_USAGE);
  // with --json, stdout carries the JSON object only
  const log = args.output === 'json' ? (line: string): void => console.error(line) : (line: string): void => console.log(line);
  const tensorCases = TENSOR_CASES.filter((c) => args.cases.includes(c));
  const hasTorch = tensorCases.length > 0 && torchAvailable();
  if (tensorCases.length > 0 && !hasTorch) {
    log(`PyTorch not found for ${PY}; to compare, install it (as root):\n  apt-get update && apt-get install -y python3-torch libopenblas0-pthread\nRunning neuromorph only.\n`);
  }
  const runs = tensorCases.length > 0 ? tensorRuns(tensorCases, hasTorch) : [];
  const loadAvg = loadavg();
  const machine = `${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load avg ${loadAvg.map((x) => x.toFixed(2)).join(' ')}`;
  if (runs.length > 0) printTensor(runs, machine, log);
  // Spiking networks: the CUBA benchmark vs Brian2 (prints its own table).
  let spiking: SpikingResult | null = null;
  if (args.cases.includes('cuba')) {
    console.error('bench: CUBA vs Brian2…');
    log('');
    spiking = benchSpiking(log);
  }
  let dynamics: DynamicsResult | null = null;
  if (args.cases.includes('dynamics')) {
    console.error('bench: composed dynamics vs flat loop…');
    log('');
    dynamics = benchDynamics(DYNAMICS_DEFAULTS, log);
  }
  const checked = goals(runs, spiking, dynamics);
  if (checked.length > 0) log(`\n${checked.map(goalLine).join('\n')}`);
  const torch = runs.find((r) => r.torch !== null)?.torch;
  const report = {
    date: new Date().toISOString(),
    machine,
    loadAverage: loadAvg,
    rounds: ROUNDS,
    repeats: REPEATS,
    defaultThreads: numThreads(),
    cases: args.cases,
    torch: torch ? { version: torch.torch, blas: torch.blas } : null,
    threads: runs.map((r) => ({ threads: r.threads, neuromorph: r.nm, torch: r.torch?.results ?? null, ratios: ratios(r) })),
    spiking,
    dynamics,
    goals: checked,
  };
  const dir = `${here}results`;
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/bench-${report.date.replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify(report, null, 2));
  log(`\nwrote ${file}`);
  if (args.output === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main();
