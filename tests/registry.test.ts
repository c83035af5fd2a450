/**
 * Contract test for every registered experiment (STYLE §7): well-formed
 * metadata, parseable configs at every scale, a deterministic smoke run (same
 * seed twice → identical metrics; dm_control's test_environment_is_deterministic),
 * and the falsification check: at smoke, every effect claim with a smoke target
 * is met and broken by each control it names, every fact holds, and a claim
 * marked `exact` does not change with the seed. Effect claims without a smoke
 * target are checked the same way at quick by `.ci/run` (cli/ci-verify.ts).
 * Config ranges: count keys are ranged and limited (a LimitError past the limit,
 * lifted by `large: 'allow'`), and a range rejects what it should.
 */
import { describe, expect, it } from 'vitest';
import { EXPERIMENT_ID_PATTERN, SCALES, claimTarget, createRunContext, mergeUnits, parseConfig, planUnits, resolveRun, runExperiment, runUnit, verifyExperiment } from '../src/experiment/index.js';
import { experiments } from '../experiments/index.js';
import { nodeDatasets, nodePhysics } from '../src/node/index.js';
import { ConfigError, LimitError } from '../src/util/index.js';

const datasets = nodeDatasets();
const physics = nodePhysics();

/** Experiments whose paper-scale run is too long for one process: `sweep` must be able to split them. */
/** Number keys named like these are counts that every experiment must range (so a new experiment cannot forget them). */
const COUNT_KEY = /(epochs|iterations|seeds|batch|batchsize|trials)$/i;
/** Integer keys that are seed values, not counts: they have no limit. */
const SEED_KEY = /(^s|S)eed$/;

const SPLIT_AT_DEFAULTS = ['mlp-mnist', 'cnn-fashion-mnist', 'bhattasali-2022-ncap', 'brenner-2025-perforated', 'liu-2023-rich-lazy', 'man-2022-homeostatic'];

