/**
 * Trial generators with neurogym's conventions (dt = 100 ms; observation 0 is the
 * fixation cue, on until the decision period; integer labels, 0 = "fixate" outside
 * the decision period; noise σ/√dt with σ = 1 on stimulus channels), plus
 * sequential MNIST (one image row per time step, label on the last step only).
 */
import type { ImageDataset } from '../../data/index.js';
import { ArgumentError, type Rng } from '../../util/index.js';

/** A batch of trials, time-major. */
export interface TaskBatch {
  /** Observations, [steps, batch, inputSize]. */
  readonly inputs: Float32Array;
  /** Target class per step, [steps, batch]; −1 = no loss at that step. */
  readonly labels: Int32Array;
  readonly steps: number;
  readonly batch: number;
  readonly inputSize: number;
  readonly outputSize: number;
  /** Decision period as step indices [start, end). */
  readonly decision: readonly [number, number];
}

/** Names of the cognitive tasks. */
export type TaskName = '2af' | 'dms' | 'cxt';

/** A task: sizes plus a seeded batch sampler. */
export interface Task {
  readonly name: string;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly steps: number;
  sample(batch: number, rng: Rng): TaskBatch;
}

const DT_MS = 100;
/** neurogym: `sigma / sqrt(dt)` with sigma = 1 and dt in ms. */
const NOISE = 1 / Math.sqrt(DT_MS);
/** The two ring directions of `dim_ring = 2`. */
const RING = [0, Math.PI];

interface Period {
  readonly name: string;
  readonly ms: number;
}

/** Step ranges of consecutive periods. */
function layout(periods: readonly Period[]): { steps: number; at: Record<string, [number, number]> } {
  const at: Record<string, [number, number]> = {};
  let t = 0;
  for (const p of periods) {
    const len = Math.round(p.ms / DT_MS);
    at[p.name] = [t, t + len];
    t += len;
  }
  return { steps: t, at };
}

function makeBatch(steps: number, batch: number, inputSize: number, outputSize: number, decision: [number, number]): TaskBatch {
  const labels = new Int32Array(steps * batch); // 0 = fixate everywhere by default
  const inputs = new Float32Array(steps * batch * inputSize);
  // Fixation cue on until the decision period.
  for (let t = 0; t < decision[0]; t++) for (let b = 0; b < batch; b++) inputs[(t * batch + b) * inputSize] = 1;
  return { inputs, labels, steps, batch, inputSize, outputSize, decision };
}

/** Writes a ring stimulus `cos(RINGᵢ − θ)·amp + 0.5 + noise` on channels [offset, offset+2) over steps [t0, t1). */
function ringStimulus(tb: TaskBatch, b: number, offset: number, range: readonly [number, number], theta: number, amp: number, rng: Rng): void {
  for (let t = range[0]; t < range[1]; t++) {
    for (let r = 0; r < RING.length; r++) {
      tb.inputs[(t * tb.batch + b) * tb.inputSize + offset + r] = Math.cos(RING[r] - theta) * amp + 0.5 + NOISE * rng.normal();
    }
  }
}

function setDecision(tb: TaskBatch, b: number, label: number): void {
  for (let t = tb.decision[0]; t < tb.decision[1]; t++) tb.labels[t * tb.batch + b] = label;
}

/**
 * Perceptual decision making (neurogym `PerceptualDecisionMaking-v0`): stimulus
 * 700 ms, decision 100 ms; obs [fixation, 2 ring channels]; the stronger channel
 * (coherence ∈ {0, 6.4, 12.8, 25.6, 51.2}) is the answer 1 or 2.
 * @returns the task
 */
export function perceptualDecisionTask(): Task {
  const { steps, at } = layout([{ name: 'stimulus', ms: 700 }, { name: 'decision', ms: 100 }]);
  const cohs = [0, 6.4, 12.8, 25.6, 51.2];
  return {
    name: '2af', inputSize: 3, outputSize: 3, steps,
    sample(batch, rng) {
      const tb = makeBatch(steps, batch, 3, 3, at.decision);
      for (let b = 0; b < batch; b++) {
        const choice = rng.int(0, 2);
        const coh = cohs[rng.int(0, cohs.length)];
        ringStimulus(tb, b, 1, at.stimulus, RING[choice], coh / 200, rng);
        setDecision(tb, b, choice + 1);
      }
      return tb;
    },
  };
}

