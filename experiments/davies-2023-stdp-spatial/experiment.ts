/**
 * davies-2023-stdp-spatial: supervised one-shot learning of spatial patterns
 * with STDP and homeostasis (Davies, Gait, Rowley & Di Nuovo 2023/2025). One
 * output neuron per pattern; a teacher spike after the pattern lets STDP
 * potentiate the pattern's active inputs. Measured:
 * - one pattern: detection of the trained pattern, false detections on random patterns;
 * - accuracy vs number of trained patterns and vs Hamming distance between them;
 * - tolerance to moved bits, with homeostasis (synaptic scaling) on vs off;
 * - network-packet classification on a synthetic seeded packet stream.
 */
import { defineExperiment, type LineSeries } from '../../src/experiment/index.js';
import type { Rng } from '../../src/util/index.js';
import { Detector, movedPattern, randomPattern } from './detector.js';
import { FLOWS, encodePacket, makePacket } from './packets.js';
import { mean } from '../common/stats.js';

interface Common {
  readonly inputs: number;
  readonly active: number;
  readonly aPlus: number;
  readonly teacherDelayMs: number;
}

function detector(c: Common, outputs: number, tolerance: number | null, rng: Rng, inputs = c.inputs): Detector {
  return new Detector({ inputs, outputs, aPlus: c.aPlus, teacherDelayMs: c.teacherDelayMs, tolerance }, rng);
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
    seed: 0,
  },
  quick: { trials: 10, packets: 1000 },
  smoke: { trials: 2, randomPatterns: 200, patternCounts: [1, 3, 10], hammingDistances: [2, 6, 20], packets: 200 },
  claims: [
    { metric: 'onePatternDetection', op: '==', value: 1, description: 'one trained pattern: every presentation of it is detected (ideal detector)' },
    { metric: 'onePatternFalseDetections', op: '==', value: 0, description: 'one trained pattern: no detection on any of the random patterns (1,000 at full scale)' },
    { metric: 'homeostasisOnePatternDetection', op: '==', value: 1, description: 'the same with homeostasis (synaptic scaling) on' },
    { metric: 'homeostasisOnePatternFalseDetections', op: '==', value: 0, description: 'the same with homeostasis on: no false detections' },
    {
      metric: 'similarityAccuracyDrop',
      op: '>',
      value: { defaults: 0.2, quick: 0.2 },
      description: 'with homeostasis, accuracy falls as patterns become more similar: acc(largest Hamming distance) − acc(smallest)',
    },
    { metric: 'toleranceGain', op: '>=', value: 0.9, description: 'homeostasis detects near-matches (2 of 10 bits moved) that the plain detector misses: rate(on) − rate(off)' },
    { metric: 'packetAccuracy', op: '>=', value: { defaults: 0.95, quick: 0.95, smoke: 0.9 }, description: 'packet stream: flow detectors trained on one packet each classify packets (unknown flows → no detection)' },
  ],
  run(config, ctx) {
    const c: Common = config;
    const [onePatRng, countRng, simRng, tolRng, pktRng] = ctx.rng.split(5) as [Rng, Rng, Rng, Rng, Rng];
    const metrics: Record<string, number> = {};

    // 1. One pattern, homeostasis off and on; false detections on random patterns.
    ctx.progress.start(4, 'one pattern');
    for (const [key, tol] of [['', null], ['homeostasis', config.tolerance]] as const) {
      const rng = onePatRng.fold(key || 'plain');
      const pat = randomPattern(c.inputs, c.active, rng);
      const d = detector(c, 1, tol, rng);
      const det = trainAndScore(d, [pat]);
      const probes = Array.from({ length: config.randomPatterns }, () => randomPattern(c.inputs, c.active, rng));
      const name = (m: string): string => (key ? key + m[0]!.toUpperCase() + m.slice(1) : m);
      metrics[name('onePatternDetection')] = det;
      metrics[name('onePatternFalseDetections')] = falseRate(d, probes) * probes.length;
      const w = d.weightsOf(0);
      metrics[name('onePatternActiveWeight')] = mean(pat.map((i) => w[i]!));
      metrics[name('onePatternInactiveWeightMax')] = Math.max(0, ...Array.from(w).filter((_, i) => !pat.includes(i)));
      ctx.progress.tick(2);
    }
    ctx.progress.done();

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
        const on = detector(c, P, config.tolerance, rng);
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
    for (const dist of dists) {
      const acc: [number[], number[]] = [[], []];
      for (let t = 0; t < config.trials; t++) {
        const rng = simRng.fold(`${dist}:${t}`);
        const base = randomPattern(c.inputs, c.active, rng);
        const pats = [base, ...Array.from({ length: config.similarPatterns - 1 }, () => movedPattern(base, c.inputs, dist / 2, rng))];
        acc[0].push(trainAndScore(detector(c, pats.length, null, rng), pats));
        acc[1].push(trainAndScore(detector(c, pats.length, config.tolerance, rng), pats));
      }
      bySim['homeostasis off']!.push(mean(acc[0]));
      bySim['homeostasis on']!.push(mean(acc[1]));
      ctx.progress.tick();
    }
    ctx.progress.done();
    const simOn = bySim['homeostasis on']!;
    metrics.similarityAccuracyDrop = simOn[simOn.length - 1]! - simOn[0]!;
    metrics.similarityAccuracyMinDistanceOn = simOn[0]!;
    metrics.similarityAccuracyMinDistanceOff = bySim['homeostasis off']![0]!;

    // 4. Tolerance: detection of the trained pattern with m active bits moved.
    const moves = Array.from({ length: Math.min(5, c.active) + 1 }, (_, m) => m);
    const byMove: Record<string, number[]> = { 'homeostasis off': [], 'homeostasis on': [] };
    for (const [label, tol] of [['homeostasis off', null], ['homeostasis on', config.tolerance]] as const) {
      const rng = tolRng.fold(label);
      const pat = randomPattern(c.inputs, c.active, rng);
      const d = detector(c, 1, tol, rng);
      d.train(pat, 0);
      for (const m of moves) {
        const n = Math.max(20, config.trials * 5);
        let hit = 0;
        for (let k = 0; k < n; k++) hit += d.respond(movedPattern(pat, c.inputs, m, rng)).length > 0 ? 1 : 0;
        byMove[label]!.push(hit / n);
      }
    }
    metrics.toleranceGain = byMove['homeostasis on']![2]! - byMove['homeostasis off']![2]!;

    // 5. Packet stream.
    const pk = runPackets(c, config.packets, config.packetTolerance, config.unknownFraction, pktRng);
    Object.assign(metrics, pk.metrics);

    const line = (x: readonly number[], ys: Record<string, number[]>, xLabel: string, title: string): LineSeries => ({ kind: 'line', x, ys, xLabel, yLabel: 'accuracy', title });
    return {
      metrics,
      series: {
        accuracyVsPatterns: line(counts, byCount, 'trained patterns', 'Accuracy vs number of trained patterns'),
        accuracyVsHamming: line(dists, bySim, `Hamming distance between ${config.similarPatterns} patterns`, 'Accuracy vs pattern similarity'),
        toleranceVsMovedBits: { ...line(moves.map((m) => 2 * m), byMove, 'Hamming distance from the trained pattern', 'Detection of near-matches'), yLabel: 'detection rate' },
        packetConfusion: { kind: 'bar', labels: pk.labels, ys: { 'detected as own flow': pk.perFlow }, yLabel: 'fraction', title: 'Packet classification per flow' },
      },
    };
  },
});

function runPackets(c: Common, packets: number, tolerance: number, unknownFraction: number, rng: Rng): { metrics: Record<string, number>; labels: string[]; perFlow: number[] } {
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
