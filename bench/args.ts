/**
 * Command line of `npm run bench` (bench/index.ts): `--only <case,…>` and `--json`,
 * parsed with node's `util.parseArgs` in strict mode, so an unknown flag, a stray
 * positional or an unknown case name is an {@link ArgumentError} (index.ts exits 2).
 */
import { parseArgs } from 'node:util';
import { ArgumentError } from '../src/util/index.js';

/** Cases measured by bench/cases.ts, in table order; all but `kernel_peak` also run in bench/torch_bench.py. */
export const TENSOR_CASES = ['gemm_128x784x256', 'gemm_512', 'mlp_784_256_10', 'mlp_784_1000_1000_10', 'mnist_epoch', 'cnn_step', 'rnn_step', 'rnn_cell', 'kernel_peak'] as const;

/** A case of bench/cases.ts. */
export type TensorCase = (typeof TENSOR_CASES)[number];

/** Every name `--only` accepts: the tensor cases, `cuba` (bench/spiking.ts) and `dynamics` (bench/dynamics.ts). */
export const BENCH_CASES = [...TENSOR_CASES, 'cuba', 'dynamics'] as const;

/** A name `--only` accepts. */
export type BenchCase = (typeof BENCH_CASES)[number];

/** Parsed `npm run bench` arguments. */
export interface BenchArgs {
  /** The cases to run, in {@link BENCH_CASES} order; all of them without `--only`. */
  readonly cases: readonly BenchCase[];
  /** `--json`: one JSON object on stdout, the tables on stderr. */
  readonly output: 'table' | 'json';
  /** `--help`. */
  readonly help: boolean;
}

export const BENCH_USAGE = `usage: npx tsx bench/index.ts [--only <case,…>] [--json]   (or: npm run -s bench -- …)
  --only <case,…>  run only these cases (repeatable); one of ${BENCH_CASES.join(', ')}
  --json           print one JSON object on stdout (tables and progress go to stderr)
env: BENCH_THREADS (default 1,2), BENCH_ROUNDS (3), BENCH_REPEATS (5)`;

const isCase = (name: string): name is BenchCase => (BENCH_CASES as readonly string[]).includes(name);

/** Parses `argv` (without node and the script); throws {@link ArgumentError} on anything it does not know. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let values: { only?: string[]; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { only: { type: 'string', multiple: true }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    // node's own messages ("Unknown option '--x'", "Option '--only <value>' argument missing") are clear; keep them
    throw new ArgumentError('bench', { what: err instanceof Error ? err.message : String(err) });
  }
  let cases: readonly BenchCase[] = BENCH_CASES;
  if (values.only !== undefined) {
    const names = values.only.flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
    const unknown = names.filter((s) => !isCase(s));
    if (unknown.length > 0) throw new ArgumentError('bench --only', { what: unknown.length > 1 ? 'unknown cases' : 'unknown case', expected: `one of ${BENCH_CASES.join(', ')}`, received: unknown.length > 1 ? unknown : unknown[0] });
    if (names.length === 0) throw new ArgumentError('bench --only', { what: 'no case named', expected: `one or more of ${BENCH_CASES.join(', ')}`, received: values.only.join(',') });
    cases = BENCH_CASES.filter((c) => names.includes(c));
  }
  return { cases, output: values.json === true ? 'json' : 'table', help: values.help === true };
}
