/**
 * Firing statistics of hard-gated TauGate layers: per-neuron firing rates, the
 * active fraction, and attribution (which neurons change firing between two modes).
 */
import { ArgumentError } from '../../util/index.js';

/**
 * Per-neuron firing rates: the fraction of examples on which each neuron fires.
 * @param masks one `[batch, n]` mask per layer (from `TauGate.firingMasks`)
 * @param widths neurons per layer
 * @returns one `Float64Array` `[n]` per layer, values in [0, 1]
 */
export function neuronFiringRates(masks: readonly Uint8Array[], widths: readonly number[]): Float64Array[] {
  return masks.map((m, l) => {
    const n = widths[l]!;
    const rows = m.length / n;
    const rates = new Float64Array(n);
    for (let k = 0; k < m.length; k++) rates[k % n]! += m[k]!;
    for (let j = 0; j < n; j++) rates[j]! /= Math.max(rows, 1);
    return rates;
  });
}

/**
 * Accumulates firing counts over many batches (e.g. a whole test set).
 * @example
 * const acc = firingCounter(gated.tau.map((t) => t.size));
 * for (const x of batches) acc.add(gated.firingMasks(x));
 * acc.rates(); // per-layer per-neuron rates
 */
export function firingCounter(widths: readonly number[]): {
  add(masks: readonly Uint8Array[]): void;
  rates(): Float64Array[];
  activeFraction(): number;
} {
  const counts = widths.map((n) => new Float64Array(n));
  let examples = 0;
  return {
    add(masks) {
      if (masks.length !== widths.length) throw new ArgumentError('firingCounter.add(masks)', { what: 'one mask per layer', expected: widths.length, received: masks.length });
      masks.forEach((m, l) => {
        const n = widths[l]!, c = counts[l]!;
        for (let k = 0; k < m.length; k++) c[k % n]! += m[k]!;
      });
      examples += masks[0]!.length / widths[0]!;
    },
    rates: () => counts.map((c) => c.map((v) => v / Math.max(examples, 1))),
    activeFraction() {
      const total = counts.reduce((s, c) => s + c.reduce((a, b) => a + b, 0), 0);
      return total / Math.max(examples * widths.reduce((a, b) => a + b, 0), 1);
    },
  };
}

/**
 * Fraction of (example, neuron) pairs that fire, over all gated layers.
 * @param masks one `[batch, n]` mask per layer
 * @returns a number in [0, 1]
 */
export function activeFraction(masks: readonly Uint8Array[]): number {
  let on = 0, total = 0;
  for (const m of masks) {
    for (let k = 0; k < m.length; k++) on += m[k]!;
    total += m.length;
  }
  return total === 0 ? 0 : on / total;
}

/** Attribution of one layer: which neurons change firing between mode A and mode B. */
export interface LayerAttribution {
  /** rate_B − rate_A per neuron. */
  readonly delta: Float64Array;
  /** Neurons whose rate rises by more than `minChange` in mode B, most changed first. */
  readonly recruited: readonly number[];
  /** Neurons whose rate falls by more than `minChange` in mode B, most changed first. */
  readonly silenced: readonly number[];
}

/**
 * Compares per-neuron firing rates of two modes (e.g. 0° with the identity gate vs 45° with the learned gate).
 * @param ratesA per-layer rates in mode A
 * @param ratesB per-layer rates in mode B (same widths)
 * @param minChange smallest |Δrate| counted as a change (default 0.1)
 * @returns one {@link LayerAttribution} per layer
 */
export function firingAttribution(ratesA: readonly Float64Array[], ratesB: readonly Float64Array[], minChange = 0.1): LayerAttribution[] {
  if (ratesA.length !== ratesB.length || ratesA.some((r, l) => r.length !== ratesB[l]!.length)) {
    throw new ArgumentError('firingAttribution(ratesA, ratesB)', { what: 'layer widths differ', expected: ratesA.map((r) => r.length), received: ratesB.map((r) => r.length) });
  }
  return ratesA.map((a, l) => {
    const b = ratesB[l]!;
    const delta = b.map((v, j) => v - a[j]!);
    const order = [...delta.keys()].sort((i, j) => Math.abs(delta[j]!) - Math.abs(delta[i]!));
    return { delta, recruited: order.filter((j) => delta[j]! > minChange), silenced: order.filter((j) => delta[j]! < -minChange) };
  });
}
