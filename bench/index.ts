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
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { numThreads, setNumThreads } from '../src/index.js';
import '../src/node/index.js'; // worker_threads pool
import { runCases, type CaseResult } from './cases.js';
import { median } from '../experiments/common/stats.js';
import { benchSpiking } from './spiking.js';

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

function runTorchOnce(threads: number, torchThreads: number): TorchRun {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(torchThreads) };
  if (existsSync(OPENBLAS_DIR)) env.LD_LIBRARY_PATH = `${OPENBLAS_DIR}${process.env.LD_LIBRARY_PATH ? `:${process.env.LD_LIBRARY_PATH}` : ''}`;
  const out = execFileSync(PY, [`${here}torch_bench.py`, String(torchThreads), String(REPEATS)], { env, encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop() as string) as TorchRun;
}

/**
 * PyTorch at `threads`: OpenBLAS on `threads`, and the better of torch's own
 * intra-op pool at `threads` or at 1 per case (on 2 cores the two pools fight,
 * and matching both would flatter us; see shared/notes/engine-bench.md).
 */
function runTorch(threads: number): TorchRun {
  const matched = runTorchOnce(threads, threads);
  if (threads === 1) return matched;
  const alt = runTorchOnce(threads, 1);
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

/** Rows: [label, case key, metric, unit, lower is better]. */
const ROWS: [string, string, string, string, boolean][] = [
  ['GEMM 128×784×256', 'gemm_128x784x256', 'gflops', 'GFLOP/s', false],
  ['GEMM 512³', 'gemm_512', 'gflops', 'GFLOP/s', false],
  ['MLP 784-256-10 step (b128, SGD)', 'mlp_784_256_10', 'ms', 'ms', true],
  ['MLP 784-1000-1000-10 step (b128, SGD)', 'mlp_784_1000_1000_10', 'ms', 'ms', true],
  ['mlp-mnist epoch (469 Adam steps, b128)', 'mnist_epoch', 's', 's', true],
  ['CNN step (2 conv + fc, b32, 28×28)', 'cnn_step', 'ms', 'ms', true],
  ['RNN step b16 h64 (5 ops)', 'rnn_step', 'us', 'µs', true],
];

const fmt = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '–' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

function main(): void {
  const hasTorch = torchAvailable();
  if (!hasTorch) {
    console.log(`PyTorch not found for ${PY}; to compare, install it (as root):\n  apt-get update && apt-get install -y python3-torch libopenblas0-pthread\nRunning neuromorph only.\n`);
  }
  const rounds: { nm: Record<string, CaseResult>[]; torch: TorchRun[] }[] = THREADS.map(() => ({ nm: [], torch: [] }));
  for (let r = 0; r < ROUNDS; r++) {
    THREADS.forEach((t, i) => {
      setNumThreads(t);
      console.error(`bench: round ${r + 1}/${ROUNDS}, neuromorph, ${t} thread(s)…`);
      rounds[i].nm.push(runCases(REPEATS));
      if (!hasTorch) return;
      console.error(`bench: round ${r + 1}/${ROUNDS}, PyTorch, ${t} thread(s)…`);
      rounds[i].torch.push(runTorch(t));
    });
  }
  const runs = THREADS.map((threads, i) => ({
    threads,
    nm: medianCases(rounds[i].nm),
    torch: hasTorch ? { ...rounds[i].torch[0], results: medianCases(rounds[i].torch.map((x) => x.results)) } : null,
  }));
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  const machine = `${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load avg ${load}`;
  const header = ['case', ...runs.flatMap((r) => [`nm ${r.threads}t`, `torch ${r.threads}t`, `ratio ${r.threads}t`])];
  const lines = [header, header.map(() => '---')];
  for (const [label, key, metric, unit, lowerBetter] of ROWS) {
    const cells = [`${label} (${unit})`];
    for (const r of runs) {
      const a = r.nm[key]?.[metric], b = r.torch?.results[key]?.[metric];
      // ratio = neuromorph time / PyTorch time: ≤ 1 means as fast or faster
      const ratio = a === undefined || b === undefined ? undefined : lowerBetter ? a / b : b / a;
      cells.push(fmt(a), fmt(b), ratio === undefined ? '–' : `${ratio.toFixed(2)}×`);
    }
    lines.push(cells);
  }
  console.log(`\nneuromorph vs PyTorch (${runs[0]?.torch ? `torch ${runs[0].torch.torch}, BLAS ${runs[0].torch.blas.join(', ') || 'unknown'}` : 'no PyTorch'})`);
  console.log(`machine: ${machine}; medians over ${ROUNDS} interleaved rounds of ${REPEATS} repeats each; ratio = neuromorph time / PyTorch time (≤ 1: as fast or faster)\n`);
  for (const l of lines) console.log(`| ${l.join(' | ')} |`);
  const rnn = runs[0]?.nm.rnn_step;
  if (rnn) {
    console.log(`\nRNN step: ${fmt(rnn.us)} µs as 5 tensor ops, ${fmt(rnn.rawUs)} µs as the same 5 kernels on raw arrays, ${fmt(rnn.plainUs)} µs as one fused plain JS loop`);
    console.log(`tensor-op overhead: ${fmt(rnn.overheadUsPerOp)} µs per op ((tensor ops − raw kernels) / 5)`);
  }
  const peak = runs.find((r) => r.threads === 1)?.nm.kernel_peak?.gflops;
  if (peak !== undefined) console.log(`GEMM micro-kernel ceiling (L1-resident panels, 1 thread): ${fmt(peak)} GFLOP/s; 2 threads can reach at most ${fmt(2 * peak)}`);
  const g = runs[0]?.nm.gemm_128x784x256;
  if (g) console.log(`per-call heap copies at 128×784×256: ${fmt(g.copyMs * 1e3)} µs = ${((100 * g.copyMs) / g.ms).toFixed(1)}% of the GEMM`);
  const goals = goalLines(runs);
  console.log(`\n${goals.join('\n')}`);
  // Spiking networks: the CUBA benchmark vs Brian2 (prints its own table).
  const spiking = benchSpiking();
  const dir = `${here}results`;
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine, repeats: REPEATS, rounds: ROUNDS, defaultThreads: numThreads(), runs, spiking }, null, 2));
  console.log(`\nwrote ${file}`);
}

function goalLines(runs: { threads: number; nm: Record<string, CaseResult>; torch: TorchRun | null }[]): string[] {
  const out: string[] = [];
  const two = runs.find((r) => r.threads === 2);
  if (two) {
    const g = two.nm.gemm_512.gflops;
    out.push(`goal GEMM 512³ ≥ 70 GFLOP/s on 2 threads: ${g.toFixed(1)} → ${g >= 70 ? 'met' : 'MISSED'}`);
  }
  for (const r of runs) {
    if (r.torch === null) continue;
    for (const key of ['mlp_784_256_10', 'mlp_784_1000_1000_10']) {
      const ratio = r.nm[key].ms / r.torch.results[key].ms;
      out.push(`goal ${key} ratio ≤ 1.0 at ${r.threads} thread(s): ${ratio.toFixed(2)} → ${ratio <= 1 ? 'met' : 'MISSED'}`);
    }
  }
  const op = runs[0]?.nm.rnn_step.overheadUsPerOp;
  if (op !== undefined) out.push(`goal tiny-op overhead ≤ 5 µs/op: ${op.toFixed(2)} → ${op <= 5 ? 'met' : 'MISSED'}`);
  return out;
}

main();
