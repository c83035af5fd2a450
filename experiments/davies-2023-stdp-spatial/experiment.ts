/**
 * davies-2023-stdp-spatial: supervised one-shot learning of spatial patterns
 * with STDP and homeostasis (Davies, Gait, Rowley & Di Nuovo 2023/2025). One
 * output neuron per pattern; a teacher spike after the pattern lets STDP
 * potentiate the pattern's active inputs. Measured:
 * - one pattern: detection of the trained pattern, false detections on random patterns;
 * - accuracy vs number of trained patterns and vs Hamming distance between them;
 * - tolerance to moved bits, with homeostasis (synaptic scaling) on vs off;
 * - network-packet classification on a synthetic seeded packet stream.
 * Every claim is judged over `trials` seeds (fresh patterns and detectors per seed);
 * controls: `noStdp` (A+ = 0) and `homeostasisOff` (no synaptic scaling).
 */
import { defineExperiment, type LineSeries } from '../../src/experiment/index.js';
import type { Rng } from '../../src/util/index.js';
import { spatialPatternDetector, type SpatialPatternDetector as Detector } from '../../src/mechanisms/stdp/index.js';
import { movedPattern, randomPattern } from './patterns.js';
import { FLOWS, encodePacket, makePacket } from './packets.js';
import { mean } from '../common/stats.js';

interface Common {
  readonly inputs: number;
  readonly active: number;
  readonly aPlus: number;
  readonly teacherDelayMs: number;
}

function detector(c: Common, outputs: number, tolerance: number | null, rng: Rng, inputs = c.inputs): Detector {
  return spatialPatternDetector({ inputs, outputs, aPlus: c.aPlus, teacherDelayMs: c.teacherDelayMs, tolerance }, rng);
}

/** Trains one output per pattern (one presentation each) and scores presentations of the trained patterns. */
function trainAndScore(d: Detector, patterns: readonly (readonly number[])[]): number {
  patterns.forEach((p, k) => d.train(p, k));
  let correct = 0;
  patterns.forEach((p, k) => {
    const fired = d.respond(p);
    if (fired.length === 1 && fired[0] === k) correct++;
  });
  return correct / patterns.length;
}

/** Fraction of patterns to which any output responds. */
function falseRate(d: Detector, probes: readonly (readonly number[])[]): number {
  return probes.filter((p) => d.respond(p).length > 0).length / probes.length;
}


