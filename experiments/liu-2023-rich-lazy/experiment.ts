/**
 * liu-2023-rich-lazy: the effective rank of an RNN's initial recurrent weights
 * sets how richly it learns. A ReLU RNN (α = 1) is trained by BPTT on three
 * neurogym-style tasks from rank-r truncations of one Gaussian W₀ (rescaled to
 * ‖W₀‖_F); the weight change, tangent-kernel alignment, representation alignment
 * and sign similarity are measured on a fixed probe batch. Also: a task-aligned
 * low-rank init (the paper's lazy exception) and an E/I block init against the
 * norm-matched random init.
 */
import { defineExperiment } from '../../src/experiment/index.js';
import type { LineSeries } from '../../src/experiment/index.js';
import type { TaskName } from '../../src/mechanisms/low-rank/index.js';
import { runSeed, type Richness, type SeedResult } from './sweep.js';
import { mean, sampleStd } from '../common/stats.js';

const TASKS: readonly TaskName[] = ['2af', 'dms', 'cxt'];
const KEYS = ['dW', 'ka', 'ra', 'ss', 'acc', 'erank', 'erankNs'] as const;
type Key = (typeof KEYS)[number];

function meanSd(xs: readonly number[]): [number, number] {
  return [mean(xs), sampleStd(xs)];
}

function avg(rs: readonly Richness[], k: Key): number {
  return mean(rs.map((r) => r[k]));
}

export default defineExperiment({
  id: 'liu-2023-rich-lazy',
  paper: {
    title: 'How connectivity structure shapes rich and lazy learning in neural circuits',
    authors: 'Liu, Y. H. et al.',
    year: 2023,
    url: 'https://arxiv.org/abs/2310.08513',
  },
  description: 'ReLU RNNs on 2AF/DMS/CXT from rank-controlled initial connectivity: lower rank → larger weight change and lower kernel alignment (richer).',
  defaults: {
    n: 300, gain: 1.25, ranks: [1, 3, 10, 30, 300], seeds: 5, iterations: 10_000, batch: 32, lr: 0.003, momentum: 0.9,
    probeTrials: 32, alignedRank: 3, ei: 'on', tasks: 'all', seed: 0,
  },
  // ~1 minute: N = 64, 3 seeds, 300 steps at the paper's lr (a larger lr, 0.02, made ΔW grow with rank: noise-dominated steps).
  quick: { n: 64, ranks: [1, 3, 10, 30, 64], seeds: 3, iterations: 300, probeTrials: 8 },
  smoke: { n: 12, ranks: [1, 12], seeds: 1, iterations: 10, lr: 0.02, probeTrials: 2, alignedRank: 1 },
  choices: { ei: ['on', 'off'], tasks: ['all', '2af', 'dms', 'cxt'] },
  claims: [
    ...TASKS.flatMap((t) => [
      { metric: `${t}_dWDrop`, op: '>' as const, value: { defaults: 0, quick: 0 }, description: `${t}: mean ‖ΔW_h‖_F at rank 1 minus at full rank (richer at low rank)` },
      { metric: `${t}_kaRise`, op: '>' as const, value: { defaults: 0, quick: 0 }, description: `${t}: mean kernel alignment at full rank minus at rank 1 (lazier at high rank)` },
    ]),
    { metric: 'alignedKaGain', op: '>', value: { defaults: 0, quick: 0 }, description: 'task-aligned low-rank init: kernel alignment minus that of the random init of equal rank (aligned is lazy), on the first task (2AF)' },
    { metric: 'eiErankGap', op: '>', value: { defaults: 0, quick: 0 }, description: 'effective rank of the norm-matched random init minus that of the E/I block init' },
    { metric: 'eiDwGain', op: '>', value: { defaults: 0, quick: 0 }, description: 'E/I init: weight change minus that of the norm-matched full-rank random init (richer), on 2AF' },
    { metric: 'eiKaDrop', op: '>', value: { defaults: 0, quick: 0 }, description: 'E/I init: kernel alignment of the norm-matched random init minus that of the E/I init, on 2AF' },
  ],
  run(config, ctx) {
    const tasks = config.tasks === 'all' ? TASKS : [config.tasks as TaskName];
    const ranks = config.ranks.map((r) => Math.min(r, config.n));
    const settings = { ...config, ranks, ei: config.ei === 'on' };
    const metrics: Record<string, number> = {};
    const series: Record<string, LineSeries> = {};
    const alignedGain: number[] = [];
    const eiDw: number[] = [];
    const eiKa: number[] = [];
    const eiErank: number[] = [];
    for (const task of tasks) {
      const seeds: SeedResult[] = [];
      // The aligned and E/I comparisons run on the first task only (2AF by default), to keep the sweep affordable.
      const taskSettings = task === tasks[0] ? settings : { ...settings, ei: false, alignedRank: 0 };
      for (let s = 0; s < config.seeds; s++) seeds.push(runSeed(task, taskSettings, ctx.rng.fold(`${task}/${s}`), ctx));
      for (const k of KEYS) {
        const stats = ranks.map((_, i) => meanSd(seeds.map((r) => r.byRank[i][k])));
        ranks.forEach((r, i) => (metrics[`${task}_${k}_r${r}`] = stats[i][0]));
        series[`${task}_${k}`] = {
          kind: 'line', x: ranks, xLabel: 'rank of W_h(0)', yLabel: k, title: `${task}: ${k} vs rank (mean ± sd over ${config.seeds} seeds)`,
          ys: { mean: stats.map((x) => x[0]), 'mean − sd': stats.map((x) => x[0] - x[1]), 'mean + sd': stats.map((x) => x[0] + x[1]) },
        };
      }
      const last = ranks.length - 1;
      metrics[`${task}_dWDrop`] = metrics[`${task}_dW_r${ranks[0]}`] - metrics[`${task}_dW_r${ranks[last]}`];
      metrics[`${task}_kaRise`] = metrics[`${task}_ka_r${ranks[last]}`] - metrics[`${task}_ka_r${ranks[0]}`];
      metrics[`${task}_raRise`] = metrics[`${task}_ra_r${ranks[last]}`] - metrics[`${task}_ra_r${ranks[0]}`];
      const full = seeds.map((r) => r.byRank[last]);
      const aligned = seeds.flatMap((r) => (r.aligned ? [r.aligned] : []));
      if (aligned.length) {
        const random = seeds.flatMap((r) => (r.randomAtAlignedRank ? [r.randomAtAlignedRank] : []));
        for (const k of ['dW', 'ka', 'ra', 'acc'] as const) metrics[`${task}_aligned_${k}`] = avg(aligned, k);
        alignedGain.push(avg(aligned, 'ka') - avg(random, 'ka'));
      }
      const ei = seeds.flatMap((r) => (r.ei ? [r.ei] : []));
      if (ei.length) {
        for (const k of ['dW', 'ka', 'ra', 'acc', 'erank', 'erankNs'] as const) metrics[`${task}_ei_${k}`] = avg(ei, k);
        eiDw.push(avg(ei, 'dW') - avg(full, 'dW'));
        eiKa.push(avg(full, 'ka') - avg(ei, 'ka'));
        eiErank.push(avg(full, 'erank') - avg(ei, 'erank'));
      }
    }
    if (alignedGain.length) metrics.alignedKaGain = mean(alignedGain);
    if (eiDw.length) {
      metrics.eiDwGain = mean(eiDw);
      metrics.eiKaDrop = mean(eiKa);
      metrics.eiErankGap = mean(eiErank);
    }
    return { metrics, series };
  },
});
