/**
 * The units of work of liu-2023-rich-lazy: one per task × seed (`2af-seed0`, …,
 * `smnist-seed4`), each training every init of that seed on that task from the
 * stream `ctx.rng.fold('<task>/<seed>')`, and one (`student-teacher`) for the
 * linear student–teacher check on `ctx.rng.fold('student-teacher')`. The merge
 * forms the per-rank means, the paired per-seed gaps and the curves.
 */
import { cognitiveTask, sequentialMnistTask, type Task, type TaskName } from '../../src/mechanisms/low-rank/index.js';
import type { Config, LineSeries, RunContext, RunResult, UnitDone, UnitSpec } from '../../src/experiment/index.js';
import { NeuroError } from '../../src/util/index.js';
import { runSeed, type Richness, type SeedResult, type SweepSettings } from './sweep.js';
import { studentTeacher, type StudentTeacherResult } from './student-teacher.js';
import { mean, sampleStd } from '../common/stats.js';

const TASKS: readonly TaskName[] = ['2af', 'dms', 'cxt'];
const KEYS = ['dW', 'ka', 'ra', 'ss', 'acc', 'loss', 'erank', 'erankNs'] as const;
/** Linear student–teacher check: d = 16, small init σ = 0.1, GD to convergence (1,000 steps of lr 0.1). */
const STUDENT_TEACHER = { d: 16, sigma: 0.1, lr: 0.1, steps: 1000, ranks: [1, 2, 4, 8, 16] } as const;
type Key = (typeof KEYS)[number];

/** The config keys the units read. */
export type LiuConfig = Config & {
  readonly n: number; readonly gain: number; readonly ranks: readonly number[]; readonly seeds: number; readonly iterations: number;
  readonly batch: number; readonly lr: number; readonly momentum: number; readonly probeTrials: number; readonly alignedRank: number;
  readonly ei: string; readonly rankInit: string; readonly aligned: string; readonly tasks: string;
  readonly smnistRanks: readonly number[]; readonly smnistBatch: number; readonly teachers: number;
};

/** One unit: a task's seed, or the student–teacher check. */
export type LiuUnit = { readonly kind: 'seed'; readonly task: string; readonly seed: number } | { readonly kind: 'student-teacher' };
/** What a unit returns: the seed's richness per init, or the student–teacher result. */
export type LiuResult = SeedResult | StudentTeacherResult;

/** The tasks a config runs, in order (the first one also carries the aligned and E/I arms). */
function taskNames(config: Readonly<LiuConfig>): string[] {
  return config.tasks === 'all' ? [...TASKS, 'smnist'] : config.tasks === 'cognitive' ? [...TASKS] : [config.tasks];
}

/** The settings of one task's seeds. */
function taskSettings(config: Readonly<LiuConfig>, task: string): SweepSettings {
  const clip = (rs: readonly number[]): number[] => rs.map((r) => Math.min(r, config.n));
  const base: SweepSettings = { ...config, ranks: clip(config.ranks), repTrials: 10 * config.probeTrials, ei: config.ei as SweepSettings['ei'], rankInit: config.rankInit as SweepSettings['rankInit'], aligned: config.aligned as SweepSettings['aligned'] };
  // sMNIST as the paper's code: batch 200 (also its probe), ranks {5, 30, N}, loss and kernel on the last step only.
  const settings = task === 'smnist' ? { ...base, ranks: clip(config.smnistRanks), batch: config.smnistBatch, probeTrials: config.smnistBatch, repTrials: config.smnistBatch } : base;
  // The aligned and E/I comparisons run on the first task only (2AF by default), to keep the sweep affordable.
  return task === taskNames(config)[0] && task !== 'smnist' ? settings : { ...settings, ei: 'off', alignedRank: 0 };
}

function taskGenerator(task: string, ctx: RunContext): Task {
  return task === 'smnist' ? sequentialMnistTask(ctx.datasets.image('mnist', 'train')) : cognitiveTask(task as TaskName);
}

function runStudentTeacher(config: Readonly<LiuConfig>, ctx: RunContext): StudentTeacherResult {
  return studentTeacher({ ...STUDENT_TEACHER, teachers: config.teachers, rankInit: config.rankInit as SweepSettings['rankInit'], aligned: config.aligned as SweepSettings['aligned'] }, ctx.rng.fold('student-teacher'));
}

/** Where the merge writes: means in `metrics`, per-seed values in `samples`. */
interface Out {
  readonly metrics: Record<string, number>;
  readonly samples: Record<string, number[]>;
  readonly series: Record<string, LineSeries>;
}

function put(out: Out, k: string, xs: number[]): void {
  out.samples[k] = xs;
  out.metrics[k] = mean(xs);
}

function avg(rs: readonly Richness[], k: Key): number {
  return mean(rs.map((r) => r[k]));
}

