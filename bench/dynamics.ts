/**
 * Benchmark: a ring of N coupled harmonic oscillators (mass–spring ring),
 *   q_i' = p_i,  p_i' = −ω² q_i + k (q_{i−1} + q_{i+1} − 2 q_i),
 * built several ways and stepped with the same fixed-step RK4 (`simulate`):
 *   composed  — N boxes (state [q, p], inputs [q_left, q_right], output q) wired by
 *               oapply; the box has an offset kernel (`dynamicsAt`) and a projection
 *               readout (`observe: [0]`), so the composite makes one call per box;
 *   composed, callback box — the same box written with `dynamicsInto`/`readoutInto`
 *               (per-box subarray views, a readout call per box);
 *   replicate — one `replicate(box, N)` box wired to itself by the same 2N wires;
 *   replicate+batch — the same with a vectorised kernel (one loop over the copies);
 *   flat      — one hand-written machine whose dynamics loop over the arrays.
 * Also a fully hand-inlined RK4 loop (no machine at all) for reference.
 * Prints steps/s from process CPU time (median and best of interleaved repeats; the
 * wall-clock median too) and the time ratios to the flat machine; writes bench/results/dynamics.json.
 * Run alone: npx tsx bench/dynamics.ts [N] [steps] [repeats]; bench/index.ts calls {@link benchDynamics}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { continuousMachine, oapply, replicate, simulate, wire, wiringDiagram, type BatchKernel, type Machine, type Wire } from '../src/dynamics/index.js';

const DT = 0.01;
const W2 = 1;
const K = 0.5;

/** One oscillator, written for composition: offset kernel and projection readout. */
const box = continuousMachine({
  nIn: 2,
  nOut: 1,
  nStates: 2,
  name: 'osc',
  dynamicsAt: (u, uo, x, xo, _p, _t, out, oo) => {
    const q = u[uo]!;
    out[oo] = u[uo + 1]!;
    out[oo + 1] = -W2 * q + K * (x[xo]! + x[xo + 1]! - 2 * q);
  },
  observe: [0],
});

/** The same oscillator with plain callbacks (per-box views and a readout call). */
const callbackBox = continuousMachine({
  nIn: 2,
  nOut: 1,
  nStates: 2,
  name: 'osc (callbacks)',
  dynamicsInto: (u, x, _p, _t, out) => {
    out[0] = u[1]!;
    out[1] = -W2 * u[0]! + K * (x[0]! + x[1]! - 2 * u[0]!);
  },
  readoutInto: (u, _p, _t, out) => {
    out[0] = u[0]!;
  },
});

/** Ring wires: box i output → box i+1 input 0 (its left) and box i−1 input 1 (its right). */
function ringWires(n: number, target: (i: number, port: number) => [number, number], source: (i: number) => [number, number]): Wire[] {
  const wires: Wire[] = [];
  for (let i = 0; i < n; i++) {
    wires.push(wire(source(i), target((i + 1) % n, 0)));
    wires.push(wire(source(i), target((i - 1 + n) % n, 1)));
  }
  return wires;
}

function composed(n: number, m: Machine): Machine {
  const d = wiringDiagram({
    outer: { nIn: 0, nOut: 0 },
    boxes: Array.from({ length: n }, () => ({ nIn: 2, nOut: 1 })),
    wires: ringWires(n, (i, port) => [i, port], (i) => [i, 0]),
  });
  return oapply(d, Array.from({ length: n }, () => m));
}

/** The box's equations over all copies at once (state stride 2, input stride 2, output stride 1). */
const batch: BatchKernel<unknown> = {
  evalInto: (u, x, _p, _t, out) => {
    for (let i = 0, n = u.length >> 1; i < n; i++) {
      const q = u[2 * i]!;
      out[2 * i] = u[2 * i + 1]!;
      out[2 * i + 1] = -W2 * q + K * (x[2 * i]! + x[2 * i + 1]! - 2 * q);
    }
  },
  readoutInto: (u, _x, _p, _t, out) => {
    for (let i = 0; i < out.length; i++) out[i] = u[2 * i]!;
  },
};

function replicated(n: number, withBatch: boolean): Machine {
  const d = wiringDiagram({
    outer: { nIn: 0, nOut: 0 },
    boxes: [{ nIn: 2 * n, nOut: n }],
    wires: ringWires(n, (i, port) => [0, 2 * i + port], (i) => [0, i]),
  });
  return oapply(d, [withBatch ? replicate(box, n, batch) : replicate(box, n)]);
}

function flat(n: number): Machine {
  return continuousMachine({
    nIn: 0,
    nOut: 0,
    nStates: 2 * n,
    name: 'flat ring',
    dynamicsInto: (u, _x, _p, _t, out) => {
      for (let i = 0; i < n; i++) {
        const q = u[2 * i]!;
        const ql = u[2 * ((i - 1 + n) % n)]!;
        const qr = u[2 * ((i + 1) % n)]!;
        out[2 * i] = u[2 * i + 1]!;
        out[2 * i + 1] = -W2 * q + K * (ql + qr - 2 * q);
      }
    },
    readoutInto: () => {},
  });
}

