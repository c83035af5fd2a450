/** Small statistics helpers of man-2022-homeostatic. */

import { mean, sampleStd } from '../common/stats.js';

export { mean };

/** metrics[key] = mean of `xs`, metrics[`${key}_std`] = their sample standard deviation (0 for one value). */
export function setStat(metrics: Record<string, number>, key: string, xs: readonly number[]): void {
  metrics[key] = mean(xs);
  metrics[`${key}_std`] = sampleStd(xs);
}

/** Pearson correlation of two equal-length lists (0 when either is constant). */
export function correlation(a: readonly number[], b: readonly number[]): number {
  const ma = mean(a), mb = mean(b);
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return saa === 0 || sbb === 0 ? 0 : sab / Math.sqrt(saa * sbb);
}

/** Every k-th element so that at most `max` remain (the last is always kept). */
export function downsample(v: readonly number[], max: number): number[] {
  if (v.length <= max) return [...v];
  const k = Math.ceil(v.length / max);
  const out = v.filter((_, i) => i % k === k - 1);
  if ((v.length - 1) % k !== k - 1) out.push(v[v.length - 1]!);
  return out;
}

/** Prequential accuracy in blocks of `block` samples; `marks[i]` = 1 when a swap falls in block i. */
export function onlineCurve(correct: Uint8Array, swapsAt: readonly number[], block: number): { x: number[]; accuracy: number[]; marks: number[] } {
  const n = Math.floor(correct.length / block);
  const x: number[] = [], accuracy: number[] = [], marks: number[] = [];
  for (let i = 0; i < n; i++) {
    let ok = 0;
    for (let j = i * block; j < (i + 1) * block; j++) ok += correct[j]!;
    x.push((i + 1) * block);
    accuracy.push(ok / block);
    marks.push(swapsAt.some((t) => t >= i * block && t < (i + 1) * block) ? 1 : 0);
  }
  return { x, accuracy, marks };
}
