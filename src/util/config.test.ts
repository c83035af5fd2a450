import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { nearest, resolveConfig, type ConfigSchema } from './config.js';

interface Opts {
  readonly nUnits: number;
  readonly lr: number;
  readonly mode: string;
  readonly sizes: readonly number[];
  readonly flag: boolean;
  readonly limit: number;
}
const SCHEMA: ConfigSchema<Opts> = {
  where: 'f(config)',
  defaults: { nUnits: 10, lr: 0.1, mode: 'a', sizes: [1, 2], flag: false, limit: Infinity },
  ranges: { nUnits: { integer: true, min: 1 }, lr: { above: 0, max: 1 }, sizes: { integer: true, min: 1 }, limit: { min: 0, infinite: true } },
  choices: { mode: ['a', 'b'] },
  aliases: { n_units: 'nUnits' },
  renamed: { learning_rate: 'lr' },
  extraKeys: ['rng'],
};

function err(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('resolveConfig', () => {
  it('fills defaults, keeps given values, drops extra keys, freezes', () => {
    const c = resolveConfig(SCHEMA, { lr: 0.5, rng: 1, mode: undefined } as unknown as Partial<Opts>);
    expect(c).toEqual({ nUnits: 10, lr: 0.5, mode: 'a', sizes: [1, 2], flag: false, limit: Infinity });
    expect(Object.isFrozen(c)).toBe(true);
    expect('rng' in c).toBe(false);
  });

  it('rejects an unknown key, listing the valid ones and the nearest', () => {
    const e = err(() => resolveConfig(SCHEMA, { nUnit: 3 } as unknown as Partial<Opts>));
    expect(e.code).toBe('unknown_key');
    expect(e.message).toContain('did you mean "nUnits"?');
    expect(e.message).toContain('one of nUnits, lr, mode, sizes, flag, limit, rng');
    expect(err(() => resolveConfig(SCHEMA, { zzzzzz: 1 } as unknown as Partial<Opts>)).message).not.toContain('did you mean');
  });

  it('maps aliases, refuses renamed spellings with the name to use, and refuses both spellings at once', () => {
    expect(resolveConfig(SCHEMA, { n_units: 4 } as unknown as Partial<Opts>).nUnits).toBe(4);
    expect(err(() => resolveConfig(SCHEMA, { learning_rate: 0.2 } as unknown as Partial<Opts>)).message).toContain('"learning_rate" is spelled "lr" here');
    expect(err(() => resolveConfig(SCHEMA, { n_units: 4, nUnits: 5 } as unknown as Partial<Opts>)).message).toContain('both');
  });

  it('checks types, finiteness, ranges (scalars and list elements) and choices', () => {
    expect(err(() => resolveConfig(SCHEMA, { nUnits: '3' } as unknown as Partial<Opts>)).message).toContain('wrong type');
    expect(err(() => resolveConfig(SCHEMA, { nUnits: 2.5 })).message).toContain('an integer >= 1');
    expect(err(() => resolveConfig(SCHEMA, { lr: 0 })).message).toContain('> 0');
    expect(err(() => resolveConfig(SCHEMA, { lr: NaN })).message).toContain('finite');
    expect(err(() => resolveConfig(SCHEMA, { sizes: [1, 0] })).message).toContain('out of range');
    expect(err(() => resolveConfig(SCHEMA, { mode: 'c' })).message).toContain('one of "a", "b"');
    expect(resolveConfig(SCHEMA, { limit: Infinity }).limit).toBe(Infinity);
    expect(err(() => resolveConfig(SCHEMA, { limit: -1 })).message).toContain('>= 0');
    expect(err(() => resolveConfig(SCHEMA, { lr: null } as unknown as Partial<Opts>)).message).toContain('wrong type');
    expect(resolveConfig({ ...SCHEMA, loose: ['mode'], choices: {} }, { mode: [0, 1] } as unknown as Partial<Opts>).mode).toEqual([0, 1]);
    expect(resolveConfig({ ...SCHEMA, nullable: ['lr'] }, { lr: null } as unknown as Partial<Opts>).lr).toBeNull();
    expect(err(() => resolveConfig(SCHEMA, 5 as unknown as Partial<Opts>)).message).toContain('must be an object');
  });
});

describe('nearest', () => {
  it('finds close spellings, ignoring case and underscores, and nothing far away', () => {
    expect(nearest('v_thresh', ['vThresh', 'vRest'])).toBe('vThresh');
    expect(nearest('aplus', ['aPlus', 'aMinus'])).toBe('aPlus');
    expect(nearest('statr', ['start', 'run', 'list'])).toBe('start');
    expect(nearest('quux', ['start', 'run'])).toBeUndefined();
    expect(nearest('b', ['a'])).toBeUndefined();
    expect(nearest('lrr', ['epochs', 'lr'])).toBe('lr');
    expect(nearest('vThresh', ['vThreshMv', 'vRestMv'])).toBe('vThreshMv');
  });
});