/** RK4 written out by hand on flat arrays: the floor for any machine-based version. */
function inlined(n: number, u0: Float64Array, steps: number): Float64Array {
  const u: Float64Array = Float64Array.from(u0);
  const [k1, k2, k3, k4, tmp] = [0, 1, 2, 3, 4].map(() => new Float64Array(2 * n));
  const f = (v: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      const q = v[2 * i]!;
      out[2 * i] = v[2 * i + 1]!;
      out[2 * i + 1] = -W2 * q + K * (v[2 * ((i - 1 + n) % n)]! + v[2 * ((i + 1) % n)]! - 2 * q);
    }
  };
  for (let s = 0; s < steps; s++) {
    f(u, k1!);
    for (let i = 0; i < 2 * n; i++) tmp![i] = u[i]! + (DT / 2) * k1![i]!;
    f(tmp!, k2!);
    for (let i = 0; i < 2 * n; i++) tmp![i] = u[i]! + (DT / 2) * k2![i]!;
    f(tmp!, k3!);
    for (let i = 0; i < 2 * n; i++) tmp![i] = u[i]! + DT * k3![i]!;
    f(tmp!, k4!);
    for (let i = 0; i < 2 * n; i++) u[i] = u[i]! + (DT / 6) * (k1![i]! + 2 * k2![i]! + 2 * k3![i]! + k4![i]!);
  }
  return u;
}

function energy(u: ArrayLike<number>, n: number): number {
  let e = 0;
  for (let i = 0; i < n; i++) {
    const q = u[2 * i]!;
    const dq = u[2 * ((i + 1) % n)]! - q;
    e += 0.5 * u[2 * i + 1]! ** 2 + 0.5 * W2 * q * q + 0.5 * K * dq * dq;
  }
  return e;
}

interface Row {
  variant: string;
  /** From the median CPU time of the process (user + system) per run: robust to other jobs on a shared machine. */
  stepsPerSec: number;
  msPerStep: number;
  /** From the best CPU time. */
  bestStepsPerSec: number;
  /** From the median wall-clock time (noisy when the machine is loaded). */
  wallStepsPerSec: number;
  final: Float64Array;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** `reps` timed runs of `steps` steps per variant, interleaved so machine noise hits all alike, after a warm-up; CPU and wall time. */
function timeAll(variants: readonly [string, (steps: number) => Float64Array][], steps: number, reps: number): Row[] {
  for (const [, run] of variants) run(Math.max(50, steps / 10));
  const cpu: number[][] = variants.map(() => []);
  const wall: number[][] = variants.map(() => []);
  const finals: Float64Array[] = variants.map(() => new Float64Array(0));
  for (let rep = 0; rep < reps; rep++) {
    variants.forEach(([, run], v) => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      finals[v] = run(steps);
      wall[v]!.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu[v]!.push((c.user + c.system) / 1000);
    });
  }
  return variants.map(([variant], v) => {
    const med = median(cpu[v]!);
    const rate = (ms: number): number => (steps / ms) * 1000;
    return { variant, stepsPerSec: rate(med), msPerStep: med / steps, bestStepsPerSec: rate(Math.min(...cpu[v]!)), wallStepsPerSec: rate(median(wall[v]!)), final: finals[v]! };
  });
}

/** Ring size, steps per run and timed runs per variant. */
export interface DynamicsOptions {
  readonly n: number;
  readonly steps: number;
  readonly repeats: number;
}

/** Defaults of {@link benchDynamics}: the sizes the README's numbers come from. */
export const DYNAMICS_DEFAULTS: DynamicsOptions = Object.freeze({ n: 1000, steps: 2000, repeats: 9 });

/** What bench/results/dynamics.json holds. */
export interface DynamicsResult {
  readonly benchmark: 'dynamics-ring';
  readonly n: number;
  readonly steps: number;
  readonly dt: number;
  readonly method: 'rk4';
  readonly node: string;
  readonly repeats: number;
  readonly loadAverage: readonly [number, number];
  readonly timing: string;
  readonly rows: readonly Omit<Row, 'final'>[];
  /** Time of the composed system over the flat machine (CPU medians): the goal is ≤ 1.5. */
  readonly ratioComposedOverFlat: number;
  readonly ratioComposedOverFlatBest: number;
  readonly ratioCallbackBoxOverFlat: number;
  readonly ratioReplicateOverFlat: number;
  readonly ratioReplicateBatchOverFlat: number;
  readonly maxAbsDiffVsFlat: number;
}

