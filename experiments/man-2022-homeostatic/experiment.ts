/**
 * man-2022-homeostatic: a learner whose learning rate is an internal state that its
 * own classifications push up or down (Man, Damasio, Neven 2022), against a
 * constant rate (LRC) and random regulation (LRR), under label swaps S times per
 * epoch, plus a second-order run where S itself changes (steps and a sinusoid).
 * Claims test the mechanism (η rises with S; the LRH − LRC gap grows with S and is
 * positive at the highest S, also against a constant η at LRH's own mean; η tracks a
 * changing S), not the paper's numbers, and break under `homeostasisOff`. Every claim
 * is judged over (dataset, seed) samples; each dataset is also reported on its own
 * (`mnist_*`, `fashion_*`), as mean and `_std` over seeds. Each (dataset, seed) of the
 * main grid and each (dataset, second-order seed) is one unit of work (`units.ts`).
 */
import { defineExperiment, type Claim } from '../../src/experiment/index.js';
import { DEFAULTS, ID, RANGES } from './config.js';
import { homeostaticUnits } from './units.js';

/** The paper's words for η following the shift rate (no figure values are verified). */
const PAPER_TUNES = { value: null, where: 'abstract', note: 'the regulator tunes η to the rate of concept shift, also when that rate changes (words only)' };
/** An effect claim `metric > 0` at defaults and quick, judged per (dataset, seed), that must break without homeostasis. */
function positive(metric: string, paper: NonNullable<Claim['paper']>, description: string): Claim {
  return { metric, kind: 'effect', op: '>', value: { defaults: 0, quick: 0 }, paper, controls: ['homeostasisOff'], description: `${description} (per dataset and seed)` };
}

export default defineExperiment({
  id: ID,
  paper: {
    title: 'Need is All You Need: Homeostatic Neural Networks Adapt to Concept Shift',
    authors: 'Man, Damasio, Neven',
    year: 2022,
    url: 'https://arxiv.org/abs/2205.08645',
  },
  description: 'Homeostatic learning rate (784-80-60-10 ELU, SGD, minibatch 10) vs constant, random and ADWIN-bump regulation under label swaps S times per epoch.',
  defaults: DEFAULTS,
  // About a minute on two cores: two swap rates, two seeds, one epoch of 5,000 samples
  // (S = 50: a swap every 100 samples). η moves on only a few % of decisions (most
  // take/leave comparisons tie on a 20-sample memo), so at this length η is close to a
  // random walk and `lrRise` is within its seed spread; see the README for longer runs.
  quick: { learners: 'lrc,lrhMemory,lrr,lrcMean', swaps: [0, 50], trainCount: 5_000, valCount: 500, epochs: 1, seeds: 2, secondOrderTrainCount: 1_000, secondOrderEpochs: 6, secondOrderSeeds: 1 },
  smoke: { datasets: 'mnist', swaps: [0, 50], trainCount: 100, valCount: 50, epochs: 1, seeds: 1, secondOrderTrainCount: 50, secondOrderEpochs: 2, secondOrderSeeds: 1 },
  choices: { homeostasis: ['on', 'off'] },
  ranges: RANGES,
  controls: {
    homeostasisOff: { description: 'the homeostatic learners at a constant η₀ (the regulation removed; everything else, streams and init included, unchanged)', overrides: { homeostasis: 'off' } },
  },
  claims: [
    positive('lrRise', PAPER_TUNES, "the homeostatic learner's mean η (in units of η₀) is higher at the highest S than at S = 0"),
    positive('gapGrowth', { value: null, where: 'abstract', note: 'the advantage is largest at the highest shift rates (words only)' }, 'the LRH − LRC prequential-accuracy gap is larger at the highest S than at S = 0'),
    positive('gapAtMaxS', { value: null, where: 'abstract', note: 'beats constant and random regulation under concept shift (words only)' }, 'LRH beats LRC at η₀ (prequential accuracy) at the highest S'),
    positive('gapVsMeanLrAtMaxS', 'not published', "LRH beats a constant η set to LRH's own mean η on the same stream, at the highest S: the regulation, not the level of η, is what helps"),
    positive('secondOrderStepCorrelation', PAPER_TUNES, 'second-order shift (S alternating 0 / 50 per epoch): the per-epoch change of η correlates positively with S'),
  ],
  // One unit per (dataset, seed) of the main grid and per (dataset, second-order seed):
  // `neuromorph sweep man-2022-homeostatic --workers N` runs them in parallel.
  units: homeostaticUnits,
});
