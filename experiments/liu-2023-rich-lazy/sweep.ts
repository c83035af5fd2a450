/**
 * One seed of the rich-vs-lazy sweep: for one task, train the ReLU RNN from
 * rank-r truncations of a shared W₀ (and optional E/I and task-aligned inits)
 * and measure richness on a fixed probe batch before and after training.
 */
import {
  ReluRnn,
  cognitiveTask,
  decisionAccuracy,
  effectiveRank,
  eiBlockConnectivity,
  frobeniusNorm,
  kernelAlignment,
  lowRankInit,
  representationAlignment,
  signSimilarity,
  trainRnn,
  truncateRank,
  weightChangeNorm,
  type Task,
  type TaskBatch,
  type TaskName,
} from '../../src/mechanisms/low-rank/index.js';
import type { RunContext } from '../../src/experiment/index.js';
import type { Rng } from '../../src/util/index.js';

/** Training and probing settings shared by every run. */
export interface SweepSettings {
  readonly n: number;
  readonly gain: number;
  readonly iterations: number;
  readonly batch: number;
  readonly lr: number;
  readonly momentum: number;
  readonly probeTrials: number;
  readonly ranks: readonly number[];
  /** Rank of the task-aligned init (0 = skip). */
  readonly alignedRank: number;
  /** Also train the E/I block init ('on') or not. */
  readonly ei: boolean;
}

/** Richness of one trained network. */
export interface Richness {
  readonly dW: number;
  readonly ka: number;
  readonly ra: number;
  readonly ss: number;
  readonly acc: number;
  /** Roy–Vetterli and nuclear/spectral effective ranks of W_h(0). */
  readonly erank: number;
  readonly erankNs: number;
}

/** All runs of one seed on one task. */
export interface SeedResult {
  /** One per entry of `ranks`. */
  readonly byRank: Richness[];
  readonly aligned?: Richness;
  readonly randomAtAlignedRank?: Richness;
  readonly ei?: Richness;
}

function measure(wH: Float64Array, task: Task, probe: TaskBatch, s: SweepSettings, ioRng: Rng, trainRng: Rng, label: string, ctx: RunContext): Richness & { wT: Float64Array } {
  const rnn = new ReluRnn({ inputSize: task.inputSize, outputSize: task.outputSize, wH, rng: ioRng });
  const before = rnn.weights();
  ctx.progress.start(s.iterations, label);
  trainRnn(rnn, task, {
    iterations: s.iterations, batch: s.batch, lr: s.lr, momentum: s.momentum, rng: trainRng,
    onStep: (it, loss) => {
      if (it % 50 === 0) ctx.throwIfAborted(label);
      ctx.progress.tick(1, { loss: Number(loss.toFixed(3)) });
    },
  });
  ctx.progress.done();
  const after = rnn.weights();
  return {
    dW: weightChangeNorm(before.wH, after.wH),
    ka: kernelAlignment(before, after, probe),
    ra: representationAlignment(before, after, probe),
    ss: signSimilarity(before, after, probe),
    acc: decisionAccuracy(rnn, probe),
    erank: effectiveRank(wH, s.n, 'entropy'),
    erankNs: effectiveRank(wH, s.n, 'nuclearOverSpectral'),
    wT: after.wH,
  };
}

/** E/I block model: 80 % E, cortical-like probabilities, I synapses twice as strong. */
function eiInit(n: number, frobenius: number, rng: Rng): Float64Array {
  return eiBlockConnectivity({ n, excFraction: 0.8, prob: [0.2, 0.5, 0.3, 0.5], strength: [1, 2, 1, 2], dale: 'on', frobenius }, rng);
}

function strip(r: Richness & { wT: Float64Array }): Richness {
  const { dW, ka, ra, ss, acc, erank, erankNs } = r;
  return { dW, ka, ra, ss, acc, erank, erankNs };
}

/**
 * Runs every init of one seed on one task. Every init sees the same W_in/W_out
 * draw, the same training trials and the same probe batch, so only W_h(0) differs.
 * @param taskName which task
 * @param s settings
 * @param rng this seed's stream
 * @param ctx progress and abort
 * @returns richness per rank, plus the aligned and E/I comparisons
 */
export function runSeed(taskName: TaskName, s: SweepSettings, rng: Rng, ctx: RunContext): SeedResult {
  const task = cognitiveTask(taskName);
  const probe = task.sample(s.probeTrials, rng.fold('probe'));
  const base = lowRankInit({ n: s.n, gain: s.gain }, rng.fold('w0'));
  const ioRng = rng.fold('io');
  const trainRng = rng.fold('train');
  const one = (w: Float64Array, label: string): Richness & { wT: Float64Array } => measure(w, task, probe, s, ioRng.clone(), trainRng.clone(), `${taskName} ${label}`, ctx);
  const runs = new Map<number, Richness & { wT: Float64Array }>();
  const byRank = s.ranks.map((r) => {
    const rank = Math.min(r, s.n);
    const out = one(lowRankInit({ n: s.n, gain: s.gain, rank }, rng, base.w0).w, `rank ${rank}`);
    runs.set(rank, out);
    return strip(out);
  });
  const out: { byRank: Richness[]; aligned?: Richness; randomAtAlignedRank?: Richness; ei?: Richness } = { byRank };
  if (s.alignedRank > 0) {
    const r = Math.min(s.alignedRank, s.n);
    const random = runs.get(r) ?? one(lowRankInit({ n: s.n, gain: s.gain, rank: r }, rng, base.w0).w, `rank ${r}`);
    // Task-aligned: the top-r structure the trained rank-r network ended with, at ‖W₀‖_F.
    const aligned = truncateRank(random.wT, s.n, s.n, r, 'none');
    const scale = frobeniusNorm(base.w0) / frobeniusNorm(aligned);
    out.aligned = strip(one(aligned.map((x) => x * scale), `aligned rank ${r}`));
    out.randomAtAlignedRank = strip(random);
  }
  if (s.ei) out.ei = strip(one(eiInit(s.n, frobeniusNorm(base.w0), rng.fold('ei')), 'E/I'));
  return out;
}