function printTable(res: DynamicsResult, rows: readonly Row[], energyBefore: number, energyAfter: number, log: (line: string) => void): void {
  const flatRow = rows[4]!;
  const ratio = (r: Row): number => flatRow.stepsPerSec / r.stepsPerSec;
  log(`ring of ${res.n} coupled oscillators, RK4, dt=${res.dt}, ${res.steps} steps (${res.repeats} interleaved runs; load ${res.loadAverage[0].toFixed(2)} -> ${res.loadAverage[1].toFixed(2)})`);
  log('variant                          steps/s: cpu med   cpu best   wall med   time vs flat (cpu med)');
  for (const r of rows) {
    log(
      `${r.variant.padEnd(32)} ${r.stepsPerSec.toFixed(0).padStart(16)} ${r.bestStepsPerSec.toFixed(0).padStart(10)} ${r.wallStepsPerSec.toFixed(0).padStart(10)} ${ratio(r).toFixed(2).padStart(10)}x`,
    );
  }
  log(
    `composed/flat time ratio: ${res.ratioComposedOverFlat.toFixed(2)}x (cpu median), ${res.ratioComposedOverFlatBest.toFixed(2)}x (cpu best), ${(flatRow.wallStepsPerSec / rows[0]!.wallStepsPerSec).toFixed(2)}x (wall median); goal <= 1.5x. callback box ${res.ratioCallbackBoxOverFlat.toFixed(2)}x; replicate ${res.ratioReplicateOverFlat.toFixed(2)}x; replicate+batch ${res.ratioReplicateBatchOverFlat.toFixed(2)}x`,
  );
  log(`max |difference| of final states vs flat: ${res.maxAbsDiffVsFlat.toExponential(2)}; energy ${energyBefore.toFixed(6)} -> ${energyAfter.toFixed(6)}`);
}

/** Times every variant, prints the table through `log`, writes bench/results/dynamics.json and returns its contents. */
export function benchDynamics(opts: DynamicsOptions = DYNAMICS_DEFAULTS, log: (line: string) => void = console.log): DynamicsResult {
  const { n: N, steps: STEPS, repeats: REPS } = opts;
  const u0 = Float64Array.from({ length: 2 * N }, (_, j) => (j % 2 === 0 ? Math.sin((2 * Math.PI * 3 * (j / 2)) / N) : 0));
  const viaSimulate = (m: Machine) => (steps: number): Float64Array =>
    Float64Array.from(simulate(m, u0, [], { tSpan: [0, steps * DT], dt: DT, method: 'rk4', record: 'final' }).u);

  const loadBefore = loadavg()[0]!;
  const rows = timeAll([
    ['composed (oapply, N boxes)', viaSimulate(composed(N, box))],
    ['composed, callback box', viaSimulate(composed(N, callbackBox))],
    ['replicate (1 box x N, wired)', viaSimulate(replicated(N, false))],
    ['replicate+batch kernel, wired', viaSimulate(replicated(N, true))],
    ['flat machine (hand loop)', viaSimulate(flat(N))],
    ['inlined RK4 (no machine)', (steps) => inlined(N, u0, steps)],
  ], STEPS, REPS);
  const loadAfter = loadavg()[0]!;
  const flatRow = rows[4]!;
  const ratio = (r: Row): number => flatRow.stepsPerSec / r.stepsPerSec;
  const bestRatio = (r: Row): number => flatRow.bestStepsPerSec / r.bestStepsPerSec;
  const maxDiff = Math.max(...rows.map((r) => Math.max(...Array.from(r.final, (v, i) => Math.abs(v - flatRow.final[i]!)))));

  const result: DynamicsResult = {
    benchmark: 'dynamics-ring',
    n: N,
    steps: STEPS,
    dt: DT,
    method: 'rk4',
    node: process.version,
    repeats: REPS,
    loadAverage: [loadBefore, loadAfter],
    timing: 'process CPU time (user + system), median of the interleaved runs; wallStepsPerSec from wall-clock medians',
    rows: rows.map(({ variant, stepsPerSec, msPerStep, bestStepsPerSec, wallStepsPerSec }) => ({ variant, stepsPerSec, msPerStep, bestStepsPerSec, wallStepsPerSec })),
    ratioComposedOverFlat: ratio(rows[0]!),
    ratioComposedOverFlatBest: bestRatio(rows[0]!),
    ratioCallbackBoxOverFlat: ratio(rows[1]!),
    ratioReplicateOverFlat: ratio(rows[2]!),
    ratioReplicateBatchOverFlat: ratio(rows[3]!),
    maxAbsDiffVsFlat: maxDiff,
  };
  printTable(result, rows, energy(u0, N), energy(rows[0]!.final, N), log);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/dynamics.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (i: number, fallback: number): number => Number(process.argv[i] ?? fallback);
  benchDynamics({ n: arg(2, DYNAMICS_DEFAULTS.n), steps: arg(3, DYNAMICS_DEFAULTS.steps), repeats: arg(4, DYNAMICS_DEFAULTS.repeats) });
}
