/**
 * liu-2023-rich-lazy: the effective rank of an RNN's initial recurrent weights
 * sets how richly it learns. A ReLU RNN (α = 1) is trained by BPTT on three
 * neurogym-style tasks from rank-r truncations of one Gaussian W₀ (rescaled to
 * ‖W₀‖_F); the weight change, tangent-kernel alignment, representation alignment
 * and sign similarity are measured on a fixed probe batch. Also: sequential MNIST
 * (`tasks=all` or `smnist`), a task-aligned low-rank init (the paper's lazy
 * exception), an E/I block init against the norm-matched random init, and the
 * linear student–teacher check of the theory.
 */
import { defineExperiment } from '../../src/experiment/index.js';
import type { TaskName } from '../../src/mechanisms/low-rank/index.js';
import { liuUnits } from './units.js';

const TASKS: readonly TaskName[] = ['2af', 'dms', 'cxt'];
const DEFAULTS = {
  n: 300, gain: 1.25, ranks: [1, 3, 10, 30, 300], seeds: 5, iterations: 10_000, batch: 32, lr: 0.003, momentum: 0.9,
  probeTrials: 32, alignedRank: 3, ei: 'on', rankInit: 'truncated', aligned: 'task', tasks: 'all', smnistRanks: [5, 30, 300], smnistBatch: 200, teachers: 20, seed: 0,
};

