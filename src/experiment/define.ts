/**
 * `defineExperiment`: the one way to declare a paper reproduction. It validates
 * the declaration up front (id, paper url, config types, scale overrides,
 * claims), so a typo fails at import time rather than after an hour of training.
 */
import { ConfigError } from '../util/index.js';
import { parseConfig } from './config.js';
import { CLAIM_OPS, SCALES } from './types.js';
import { runUnitsInProcess, wholeRunUnits } from './units.js';
import type { Claim, Config, ConfigRange, Control, Experiment, ExperimentSpec, RunContext } from './types.js';

/** Experiment ids: lower-case words joined by hyphens. */
export const EXPERIMENT_ID_PATTERN = /^[a-z0-9-]+$/;

function checkDefaults(where: string, defaults: Config): void {
  if (typeof defaults !== 'object' || defaults === null || Array.isArray(defaults)) {
    throw new ConfigError(`${where}.defaults`, { what: 'not an object', expected: 'a flat object', received: defaults });
  }
  for (const [key, v] of Object.entries(defaults)) {
    const ok =
      (typeof v === 'number' && Number.isFinite(v)) ||
      typeof v === 'string' ||
      typeof v === 'boolean' ||
      (Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x)));
    if (!ok) {
      throw new ConfigError(`${where}.defaults.${key}`, { what: 'unsupported value', expected: 'a finite number, string, boolean or number[]', received: v });
    }
  }
}

const KINDS = ['effect', 'fact'];
const INTERVALS = ['t', 'bootstrap', 'exact'];

function checkClaimAnnotations(claim: Claim, metricPath: string, controls: readonly string[]): void {
  if (claim.kind !== undefined && !KINDS.includes(claim.kind)) {
    throw new ConfigError(`${metricPath}.kind`, { what: 'unknown kind', expected: `one of ${KINDS.join(', ')}`, received: claim.kind });
  }
  if (claim.interval !== undefined && !INTERVALS.includes(claim.interval)) {
    throw new ConfigError(`${metricPath}.interval`, { what: 'unknown interval', expected: `one of ${INTERVALS.join(', ')}`, received: claim.interval });
  }
  const p = claim.paper;
  if (p !== undefined && p !== 'not published') {
    const ok = typeof p === 'object' && p !== null && typeof p.where === 'string' && p.where !== '' && (p.value === null || (typeof p.value === 'number' && Number.isFinite(p.value)));
    if (!ok) throw new ConfigError(`${metricPath}.paper`, { what: 'bad paper value', expected: "'not published' or { value: number | null, where: 'Table 2' }", received: p });
  }
  if (claim.controls !== undefined) {
    if (!Array.isArray(claim.controls)) throw new ConfigError(`${metricPath}.controls`, { what: 'not a list', expected: 'control names', received: claim.controls });
    for (const name of claim.controls) {
      if (!controls.includes(name)) {
        throw new ConfigError(`${metricPath}.controls`, { what: `unknown control ${JSON.stringify(name)}`, expected: controls.length ? `one of ${controls.join(', ')}` : 'a name declared in the experiment\'s controls', received: name }, 'unknown_key');
      }
    }
  }
}

function checkClaim(claim: Claim, metricPath: string): void {
  if (typeof claim.metric !== 'string' || claim.metric === '') {
    throw new ConfigError(`${metricPath}.metric`, { what: 'missing metric', expected: 'a metric name', received: claim.metric });
  }
  if (!CLAIM_OPS.includes(claim.op)) {
    throw new ConfigError(`${metricPath}.op`, { what: 'unknown operator', expected: `one of ${CLAIM_OPS.join(' ')}`, received: claim.op });
  }
  const v = claim.value;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ConfigError(`${metricPath}.value`, { what: 'not finite', expected: 'a finite number', received: v });
    return;
  }
  if (typeof v !== 'object' || v === null || typeof v.defaults !== 'number') {
    throw new ConfigError(`${metricPath}.value`, { what: 'bad target', expected: 'a number or { defaults, quick?, smoke? }', received: v });
  }
  for (const [scale, target] of Object.entries(v)) {
    if (!(SCALES as readonly string[]).includes(scale)) {
      throw new ConfigError(`${metricPath}.value`, { what: `unknown scale ${JSON.stringify(scale)}`, expected: `one of ${SCALES.join(', ')}`, received: scale }, 'unknown_key');
    }
    if (target !== undefined && (typeof target !== 'number' || !Number.isFinite(target))) {
      throw new ConfigError(`${metricPath}.value.${scale}`, { what: 'not finite', expected: 'a finite number', received: target });
    }
  }
}

