/**
 * One seed of the rich-vs-lazy sweep: for one task, train the ReLU RNN from
 * rank-r truncations of a shared W₀ (and optional E/I and task-aligned inits)
 * and measure richness on a fixed probe batch before and after training.
 */
import {
  ReluRnn,
  decisionAccuracy,
  effectiveRankFromSpectrum,
  eiBlockConnectivity,
  frobeniusNorm,
  gaussianConnectivity,
  kernelAlignment,
  rankTruncations,
  representationAlignment,
  signSimilarity,
  trainRnn,
  weightChangeNorm,
  type Task,
  type TaskBatch,
  type Truncation,
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
  /** Trials of the fixed probe batch for the tangent kernel. */
  readonly probeTrials: number;
  /** Trials of the fixed probe batch for representation alignment, sign similarity and accuracy. */
  readonly repTrials: number;
  readonly ranks: readonly number[];
  /** Rank of the task-aligned init (0 = skip). */
  readonly alignedRank: number;
  /** Also train the E/I block init ('on'), a fresh norm-matched Gaussian in its place ('gaussian', the control), or nothing ('off'). */
  readonly ei: 'on' | 'off' | 'gaussian';
  /** 'full' (the control): every rank's init is the full-rank W₀. */
  readonly rankInit: 'truncated' | 'full';
  /** 'task': the aligned init is the trained rank-r network's top-r structure; 'random' (the control): a fresh random rank-r init. */
  readonly aligned: 'task' | 'random';
}

/** Richness of one trained network. */
export interface Richness {
  readonly dW: number;
  readonly ka: number;
  readonly ra: number;
  readonly ss: number;
  readonly acc: number;
  /** Mean training loss over the last 10 % of iterations. */
  readonly loss: number;
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

interface Probes {
  readonly kernel: TaskBatch;
  readonly rep: TaskBatch;
}

function measure(init: Truncation, task: Task, probes: Probes, s: SweepSettings, ioRng: Rng, trainRng: Rng, label: string, ctx: RunContext): Richness & { wT: Float64Array } {
  const rnn = new ReluRnn({ inputSize: task.inputSize, outputSize: task.outputSize, wH: init.w, rng: ioRng });
  const before = rnn.weights();
  ctx.progress.start(s.iterations, label);
  const losses = trainRnn(rnn, task, {
    iterations: s.iterations, batch: s.batch, lr: s.lr, momentum: s.momentum, rng: trainRng,
    onStep: (it, loss) => {
      if (it % 50 === 0) ctx.throwIfAborted(label);
      ctx.progress.tick(1, { loss: Number(loss.toFixed(3)) });
    },
  });
  ctx.progress.done();
  const after = rnn.weights();
  const tail = losses.subarray(Math.floor(0.9 * losses.length));
  return {
    dW: weightChangeNorm(before.wH, after.wH),
    ka: kernelAlignment(before, after, probes.kernel),
    ra: representationAlignment(before, after, probes.rep),
    ss: signSimilarity(before, after, probes.rep),
    acc: decisionAccuracy(rnn, probes.rep),
    loss: tail.reduce((a, b) => a + b, 0) / Math.max(1, tail.length),
    erank: effectiveRankFromSpectrum(init.spectrum, 'entropy'),
    erankNs: effectiveRankFromSpectrum(init.spectrum, 'nuclearOverSpectral'),
    wT: after.wH,
  };
}

/** E/I block model: 80 % E, cortical-like probabilities, I synapses twice as strong. */
function eiInit(n: number, frobenius: number, rng: Rng): Float64Array {
  return eiBlockConnectivity({ n, excFraction: 0.8, prob: [0.2, 0.5, 0.3, 0.5], strength: [1, 2, 1, 2], dale: 'on', frobenius }, rng);
}

function strip(r: Richness & { wT: Float64Array }): Richness {
  const { dW, ka, ra, ss, acc, loss, erank, erankNs } = r;
  return { dW, ka, ra, ss, acc, loss, erank, erankNs };
}

/**
 * Runs every init of one seed on one task. Every init sees the same W_in/W_out
 * draw, the same training trials and the same probe batches, so only W_h(0) differs.
 * @param task trial generator
 * @param s settings
 * @param rng this seed's stream
 * @param ctx progress and abort
 * @returns richness per rank, plus the aligned and E/I comparisons
 */
export function runSeed(task: Task, s: SweepSettings, rng: Rng, ctx: RunContext): SeedResult {
  const probes = { kernel: task.sample(s.probeTrials, rng.fold('probe')), rep: task.sample(s.repTrials, rng.fold('probe-rep')) };
  // One W₀ draw, truncated to every rank from a single SVD (rescaled to ‖W₀‖_F).
  const w0 = gaussianConnectivity(s.n, s.gain, rng.fold('w0'));
  const atRank = rankTruncations(w0, s.n, s.n, 'fro');
  const ioRng = rng.fold('io');
  const trainRng = rng.fold('train');
  const one = (init: Truncation, label: string): Richness & { wT: Float64Array } => measure(init, task, probes, s, ioRng.clone(), trainRng.clone(), `${task.name} ${label}`, ctx);
  const runs = new Map<number, Richness & { wT: Float64Array }>();
  const byRank = s.ranks.map((r) => {
    const rank = s.rankInit === 'full' ? s.n : Math.min(r, s.n);
    // Equal inits give equal runs (same W_in/W_out, trials and probes): train each rank once.
    const out = runs.get(rank) ?? one(atRank(rank), `rank ${rank}`);
    runs.set(rank, out);
    return strip(out);
  });
  const out: { byRank: Richness[]; aligned?: Richness; randomAtAlignedRank?: Richness; ei?: Richness } = { byRank };
  if (s.alignedRank > 0) {
    const r = Math.min(s.alignedRank, s.n);
    const random = runs.get(r) ?? one(atRank(r), `rank ${r}`);
    // Task-aligned: the top-r structure the trained rank-r network ended with, rescaled to ‖W₀‖_F.
    const top = s.aligned === 'random'
      ? rankTruncations(gaussianConnectivity(s.n, s.gain, rng.fold('w0-random-aligned')), s.n, s.n, 'none')(r)
      : rankTruncations(random.wT, s.n, s.n, 'none')(r);
    const scale = frobeniusNorm(w0) / frobeniusNorm(top.w);
    out.aligned = strip(one({ w: top.w.map((x) => x * scale), spectrum: top.spectrum.map((x) => x * scale) }, `aligned rank ${r}`));
    out.randomAtAlignedRank = strip(random);
  }
  if (s.ei !== 'off') {
    const fresh = (g: Float64Array): Float64Array => g.map((x) => (x * frobeniusNorm(w0)) / frobeniusNorm(g));
    const w = s.ei === 'gaussian' ? fresh(gaussianConnectivity(s.n, s.gain, rng.fold('ei-gaussian'))) : eiInit(s.n, frobeniusNorm(w0), rng.fold('ei'));
    out.ei = strip(one(rankTruncations(w, s.n, s.n)(s.n), 'E/I'));
  }
  return out;
}