export default defineExperiment({
  id: 'liu-2023-rich-lazy',
  paper: {
    title: 'How connectivity structure shapes rich and lazy learning in neural circuits',
    authors: 'Liu, Y. H. et al.',
    year: 2023,
    url: 'https://arxiv.org/abs/2310.08513',
  },
  description: 'ReLU RNNs on 2AF/DMS/CXT from rank-controlled initial connectivity: lower rank → larger weight change and lower kernel alignment (richer).',
  defaults: DEFAULTS,
  // Ranks above n are clipped to n (the controls use 1,000,000 for "full rank"); alignedRank 0 turns the aligned arm off.
  // Limits: ConfigRange.limit's rule (a power of ten ≥ 100× the paper default for counts, ≥ 10× for widths).
  ranges: {
    n: { integer: true, min: 1, limit: 10_000 },
    gain: { min: 0 },
    ranks: { integer: true, min: 1, limit: 1_000_000 },
    seeds: { integer: true, min: 1, limit: 1_000 },
    iterations: { integer: true, min: 1, limit: 1_000_000 },
    batch: { integer: true, min: 1, limit: 10_000 },
    lr: { min: 0 },
    momentum: { min: 0, max: 1 },
    probeTrials: { integer: true, min: 1, limit: 10_000 },
    alignedRank: { integer: true, min: 0, limit: 10_000 },
    smnistRanks: { integer: true, min: 1, limit: 1_000_000 },
    smnistBatch: { integer: true, min: 1, limit: 100_000 },
    teachers: { integer: true, min: 1, limit: 10_000 },
    seed: { integer: true },
  },
  // About 80 s on a quiet 2-core machine (83 s measured): N = 64, 3 seeds, 2,000 steps at the paper's lr, by when the full-rank networks' ΔW has levelled
  // off on 2AF and CXT (at 300 steps ΔW was still the early transient, larger at high rank on every task);
  // ranks {1, 30, N} as the paper's code for N < 150, plus 3 for the aligned comparison. Kernel probe 8
  // trials (the paper's 32 cost ~8× more here); RA/SS/accuracy on 10× that, as the paper's code.
  quick: { n: 64, ranks: [1, 3, 30, 64], seeds: 3, iterations: 2000, probeTrials: 8, tasks: 'cognitive' },
  smoke: { n: 12, ranks: [1, 12], seeds: 1, iterations: 10, lr: 0.02, probeTrials: 2, alignedRank: 1, tasks: 'cognitive', teachers: 2 },
  choices: { ei: ['on', 'off', 'gaussian'], rankInit: ['truncated', 'full'], aligned: ['task', 'random'], tasks: ['all', 'cognitive', '2af', 'dms', 'cxt', 'smnist'] },
  controls: {
    fullRankOnly: { description: 'every init is the full-rank W₀ (RNN and student–teacher): the rank-1 vs full-rank gap must vanish; aligned and E/I arms off', overrides: { rankInit: 'full', alignedRank: 0, ei: 'off' } },
    randomAligned: { description: 'the "aligned" init is a fresh random init of equal rank (RNN: a new Gaussian truncated to r; student–teacher: u vᵀ with a random v); 2AF only, ranks {1, N}', overrides: { aligned: 'random', tasks: '2af', ranks: [1, 1_000_000], ei: 'off' } },
    eiGaussian: { description: 'the E/I block init is replaced by a fresh norm-matched Gaussian; 2AF only, full rank only, aligned arm off', overrides: { ei: 'gaussian', tasks: '2af', ranks: [1_000_000], alignedRank: 0 } },
  },
  claims: [
    ...TASKS.flatMap((t) => [
      {
        metric: `${t}_dWDrop`, op: '>' as const, value: { defaults: 0, quick: 0 }, controls: ['fullRankOnly'],
        paper: { value: null, where: 'Fig. 1', note: 'plotted only: weight change falls with the effective rank of W_h(0)' },
        description: `${t}: ‖ΔW_h‖_F at rank 1 minus at full rank, paired per seed (richer at low rank)`,
      },
      {
        metric: `${t}_kaRise`, op: '>' as const, value: { defaults: 0, quick: 0 }, controls: ['fullRankOnly'],
        paper: { value: null, where: 'Fig. 1', note: 'plotted only: kernel alignment rises with the effective rank of W_h(0)' },
        description: `${t}: kernel alignment at full rank minus at rank 1, paired per seed (lazier at high rank)`,
      },
    ]),
    { metric: 'smnist_dWDrop', op: '>', value: { defaults: 0 }, controls: ['fullRankOnly'], paper: { value: null, where: 'Fig. 1', note: 'sequential MNIST panel, plotted only' }, description: 'sequential MNIST: ‖ΔW_h‖_F at the lowest rank (5) minus at full rank, paired per seed' },
    { metric: 'smnist_kaRise', op: '>', value: { defaults: 0 }, controls: ['fullRankOnly'], paper: { value: null, where: 'Fig. 1', note: 'sequential MNIST panel, plotted only' }, description: 'sequential MNIST: kernel alignment at full rank minus at the lowest rank (5), paired per seed' },
    { metric: 'stKaRise', op: '>', value: { defaults: 0, quick: 0 }, controls: ['fullRankOnly'], paper: { value: null, where: 'Fig. 3', note: 'Theorem 1, stated and plotted; no number' }, description: 'linear student–teacher (Theorem 1): kernel alignment of the full-rank init minus that of the rank-1 init, paired per random teacher' },
    { metric: 'stAlignedKaGain', op: '>', value: { defaults: 0, quick: 0 }, controls: ['randomAligned'], paper: { value: null, where: 'Fig. 3', note: 'Proposition 1, stated and plotted; no number' }, description: 'linear student–teacher (Proposition 1): kernel alignment of the teacher-aligned rank-1 init minus that of a random rank-1 init, paired per teacher' },
    { metric: 'alignedKaGain', op: '>', value: { defaults: 0, quick: 0 }, controls: ['randomAligned'], paper: { value: null, where: 'Fig. 4', note: 'in words: a task-aligned low-rank init is lazy' }, description: 'task-aligned low-rank init: kernel alignment minus that of the random init of equal rank, paired per seed, on the first task (2AF)' },
    // The E/I block init has an outlier eigenvalue by its block-mean structure: a property of the init (the premise of Fig. 2), not something learned.
    { metric: 'eiErankGap', kind: 'fact', op: '>', value: { defaults: 0, quick: 0 }, paper: { value: null, where: 'Fig. 2', note: 'premise: biologically derived inits have lower effective rank' }, description: 'effective rank of the norm-matched random init minus that of the E/I block init, per seed' },
    { metric: 'eiDwGain', op: '>', value: { defaults: 0, quick: 0 }, controls: ['eiGaussian'], paper: { value: null, where: 'Fig. 2', note: 'plotted only: E/I-derived inits change more than matched random inits' }, description: 'E/I init: weight change minus that of the norm-matched full-rank random init (richer), paired per seed, on 2AF' },
    { metric: 'eiKaDrop', op: '>', value: { defaults: 0, quick: 0 }, controls: ['eiGaussian'], paper: { value: null, where: 'Fig. 2', note: 'plotted only' }, description: 'E/I init: kernel alignment of the norm-matched random init minus that of the E/I init, paired per seed, on 2AF' },
  ],
  // One unit per task × seed plus the student–teacher check: `neuromorph sweep liu-2023-rich-lazy --workers N` runs them in parallel.
  units: liuUnits<typeof DEFAULTS>(),
});