/** One task's metrics and curves over its finished seeds. */
function mergeTask(out: Out, task: string, ranks: readonly number[], seeds: readonly SeedResult[]): void {
  for (const k of KEYS) {
    const stats = ranks.map((_, i) => [mean(seeds.map((r) => r.byRank[i]![k])), sampleStd(seeds.map((r) => r.byRank[i]![k]))] as const);
    ranks.forEach((r, i) => (out.metrics[`${task}_${k}_r${r}`] = stats[i]![0]));
    out.series[`${task}_${k}`] = {
      kind: 'line', x: [...ranks], xLabel: 'rank of W_h(0)', yLabel: k, title: `${task}: ${k} vs rank (mean ± sd over ${seeds.length} seeds)`,
      ys: { mean: stats.map((x) => x[0]), 'mean − sd': stats.map((x) => x[0] - x[1]), 'mean + sd': stats.map((x) => x[0] + x[1]) },
    };
  }
  const last = ranks.length - 1;
  const paired = (k: Key, hi: number, lo: number): number[] => seeds.map((r) => r.byRank[hi]![k] - r.byRank[lo]![k]);
  put(out, `${task}_dWDrop`, paired('dW', 0, last));
  put(out, `${task}_kaRise`, paired('ka', last, 0));
  put(out, `${task}_raRise`, paired('ra', last, 0));
  const withAligned = seeds.filter((r) => r.aligned && r.randomAtAlignedRank);
  if (withAligned.length) {
    for (const k of ['dW', 'ka', 'ra', 'acc', 'loss'] as const) out.metrics[`${task}_aligned_${k}`] = avg(withAligned.map((r) => r.aligned!), k);
    put(out, 'alignedKaGain', withAligned.map((r) => r.aligned!.ka - r.randomAtAlignedRank!.ka));
  }
  const withEi = seeds.filter((r) => r.ei);
  if (withEi.length) {
    for (const k of ['dW', 'ka', 'ra', 'acc', 'loss', 'erank', 'erankNs'] as const) out.metrics[`${task}_ei_${k}`] = avg(withEi.map((r) => r.ei!), k);
    put(out, 'eiDwGain', withEi.map((r) => r.ei!.dW - r.byRank[last]!.dW));
    put(out, 'eiKaDrop', withEi.map((r) => r.byRank[last]!.ka - r.ei!.ka));
    put(out, 'eiErankGap', withEi.map((r) => r.byRank[last]!.erank - r.ei!.erank));
  }
}

function mergeStudentTeacher(out: Out, st: StudentTeacherResult, teachers: number): void {
  STUDENT_TEACHER.ranks.forEach((r, i) => Object.assign(out.metrics, { [`st_ka_r${r}`]: st.ka[i], [`st_dW_r${r}`]: st.dW[i] }));
  Object.assign(out.metrics, { st_aligned_ka: st.alignedKa, st_aligned_dW: st.alignedDw });
  put(out, 'stKaRise', st.kaRise);
  put(out, 'stAlignedKaGain', st.alignedGain);
  out.series.st_ka = {
    kind: 'line', x: [...STUDENT_TEACHER.ranks], xLabel: 'rank of W₁(0)', yLabel: 'kernel alignment', title: `linear student–teacher: kernel alignment vs rank (mean over ${teachers} teachers)`,
    ys: { random: st.ka, 'teacher-aligned rank 1': STUDENT_TEACHER.ranks.map(() => st.alignedKa) },
  };
}

/**
 * Merges the finished units in plan order. A task with no finished seed is left
 * out (its metrics are absent); its means and gaps are over the seeds that finished.
 * @throws NeuroError when no unit finished.
 */
function merge(config: Readonly<LiuConfig>, done: readonly UnitDone<LiuUnit, LiuResult>[]): RunResult {
  if (done.length === 0) throw new NeuroError('not_found', 'liu-2023-rich-lazy merge', { what: 'no unit finished', expected: 'at least one task seed or the student–teacher unit', received: 0 });
  const out: Out = { metrics: {}, samples: {}, series: {} };
  for (const task of taskNames(config)) {
    const seeds = done.filter((d) => d.unit.kind === 'seed' && d.unit.task === task).map((d) => d.result as SeedResult);
    if (seeds.length) mergeTask(out, task, taskSettings(config, task).ranks, seeds);
  }
  const st = done.find((d) => d.unit.kind === 'student-teacher');
  if (st) mergeStudentTeacher(out, st.result as StudentTeacherResult, config.teachers);
  return { metrics: out.metrics, series: out.series, samples: out.samples };
}

/**
 * The units: `<task>-seed<s>` for every task and seed (task-major, as the one-process
 * loop ran them), then `student-teacher`.
 */
export function liuUnits<C extends LiuConfig>(): UnitSpec<C, LiuUnit, LiuResult> {
  return {
    plan: (config) => [
      ...taskNames(config).flatMap((task) => Array.from({ length: config.seeds }, (_, seed) => ({ key: `${task}-seed${seed}`, unit: { kind: 'seed', task, seed } as LiuUnit }))),
      { key: 'student-teacher', unit: { kind: 'student-teacher' } },
    ],
    run: (config, unit, ctx) => (unit.kind === 'student-teacher'
      ? runStudentTeacher(config, ctx)
      : runSeed(taskGenerator(unit.task, ctx), taskSettings(config, unit.task), ctx.rng.fold(`${unit.task}/${unit.seed}`), ctx)),
    merge,
  };
}
