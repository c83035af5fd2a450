import { describe, expect, it } from 'vitest';
import { main as coupled, ringEnergy } from './coupled-oscillators.js';
import { main as lotka } from './lotka-volterra.js';
import { main as plant } from './plant-controller.js';

describe('examples', () => {
  it('Lotka–Volterra: the invariant V stays within 1e-6 relative under RK45', () => {
    const r = lotka();
    expect(r.maxRelDrift).toBeLessThan(1e-6);
    expect(r.steps).toBeGreaterThan(50);
    // populations really oscillate
    expect(r.maxPrey / r.minPrey).toBeGreaterThan(5);
  });

  it('plant/controller: the note\'s state sequence', () => {
    const r = plant(5);
    expect(r.stateNames).toEqual(['controller.s', 'plant.x']);
    expect(r.states).toEqual([
      [0, 1],
      [1, 1],
      [1, 0.5],
      [0.5, 0],
      [0, -0.25],
      [-0.25, -0.25],
    ]);
  });

  it('coupled oscillators: energy is conserved and the pulse reaches every box', () => {
    const r = coupled({ n: 8, tEnd: 30 });
    expect(r.maxRelDrift).toBeLessThan(1e-7);
    expect(Math.min(...r.maxAmp)).toBeGreaterThan(0.05);
    expect(ringEnergy([1, 0, 0, 0])).toBeCloseTo(0.5 + 0.5 * 0.5 * 2, 12);
  });
});
