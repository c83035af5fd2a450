/**
 * Contract test for every registered experiment (STYLE §7): well-formed
 * metadata, parseable configs at every scale, and a deterministic smoke run
 * (same seed twice → identical metrics). dm_control's test_environment_is_deterministic.
 */
import { describe, expect, it } from 'vitest';
import { EXPERIMENT_ID_PATTERN, SCALES, parseConfig, runExperiment } from '../src/experiment/index.js';
import { experiments } from '../experiments/index.js';
import { nodeDatasets, nodePhysics } from '../src/node/index.js';

const datasets = nodeDatasets();
const physics = nodePhysics();

describe('experiment registry', () => {
  it('is a non-empty list of uniquely named experiments', () => {
    expect(Array.isArray(experiments)).toBe(true);
    expect(experiments.length, 'experiments/index.ts registers no experiments').toBeGreaterThan(0);
    const ids = experiments.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const exp of experiments) {
    describe(exp.id, () => {
      it('has an id, a paper url and at least one claim', () => {
        expect(exp.id).toMatch(EXPERIMENT_ID_PATTERN);
        expect(exp.paper.url).toMatch(/^https?:\/\//);
        expect(exp.claims.length).toBeGreaterThan(0);
      });

      it('parses its config at every scale', () => {
        for (const scale of SCALES) expect(() => parseConfig(exp, {}, scale)).not.toThrow();
      });

      it('gives identical metrics for two smoke runs with one seed', async () => {
        const a = await runExperiment(exp, { scale: 'smoke', seed: 1, datasets, physics });
        const b = await runExperiment(exp, { scale: 'smoke', seed: 1, datasets, physics });
        expect(Object.keys(a.metrics).length).toBeGreaterThan(0);
        expect(b.metrics).toEqual(a.metrics);
        expect(JSON.parse(JSON.stringify(b.series))).toEqual(JSON.parse(JSON.stringify(a.series)));
      });
    });
  }
});