export default defineExperiment({
  id: 'davies-2023-stdp-spatial',
  paper: {
    title: 'Supervised learning of spatial features with STDP and homeostasis using Spiking Neural Networks on SpiNNaker',
    authors: 'Davies, Gait, Rowley, Di Nuovo',
    year: 2023,
    url: 'https://arxiv.org/abs/2312.02659',
  },
  description:
    'One-shot supervised STDP on IF_curr_delta neurons detects spatial patterns (all inputs at one instant); accuracy vs number and similarity of patterns, homeostasis on/off, and packet classification.',
  defaults: {
    inputs: 100,
    active: 10,
    aPlus: 0.105,
    teacherDelayMs: 5,
    tolerance: 0.8,
    randomPatterns: 1000,
    trials: 20,
    patternCounts: [1, 2, 3, 5, 10, 20],
    hammingDistances: [2, 4, 6, 8, 10, 14, 20],
    similarPatterns: 3,
    packets: 2000,
    packetTolerance: 0.85,
    unknownFraction: 0.2,
    homeostasis: 'on',
    seed: 0,
  },
  quick: { trials: 10, packets: 1000 },
  smoke: { trials: 3, randomPatterns: 150, patternCounts: [1, 3, 10], hammingDistances: [2, 6, 20], packets: 150 },
  choices: { homeostasis: ['on', 'off'] },
  // Tolerances are fractions of a learnt pattern, > 0 (the scaling target is gap / tolerance);
  // `active` ≥ 2 because the tolerance claim moves 2 of its bits.
  // Limits: ConfigRange.limit's rule (a power of ten ≥ 100× the paper default for counts, ≥ 10× for widths).
  ranges: {
    inputs: { integer: true, min: 1, limit: 1_000 },
    active: { integer: true, min: 2, limit: 100 },
    aPlus: { min: 0 },
    teacherDelayMs: { min: 0 },
    tolerance: { min: 1e-9, max: 1 },
    randomPatterns: { integer: true, min: 1, limit: 100_000 },
    trials: { integer: true, min: 1, limit: 10_000 },
    patternCounts: { integer: true, min: 1, limit: 10_000 },
    hammingDistances: { integer: true, min: 0, limit: 1_000 },
    similarPatterns: { integer: true, min: 1, limit: 1_000 },
    packets: { integer: true, min: 1, limit: 1_000_000 },
    packetTolerance: { min: 1e-9, max: 1 },
    unknownFraction: { min: 0, max: 1 },
    seed: { integer: true },
  },
  controls: {
    noStdp: { description: 'A+ = A− = 0: STDP never changes a weight, so no output learns its pattern', overrides: { aPlus: 0, packets: 60 } },
    homeostasisOff: { description: 'the homeostasis arms run without synaptic scaling (tolerance null), like the plain arms', overrides: { homeostasis: 'off', packets: 60 } },
  },
  claims: [
    {
      metric: 'onePatternSelectivity',
      op: '==',
      value: 1,
      tolerance: 0.01,
      paper: { value: 1, where: 'Abstract', note: '“ideal detector”, 100 % accuracy on one pattern; here detection rate − false-detection rate on random patterns, per seed' },
      controls: ['noStdp'],
      description: 'one trained pattern: every presentation of it is detected and no random pattern is (ideal detector); per seed: detected (1/0) − fraction of random patterns detected',
    },
    {
      metric: 'homeostasisOnePatternSelectivity',
      op: '==',
      value: 1,
      tolerance: 0.01,
      paper: { value: 1, where: 'Abstract', note: 'as above, with the homeostatic factor' },
      controls: ['noStdp'],
      description: 'the same with homeostasis (synaptic scaling) on',
    },
    {
      metric: 'similarityAccuracyDrop',
      op: '>',
      value: { defaults: 0.2, quick: 0.2, smoke: 0.2 },
      paper: { value: null, where: 'Abstract; Hamming-distance figures', note: 'accuracy depends on pattern similarity; no number given (paper note 07)' },
      controls: ['homeostasisOff', 'noStdp'],
      description: 'with homeostasis, accuracy falls as patterns become more similar: acc(largest Hamming distance) − acc(smallest), per seed',
    },
    {
      metric: 'toleranceGain',
      op: '>=',
      value: { defaults: 0.9, quick: 0.9, smoke: 0.9 },
      paper: { value: null, where: 'Abstract', note: 'a homeostatic factor “may” let the network detect near-matches; no number given' },
      controls: ['homeostasisOff', 'noStdp'],
      description: 'homeostasis detects near-matches (2 of 10 bits moved) that the plain detector misses: rate(on) − rate(off), per seed (paired)',
    },
    {
      metric: 'packetAccuracy',
      op: '>=',
      value: { defaults: 0.95, quick: 0.95, smoke: 0.9 },
      paper: 'not published',
      controls: ['noStdp'],
      description: 'packet stream: flow detectors trained on one packet each classify packets (unknown flows → no detection), per seed',
    },
  ],
  run(config, ctx) {
    const c: Common = config;
    const [onePatRng, countRng, simRng, tolRng, pktRng] = ctx.rng.split(5) as [Rng, Rng, Rng, Rng, Rng];
    const metrics: Record<string, number> = {};

    // Homeostasis arms use `tol`; the homeostasisOff control runs them without scaling.
    const tol = config.homeostasis === 'on' ? config.tolerance : null;
    const samples: Record<string, number[]> = {};
    const per = (k: string, v: number): void => void (samples[k] ??= []).push(v);

    // 1. One pattern per seed, homeostasis off and on; false detections on random patterns.
    const probesPerSeed = Math.max(1, Math.ceil(config.randomPatterns / config.trials));
    ctx.progress.start(config.trials, 'one pattern');
    for (let t = 0; t < config.trials; t++) {
      for (const [key, tl] of [['', null], ['homeostasis', tol]] as const) {
        const rng = onePatRng.fold(`${key || 'plain'}:${t}`);
        const pat = randomPattern(c.inputs, c.active, rng);
        const d = detector(c, 1, tl, rng);
        const det = trainAndScore(d, [pat]);
        const probes = Array.from({ length: probesPerSeed }, () => randomPattern(c.inputs, c.active, rng));
        const name = (m: string): string => (key ? key + m[0]!.toUpperCase() + m.slice(1) : m);
        const fr = falseRate(d, probes);
        per(name('onePatternDetection'), det);
        per(name('onePatternFalseRate'), fr);
        per(name('onePatternSelectivity'), det - fr);
        const w = d.weightsOf(0);
        if (t === 0) {
          metrics[name('onePatternActiveWeight')] = mean(pat.map((i) => w[i]!));
          metrics[name('onePatternInactiveWeightMax')] = Math.max(0, ...Array.from(w).filter((_, i) => !pat.includes(i)));
        }
      }
      ctx.progress.tick();
    }
    ctx.progress.done();
    for (const key of ['', 'homeostasis']) {
      const name = (m: string): string => (key ? key + m[0]!.toUpperCase() + m.slice(1) : m);
      metrics[name('onePatternFalseDetections')] = mean(samples[name('onePatternFalseRate')]!) * config.randomPatterns;
    }

    // 2. Accuracy vs number of random patterns (homeostasis off / on).
    const counts = config.patternCounts;
    const byCount: Record<string, number[]> = { 'homeostasis off': [], 'homeostasis on': [], 'false rate (on)': [] };
    ctx.progress.start(counts.length, 'patterns');
    for (const P of counts) {
      const acc: [number[], number[], number[]] = [[], [], []];
      for (let t = 0; t < config.trials; t++) {
        ctx.throwIfAborted('patterns');
        const rng = countRng.fold(`${P}:${t}`);
        const pats = Array.from({ length: P }, () => randomPattern(c.inputs, c.active, rng));
        acc[0].push(trainAndScore(detector(c, P, null, rng), pats));
        const on = detector(c, P, tol, rng);
        acc[1].push(trainAndScore(on, pats));
        acc[2].push(falseRate(on, Array.from({ length: 20 }, () => randomPattern(c.inputs, c.active, rng))));
      }
      byCount['homeostasis off']!.push(mean(acc[0]));
      byCount['homeostasis on']!.push(mean(acc[1]));
      byCount['false rate (on)']!.push(mean(acc[2]));
      ctx.progress.tick();
    }
    ctx.progress.done();

    // 3. Accuracy vs Hamming distance between `similarPatterns` patterns (each at distance d from a base).
    const dists = config.hammingDistances;
    const bySim: Record<string, number[]> = { 'homeostasis off': [], 'homeostasis on': [] };
    ctx.progress.start(dists.length, 'similarity');
    const simAcc: number[][] = [];
    for (const dist of dists) {
      const acc: [number[], number[]] = [[], []];
      for (let t = 0; t < config.trials; t++) {
        const rng = simRng.fold(`${dist}:${t}`);
        const base = randomPattern(c.inputs, c.active, rng);
        const pats = [base, ...Array.from({ length: config.similarPatterns - 1 }, () => movedPattern(base, c.inputs, dist / 2, rng))];
        acc[0].push(trainAndScore(detector(c, pats.length, null, rng), pats));
        acc[1].push(trainAndScore(detector(c, pats.length, tol, rng), pats));
      }
      simAcc.push(acc[1]);
      bySim['homeostasis off']!.push(mean(acc[0]));
      bySim['homeostasis on']!.push(mean(acc[1]));
      ctx.progress.tick();
    }
    ctx.progress.done();
    const simOn = bySim['homeostasis on']!;
    samples.similarityAccuracyDrop = simAcc[simAcc.length - 1]!.map((v, t) => v - simAcc[0]![t]!);
    metrics.similarityAccuracyMinDistanceOn = simOn[0]!;
    metrics.similarityAccuracyMinDistanceOff = bySim['homeostasis off']![0]!;

    // 4. Tolerance: per seed, detection of the trained pattern with m active bits moved (20 probes per m).
    const moves = Array.from({ length: Math.min(5, c.active) + 1 }, (_, m) => m);
    const hitsByMove: Record<string, number[][]> = { 'homeostasis off': [], 'homeostasis on': [] };
    for (let t = 0; t < config.trials; t++) {
      for (const [label, tl] of [['homeostasis off', null], ['homeostasis on', tol]] as const) {
        const rng = tolRng.fold(`${label}:${t}`);
        const pat = randomPattern(c.inputs, c.active, rng);
        const d = detector(c, 1, tl, rng);
        d.train(pat, 0);
        hitsByMove[label]!.push(moves.map(() => 0));
        for (const m of moves) {
          let hit = 0;
          for (let k = 0; k < 20; k++) hit += d.respond(movedPattern(pat, c.inputs, m, rng)).length > 0 ? 1 : 0;
          hitsByMove[label]![t]![m] = hit / 20;
        }
      }
    }
    const byMove = Object.fromEntries(Object.entries(hitsByMove).map(([k, rows]) => [k, moves.map((m) => mean(rows.map((r) => r[m]!)))])) as Record<string, number[]>;
    samples.toleranceGain = hitsByMove['homeostasis on']!.map((r, t) => r[2]! - hitsByMove['homeostasis off']![t]![2]!);

    // 5. Packet stream: per seed, fresh flow detectors and packets/trials packets.
    const packetsPerSeed = Math.max(1, Math.ceil(config.packets / config.trials));
    const pks = Array.from({ length: config.trials }, (_, t) => runPackets(c, packetsPerSeed, config.homeostasis === 'on' ? config.packetTolerance : null, config.unknownFraction, pktRng.fold(t)));
    samples.packetAccuracy = pks.map((pk) => pk.metrics.packetAccuracy!);
    metrics.packetUnknownRejected = mean(pks.map((pk) => pk.metrics.packetUnknownRejected!));
    const pk = { labels: pks[0]!.labels, perFlow: pks[0]!.perFlow.map((_, k) => mean(pks.map((q) => q.perFlow[k]!))) };
    for (const [k, v] of Object.entries(samples)) metrics[k] = mean(v);

    const line = (x: readonly number[], ys: Record<string, number[]>, xLabel: string, title: string): LineSeries => ({ kind: 'line', x, ys, xLabel, yLabel: 'accuracy', title });
    return {
      metrics,
      samples,
      series: {
        accuracyVsPatterns: line(counts, byCount, 'trained patterns', 'Accuracy vs number of trained patterns'),
        accuracyVsHamming: line(dists, bySim, `Hamming distance between ${config.similarPatterns} patterns`, 'Accuracy vs pattern similarity'),
        toleranceVsMovedBits: { ...line(moves.map((m) => 2 * m), byMove, 'Hamming distance from the trained pattern', 'Detection of near-matches'), yLabel: 'detection rate' },
        packetConfusion: { kind: 'bar', labels: pk.labels, ys: { 'detected as own flow': pk.perFlow }, yLabel: 'fraction', title: 'Packet classification per flow' },
      },
    };
  },
});

