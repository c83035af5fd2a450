/**
 * The experiment registry: every reproduced paper, in the order `npm start`
 * runs them. Add an experiment by importing its `experiment.ts` default export
 * and appending it here; `tests/registry.test.ts` then checks it is deterministic.
 */
import type { Experiment } from '../src/experiment/index.js';
import mlpMnist from './mlp-mnist/experiment.js';
import cnnFashionMnist from './cnn-fashion-mnist/experiment.js';
import spivak2021Nested from './spivak-2021-nested/experiment.js';
import ahmad2016Sdr from './ahmad-2016-sdr/experiment.js';
import davies2023StdpSpatial from './davies-2023-stdp-spatial/experiment.js';
import bhattasali2022Ncap from './bhattasali-2022-ncap/experiment.js';
import brenner2025Perforated from './brenner-2025-perforated/experiment.js';
import krylov2023SfqXor from './krylov-2023-sfq-xor/experiment.js';
import dopamine2026Taugate from './dopamine-2026-taugate/experiment.js';
import liu2023RichLazy from './liu-2023-rich-lazy/experiment.js';
import man2022Homeostatic from './man-2022-homeostatic/experiment.js';

/** All registered experiments. */
export const experiments: readonly Experiment[] = [mlpMnist, cnnFashionMnist, spivak2021Nested, ahmad2016Sdr, davies2023StdpSpatial, bhattasali2022Ncap, brenner2025Perforated, krylov2023SfqXor, dopamine2026Taugate, liu2023RichLazy, man2022Homeostatic];