/**
 * Delayed match-to-sample (neurogym `DelayMatchSample-v0`): sample 100 ms, delay
 * 500 ms, test 100 ms, decision 100 ms; answer 1 = match, 2 = non-match.
 * @returns the task
 */
export function delayMatchSampleTask(): Task {
  const { steps, at } = layout([
    { name: 'sample', ms: 100 }, { name: 'delay', ms: 500 }, { name: 'test', ms: 100 }, { name: 'decision', ms: 100 },
  ]);
  return {
    name: 'dms', inputSize: 3, outputSize: 3, steps,
    sample(batch, rng) {
      const tb = makeBatch(steps, batch, 3, 3, at.decision);
      for (let b = 0; b < batch; b++) {
        const match = rng.bernoulli(0.5);
        const s = rng.int(0, 2);
        ringStimulus(tb, b, 1, at.sample, RING[s], 0.5, rng);
        ringStimulus(tb, b, 1, at.test, RING[match ? s : 1 - s], 0.5, rng);
        setDecision(tb, b, match ? 1 : 2);
      }
      return tb;
    },
  };
}

/**
 * Context-dependent decision (neurogym `ContextDecisionMaking-v0`, implicit
 * context): stimulus 200 ms, delay 500 ms, decision 100 ms; obs [fixation, ring of
 * modality 1, ring of modality 2]; the fixed context (not shown) says which
 * modality's stronger channel is the answer. Coherences {5, 15, 50}.
 * @param context 0 or 1: the modality that counts
 * @returns the task
 */
export function contextDecisionTask(context: 0 | 1 = 0): Task {
  const { steps, at } = layout([{ name: 'stimulus', ms: 200 }, { name: 'delay', ms: 500 }, { name: 'decision', ms: 100 }]);
  const cohs = [5, 15, 50];
  return {
    name: 'cxt', inputSize: 5, outputSize: 3, steps,
    sample(batch, rng) {
      const tb = makeBatch(steps, batch, 5, 3, at.decision);
      for (let b = 0; b < batch; b++) {
        const choices = [rng.int(0, 2), rng.int(0, 2)];
        for (let m = 0; m < 2; m++) ringStimulus(tb, b, 1 + 2 * m, at.stimulus, RING[choices[m]], cohs[rng.int(0, cohs.length)] / 200, rng);
        setDecision(tb, b, choices[context] + 1);
      }
      return tb;
    },
  };
}

/**
 * The named cognitive task.
 * @param name `'2af' | 'dms' | 'cxt'`
 * @returns the task
 */
export function cognitiveTask(name: TaskName): Task {
  if (name === '2af') return perceptualDecisionTask();
  if (name === 'dms') return delayMatchSampleTask();
  if (name === 'cxt') return contextDecisionTask(0);
  throw new ArgumentError('cognitiveTask(name)', { what: 'task name', expected: "'2af' | 'dms' | 'cxt'", received: name as string });
}

/**
 * Sequential MNIST: each image's rows are the time steps (pixels / 255), and only
 * the last step carries the digit label (earlier steps: −1, no loss).
 * @param ds images (0..255), e.g. `ctx.datasets.image('mnist', 'train')`
 * @returns the task; `sample` draws images uniformly with replacement
 */
export function sequentialMnistTask(ds: ImageDataset): Task {
  const steps = ds.rows;
  const width = ds.cols;
  return {
    name: 'smnist', inputSize: width, outputSize: ds.classes, steps,
    sample(batch, rng) {
      const inputs = new Float32Array(steps * batch * width);
      const labels = new Int32Array(steps * batch).fill(-1);
      for (let b = 0; b < batch; b++) {
        const idx = rng.int(0, ds.count);
        for (let t = 0; t < steps; t++) {
          for (let c = 0; c < width; c++) inputs[(t * batch + b) * width + c] = ds.images[idx * steps * width + t * width + c] / 255;
        }
        labels[(steps - 1) * batch + b] = ds.labels[idx];
      }
      return { inputs, labels, steps, batch, inputSize: width, outputSize: ds.classes, decision: [steps - 1, steps] };
    },
  };
}