function runPackets(c: Common, packets: number, tolerance: number | null, unknownFraction: number, rng: Rng): { metrics: Record<string, number>; labels: string[]; perFlow: number[] } {
  const nF = FLOWS.length;
  const d = detector(c, nF, tolerance, rng, 16 * 7);
  FLOWS.forEach((_, f) => d.train(encodePacket(makePacket(f, rng)), f));
  const hits = new Array<number>(nF + 1).fill(0);
  const seen = new Array<number>(nF + 1).fill(0);
  for (let k = 0; k < packets; k++) {
    const flow = rng.next() < unknownFraction ? -1 : rng.int(0, nF);
    const fired = d.respond(encodePacket(makePacket(flow, rng)));
    const slot = flow < 0 ? nF : flow;
    seen[slot]!++;
    if (flow < 0 ? fired.length === 0 : fired.length === 1 && fired[0] === flow) hits[slot]!++;
  }
  const perFlow = hits.map((h, k) => (seen[k]! > 0 ? h / seen[k]! : 0));
  return {
    metrics: { packetAccuracy: hits.reduce((a, b) => a + b, 0) / packets, packetUnknownRejected: perFlow[nF]! },
    labels: [...FLOWS.map((f) => f.name), 'unknown'],
    perFlow,
  };
}