describe('experiment registry', () => {
  it('is a non-empty list of uniquely named experiments', () => {
    expect(Array.isArray(experiments)).toBe(true);
    expect(experiments.length, 'experiments/index.ts registers no experiments').toBeGreaterThan(0);
    const ids = experiments.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const exp of experiments) {
    describe(exp.id, () => {
      it('has an id, a paper url and at least one effect claim', () => {
        expect(exp.id).toMatch(EXPERIMENT_ID_PATTERN);
        expect(exp.paper.url).toMatch(/^https?:\/\//);
        expect(exp.claims.filter((c) => (c.kind ?? 'effect') === 'effect').length).toBeGreaterThan(0);
      });

      it("gives every effect claim the paper's number (or 'not published') and at least one control", () => {
        for (const c of exp.claims.filter((k) => (k.kind ?? 'effect') === 'effect')) {
          expect(c.paper, `${exp.id} ${c.metric}: no paper value`).toBeDefined();
          expect(c.controls?.length ?? 0, `${exp.id} ${c.metric}: no control that must break it`).toBeGreaterThan(0);
        }
      });

      it('parses its config at every scale', () => {
        for (const scale of SCALES) expect(() => parseConfig(exp, {}, scale)).not.toThrow();
      });

      it('declares ranges for its count keys, and its ranges reject non-integers and values below the minimum', () => {
        const ranges = exp.ranges ?? {};
        for (const [key, v] of Object.entries(exp.defaults)) {
          if (COUNT_KEY.test(key) && (typeof v === 'number' || Array.isArray(v))) expect(ranges[key], `${exp.id}.${key}: a count key without a declared range`).toBeDefined();
        }
        const rejects = (key: string, x: number): void => {
          const value = Array.isArray(exp.defaults[key]) ? [x] : x;
          let error: unknown;
          try {
            parseConfig(exp, { [key]: value }, 'smoke');
          } catch (e) {
            error = e;
          }
          expect(error, `${exp.id}.${key}=${JSON.stringify(value)} was accepted`).toBeInstanceOf(ConfigError);
          expect((error as Error).message).toContain('out of range');
        };
        for (const [key, r] of Object.entries(ranges)) {
          if (!r) continue;
          if (r.integer === true) rejects(key, r.min !== undefined ? r.min + 0.5 : 1.5);
          if (r.min !== undefined) rejects(key, r.min - 1);
        }
      });

      it('limits every count key: past the limit a LimitError naming the key and --allow-large, accepted with large: allow; a domain max is never lifted', () => {
        const ranges = exp.ranges ?? {};
        const asValue = (key: string, x: number): number | number[] => (Array.isArray(exp.defaults[key]) ? [x] : x);
        for (const [key, r] of Object.entries(ranges)) {
          // Every integer key but a seed value (`seed`, `firstSeed`) counts something.
          if (!r || r.integer !== true || SEED_KEY.test(key)) continue;
          expect(r.limit !== undefined || r.max !== undefined, `${exp.id}.${key}: a count key without a limit`).toBe(true);
          if (r.limit !== undefined) {
            for (const x of [r.limit + 1, r.limit * 10]) {
              let error: unknown;
              try {
                parseConfig(exp, { [key]: asValue(key, x) }, 'smoke');
              } catch (e) {
                error = e;
              }
              expect(error, `${exp.id}.${key}=${x} was accepted`).toBeInstanceOf(LimitError);
              expect((error as LimitError).code).toBe('limit_exceeded');
              expect((error as Error).message).toContain(`${exp.id}.config.${key}:`);
              expect((error as Error).message).toContain(`at most ${r.limit}, received ${x}`);
              expect((error as Error).message).toContain('--allow-large');
              expect(parseConfig(exp, { [key]: asValue(key, x) }, 'smoke', { large: 'allow' })[key]).toEqual(asValue(key, x));
            }
          }
          if (r.max !== undefined) expect(() => parseConfig(exp, { [key]: asValue(key, r.max! + 1) }, 'smoke', { large: 'allow' }), `${exp.id}.${key}: max lifted`).toThrow(ConfigError);
        }
      });

      it('at smoke: deterministic, its smoke claims met and broken by their controls, exact claims seed-independent', async () => {
        const v = await verifyExperiment(exp, { scale: 'smoke', seed: 1, datasets, physics });
        const again = await runExperiment(exp, { scale: 'smoke', seed: 1, datasets, physics });
        const a = v.outcome;
        expect(Object.keys(a.metrics).length).toBeGreaterThan(0);
        expect(again.metrics).toEqual(a.metrics);
        expect(again.samples).toEqual(a.samples);
        expect(JSON.parse(JSON.stringify(again.series))).toEqual(JSON.parse(JSON.stringify(a.series)));
        for (const c of a.claims) {
          const where = `${exp.id} ${c.metric} ${c.op} ${c.value} at smoke (mean ${c.measured}, ci ${JSON.stringify(c.ci)})`;
          expect(c.met, `${where}: not met`).toBe(true);
          for (const k of c.controls ?? []) expect(k.met, `${where}: still holds under control ${k.name} (mean ${k.mean}): a claim that cannot fail`).toBe(false);
        }
        const exact = exp.claims.filter((c) => c.interval === 'exact');
        if (exact.length > 0) {
          const other = await runExperiment(exp, { scale: 'smoke', seed: 2, datasets, physics });
          for (const c of exact) expect(other.metrics[c.metric], `${exp.id} ${c.metric} is marked exact but changes with the seed`).toEqual(a.metrics[c.metric]);
        }
        // Claims checked only at quick (by .ci/run) must at least have a quick target.
        for (const c of exp.claims.filter((k) => claimTarget(k, 'smoke') === undefined && (k.kind ?? 'effect') === 'effect')) {
          expect(claimTarget(c, 'quick') !== undefined || claimTarget(c, 'defaults') !== undefined).toBe(true);
        }
      }, 120_000);

      it('at smoke: its units, each run alone in a fresh context in reverse order, merge to the one-process run', async () => {
        const whole = await runExperiment(exp, { scale: 'smoke', seed: 1, datasets, physics });
        const { config, seed } = resolveRun(exp, { scale: 'smoke', seed: 1 });
        const plan = planUnits(exp, config);
        const done = new Map<string, string>();
        for (const p of [...plan].reverse()) done.set(p.key, await runUnit(exp, config, p, createRunContext({ seed, scale: 'smoke', datasets, physics })));
        const merged = mergeUnits(exp, config, plan, done);
        expect(merged.metrics).toEqual(whole.metrics);
        expect(merged.samples ?? {}).toEqual(whole.samples);
        expect(JSON.parse(JSON.stringify(merged.series))).toEqual(JSON.parse(JSON.stringify(whole.series)));
        if (SPLIT_AT_DEFAULTS.includes(exp.id)) {
          expect(planUnits(exp, parseConfig(exp, {}, 'defaults')).length, `${exp.id} is not split into units at defaults`).toBeGreaterThan(1);
        }
      }, 120_000);
    });
  }
});
