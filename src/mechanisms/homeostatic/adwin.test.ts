import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/index.js';
import { adwin } from './adwin.js';

describe('adwin', () => {
  it('keeps growing on a stationary stream and detects an abrupt change soon after it', () => {
    const rng = createRng(0);
    const det = adwin();
    const hits: number[] = [];
    for (let i = 0; i < 4000; i++) if (det.update(rng.bernoulli(i < 2000 ? 0.2 : 0.8) ? 1 : 0)) hits.push(i);
    expect(hits.filter((h) => h < 2000)).toHaveLength(0);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!).toBeGreaterThanOrEqual(2000);
    expect(hits[0]!).toBeLessThan(2300);
    expect(det.width).toBeLessThan(2300);
    expect(det.mean).toBeGreaterThan(0.7);
  });

  it('window statistics match the data', () => {
    const det = adwin({ clock: 1_000_000 });
    for (let i = 0; i < 100; i++) det.update(i % 2);
    expect(det.width).toBe(100);
    expect(det.mean).toBeCloseTo(0.5);
  });
});
