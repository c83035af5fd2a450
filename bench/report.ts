/**
 * The tables and goals of `npm run bench`: ratios per case, the markdown table,
 * and the goals of the current performance issue checked against the medians.
 */
import type { BenchCase, TensorCase } from './args.js';
import type { CaseResult } from './cases.js';
import type { DynamicsResult } from './dynamics.js';
import type { SpikingResult } from './spiking.js';

/** Medians at one thread count; `torch` is null without PyTorch. */
export interface ThreadRun {
  readonly threads: number;
  readonly nm: Record<string, CaseResult>;
  readonly torch: { readonly torch: string; readonly blas: readonly string[]; readonly results: Record<string, CaseResult> } | null;
}

/** Rows: [label, case key, metric, unit, lower is better]. */
const ROWS: readonly (readonly [string, TensorCase, string, string, boolean])[] = [
  ['GEMM 128×784×256', 'gemm_128x784x256', 'gflops', 'GFLOP/s', false],
  ['GEMM 512³', 'gemm_512', 'gflops', 'GFLOP/s', false],
  ['MLP 784-256-10 step (b128, SGD)', 'mlp_784_256_10', 'ms', 'ms', true],
  ['MLP 784-1000-1000-10 step (b128, SGD)', 'mlp_784_1000_1000_10', 'ms', 'ms', true],
  ['mlp-mnist epoch (469 Adam steps, b128)', 'mnist_epoch', 's', 's', true],
  ['CNN step (2 conv + fc, b32, 28×28)', 'cnn_step', 'ms', 'ms', true],
  ['RNN step b16 h64 (5 ops)', 'rnn_step', 'us', 'µs', true],
  ['RNN step b16 h64 (one RNNCell op)', 'rnn_cell', 'us', 'µs', true],
];

export const fmt = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '–' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/** neuromorph time / PyTorch time for every case both sides ran (≤ 1: as fast or faster). */
export function ratios(run: ThreadRun): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [, key, metric, , lowerBetter] of ROWS) {
    const a = run.nm[key]?.[metric], b = run.torch?.results[key]?.[metric];
    if (a !== undefined && b !== undefined) out[key] = lowerBetter ? a / b : b / a;
  }
  return out;
}

/** The markdown table: one row per case that ran, three columns per thread count. */
export function tableLines(runs: readonly ThreadRun[]): string[] {
  const header = ['case', ...runs.flatMap((r) => [`nm ${r.threads}t`, `torch ${r.threads}t`, `ratio ${r.threads}t`])];
  const lines = [header, header.map(() => '---')];
  const rs = runs.map(ratios);
  for (const [label, key, metric, unit] of ROWS) {
    if (!runs.some((r) => r.nm[key] !== undefined)) continue;
    const cells = [`${label} (${unit})`];
    runs.forEach((r, i) => {
      const ratio = rs[i][key];
      cells.push(fmt(r.nm[key]?.[metric]), fmt(r.torch?.results[key]?.[metric]), ratio === undefined ? '–' : `${ratio.toFixed(2)}×`);
    });
    lines.push(cells);
  }
  return lines.map((l) => `| ${l.join(' | ')} |`);
}

/** One goal checked: `value op target`; 'not measured' when the reference (PyTorch, Brian2) is missing. */
export interface Goal {
  readonly goal: string;
  readonly case: BenchCase;
  readonly threads: number | null;
  readonly value: number | null;
  readonly op: '>=' | '<=';
  readonly target: number;
  readonly status: 'met' | 'missed' | 'not measured';
}

interface TensorGoal {
  readonly goal: string;
  readonly case: TensorCase;
  readonly threads: number;
  /** 'gflops': neuromorph's GFLOP/s alone; 'ratio': neuromorph time / PyTorch time. */
  readonly measure: 'gflops' | 'ratio';
  readonly op: '>=' | '<=';
  readonly target: number;
}

/** The goals of the current issue, at matched threads. */
const TENSOR_GOALS: readonly TensorGoal[] = [
  { goal: 'GEMM 512³ GFLOP/s', case: 'gemm_512', threads: 2, measure: 'gflops', op: '>=', target: 85 },
  { goal: 'MLP 784-256-10 step ratio', case: 'mlp_784_256_10', threads: 2, measure: 'ratio', op: '<=', target: 1.5 },
  { goal: 'MLP 784-256-10 step ratio', case: 'mlp_784_256_10', threads: 1, measure: 'ratio', op: '<=', target: 1.8 },
  { goal: 'MLP 784-1000-1000-10 step ratio', case: 'mlp_784_1000_1000_10', threads: 2, measure: 'ratio', op: '<=', target: 1.5 },
  { goal: 'MLP 784-1000-1000-10 step ratio', case: 'mlp_784_1000_1000_10', threads: 1, measure: 'ratio', op: '<=', target: 1.8 },
  { goal: 'mlp-mnist epoch ratio', case: 'mnist_epoch', threads: 2, measure: 'ratio', op: '<=', target: 1.5 },
  { goal: 'RNN step b16 h64 ratio', case: 'rnn_step', threads: 1, measure: 'ratio', op: '<=', target: 1.0 },
  { goal: 'RNN step b16 h64 (RNNCell) ratio', case: 'rnn_cell', threads: 1, measure: 'ratio', op: '<=', target: 1.0 },
];

const check = (g: Omit<Goal, 'status'>): Goal => ({
  ...g,
  status: g.value === null ? 'not measured' : (g.op === '>=' ? g.value >= g.target : g.value <= g.target) ? 'met' : 'missed',
});

/**
 * Every goal whose case ran (and, for tensor goals, at a thread count that ran).
 * CUBA: Brian2 wall / neuromorph wall ≥ 1.5; dynamics: composed / flat time ≤ 1.5.
 */
export function goals(runs: readonly ThreadRun[], spiking: SpikingResult | null, dynamics: DynamicsResult | null): Goal[] {
  const out: Goal[] = [];
  for (const g of TENSOR_GOALS) {
    const run = runs.find((r) => r.threads === g.threads);
    if (run?.nm[g.case] === undefined) continue;
    const value = g.measure === 'gflops' ? run.nm[g.case].gflops : ratios(run)[g.case];
    out.push(check({ goal: g.goal, case: g.case, threads: g.threads, value: value ?? null, op: g.op, target: g.target }));
  }
  if (spiking) out.push(check({ goal: 'CUBA speed-up vs Brian2', case: 'cuba', threads: null, value: spiking.ratio, op: '>=', target: 1.5 }));
  if (dynamics) out.push(check({ goal: 'composed dynamics / flat loop time', case: 'dynamics', threads: null, value: dynamics.ratioComposedOverFlat, op: '<=', target: 1.5 }));
  return out;
}

/** `goal GEMM 512³ GFLOP/s ≥ 85 on 2 threads: 36.1 → MISSED`. */
export function goalLine(g: Goal): string {
  const where = g.threads === null ? '' : ` on ${g.threads} thread${g.threads === 1 ? '' : 's'}`;
  const status = g.status === 'met' ? 'met' : g.status === 'missed' ? 'MISSED' : `not measured (${g.case === 'cuba' ? 'no Brian2' : 'no PyTorch'})`;
  return `goal ${g.goal} ${g.op === '>=' ? '≥' : '≤'} ${g.target}${where}: ${g.value === null ? '–' : g.value.toFixed(2)} → ${status}`;
}