/**
 * Declares an experiment. The config type is inferred from `defaults`, so `run`
 * gets a typed config and `quick` / `smoke` are checked against it.
 * @param spec the declaration: id, paper, configs for each scale, claims and `run`.
 * @returns the same experiment, validated and frozen.
 * @throws ConfigError when the id, paper url, a config value, a scale override or a claim is malformed.
 * @example
 * export default defineExperiment({
 *   id: 'toy-line',
 *   paper: { title: 'Least squares', url: 'https://example.org/ls' },
 *   defaults: { epochs: 50, lr: 0.05 },
 *   quick: { epochs: 20 },
 *   smoke: { epochs: 2 },
 *   claims: [{ metric: 'loss', op: '<=', value: { defaults: 0.01, quick: 0.05 } }],
 *   run: (config, ctx) => ({ metrics: { loss: 0 }, series: {} }),
 * });
 */
export function defineExperiment<C extends Config>(spec: ExperimentSpec<C>): Experiment<C> {
  const where = `defineExperiment(${JSON.stringify(spec.id)})`;
  if (typeof spec.id !== 'string' || !EXPERIMENT_ID_PATTERN.test(spec.id)) {
    throw new ConfigError(`${where}.id`, { what: 'bad id', expected: 'lower-case kebab case matching ^[a-z0-9-]+$', received: spec.id });
  }
  if (typeof spec.paper?.title !== 'string' || typeof spec.paper.url !== 'string' || !/^https?:\/\//.test(spec.paper.url)) {
    throw new ConfigError(`${where}.paper`, { what: 'bad paper reference', expected: '{ title, url: "https://…" }', received: spec.paper });
  }
  const hasUnits = spec.units !== undefined;
  if (hasUnits === (typeof spec.run === 'function')) {
    throw new ConfigError(`${where}.run`, {
      what: hasUnits ? 'both run and units' : 'missing run',
      expected: 'either run: (config, ctx) => { metrics, series } or units: { plan, run, merge }',
      received: hasUnits ? 'both' : spec.run,
    });
  }
  if (spec.units !== undefined) {
    for (const f of ['plan', 'run', 'merge'] as const) {
      if (typeof spec.units[f] !== 'function') throw new ConfigError(`${where}.units.${f}`, { what: 'missing function', expected: 'units: { plan, run, merge }', received: spec.units[f] });
    }
  }
  checkDefaults(where, spec.defaults);
  for (const [key, range] of Object.entries(spec.ranges ?? {}) as [string, ConfigRange | undefined][]) {
    if (typeof spec.defaults[key] !== 'number' && !Array.isArray(spec.defaults[key])) {
      throw new ConfigError(`${where}.ranges.${key}`, { what: 'range for a key that is not a number', expected: 'a number or number-list key of defaults', received: key }, 'unknown_key');
    }
    const limit = range?.limit;
    if (limit !== undefined && !(Number.isFinite(limit) && limit >= (range?.min ?? -Infinity))) {
      throw new ConfigError(`${where}.ranges.${key}.limit`, { what: 'bad limit', expected: 'a finite number ≥ the minimum', received: limit });
    }
  }
  // Parsing every scale checks the overrides' keys and types (and `choices`), and that
  // every scale and control stays within the declared limits, now.
  for (const scale of SCALES) parseConfig(spec, {}, scale);
  if (!Array.isArray(spec.claims)) {
    throw new ConfigError(`${where}.claims`, { what: 'not a list', expected: 'an array of claims', received: spec.claims });
  }
  const controls = Object.keys(spec.controls ?? {});
  for (const name of controls) {
    const control = (spec.controls ?? {})[name] as Control<C>;
    if (typeof control?.description !== 'string' || typeof control.overrides !== 'object' || control.overrides === null) {
      throw new ConfigError(`${where}.controls.${name}`, { what: 'bad control', expected: '{ description, overrides }', received: control });
    }
    // A control's overrides must parse on top of every scale.
    for (const scale of SCALES) parseConfig(spec, control.overrides, scale);
  }
  spec.claims.forEach((claim, i) => {
    checkClaim(claim, `${where}.claims[${i}]`);
    checkClaimAnnotations(claim, `${where}.claims[${i}]`, controls);
  });
  const units = spec.units ?? wholeRunUnits(spec.run as NonNullable<ExperimentSpec<C>['run']>);
  const experiment: Experiment<C> = Object.freeze({
    ...spec,
    paper: Object.freeze({ ...spec.paper }),
    defaults: Object.freeze({ ...spec.defaults }),
    quick: Object.freeze({ ...spec.quick }),
    smoke: Object.freeze({ ...spec.smoke }),
    claims: Object.freeze(spec.claims.map((c) => Object.freeze({ ...c }))),
    units: Object.freeze({ ...units }),
    // A split experiment's run is its units in turn, merged: the same code a sweep runs.
    run: spec.run ?? ((config: Readonly<C>, ctx: RunContext) => runUnitsInProcess(experiment, config, ctx)),
  });
  return experiment;
}
