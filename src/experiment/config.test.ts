import { describe, expect, it } from 'vitest';
import { ConfigError, LimitError } from '../util/index.js';
import { defineExperiment } from './define.js';
import { coerceConfigValue, parseConfig, parseSetArgs, safeParseConfig } from './config.js';

const exp = defineExperiment({
  id: 'cfg-test',
  paper: { title: 't', url: 'https://example.org' },
  defaults: { epochs: 10, lr: 0.1, optimizer: 'adam', shuffle: true, hidden: [64, 32] },
  quick: { epochs: 3 },
  smoke: { epochs: 1, hidden: [4] },
  choices: { optimizer: ['adam', 'sgd'] },
  ranges: { epochs: { integer: true, min: 1 }, lr: { min: 0, max: 10 }, hidden: { integer: true, min: 1 } },
  claims: [{ metric: 'acc', op: '>=', value: 0.5 }],
  run: () => ({ metrics: {}, series: {} }),
});

describe('parseConfig', () => {
  it('merges defaults, then the scale, then overrides', () => {
    expect(parseConfig(exp)).toEqual({ epochs: 10, lr: 0.1, optimizer: 'adam', shuffle: true, hidden: [64, 32] });
    expect(parseConfig(exp, {}, 'quick')).toMatchObject({ epochs: 3, hidden: [64, 32] });
    expect(parseConfig(exp, { epochs: 2 }, 'smoke')).toMatchObject({ epochs: 2, hidden: [4] });
    expect(Object.isFrozen(parseConfig(exp))).toBe(true);
  });

  it('coerces strings to the type of the default', () => {
    const c = parseConfig(exp, { lr: '1e-3', shuffle: 'false', hidden: '128, 64,8', optimizer: 'sgd' });
    expect(c).toMatchObject({ lr: 0.001, shuffle: false, hidden: [128, 64, 8], optimizer: 'sgd' });
    expect(parseConfig(exp, { hidden: '' }).hidden).toEqual([]);
  });

  it('rejects unknown keys, listing the valid ones', () => {
    try {
      parseConfig(exp, { lrr: 1 });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).code).toBe('unknown_key');
      expect((err as Error).message).toBe('cfg-test.config: unknown key "lrr" (did you mean "lr"?), expected one of epochs, lr, optimizer, shuffle, hidden, received "lrr"');
    }
  });

  it('rejects wrong types, naming the expected type and the value', () => {
    expect(() => parseConfig(exp, { epochs: 'ten' })).toThrow('cfg-test.config.epochs: wrong type, expected a finite number, received "ten"');
    expect(() => parseConfig(exp, { shuffle: 1 })).toThrow('expected a boolean, received 1');
    expect(() => parseConfig(exp, { hidden: '1,x' })).toThrow('expected a list of numbers');
    expect(() => parseConfig(exp, { optimizer: 3 })).toThrow('expected a string');
    expect(() => parseConfig(exp, { lr: Number.NaN })).toThrow(ConfigError);
  });

  it('checks choices of string keys', () => {
    expect(() => parseConfig(exp, { optimizer: 'rmsprop' })).toThrow('cfg-test.config.optimizer: not an allowed value, expected one of "adam", "sgd", received "rmsprop"');
  });

  it('checks declared ranges and integer-ness, for numbers and each element of a list', () => {
    for (const [key, value, want] of [
      ['epochs', '-1', 'an integer ≥ 1'],
      ['epochs', '0.5', 'an integer ≥ 1'],
      ['lr', '11', 'a number ≥ 0 ≤ 10'],
      ['hidden', '4,0', 'an integer ≥ 1'],
    ] as const) {
      expect(() => parseConfig(exp, { [key]: value }), `${key}=${value}`).toThrow(`cfg-test.config.${key}: out of range, expected ${want}`);
    }
    expect(parseConfig(exp, { epochs: '2', lr: '0', hidden: '1,2' })).toMatchObject({ epochs: 2, lr: 0, hidden: [1, 2] });
    const base = { id: 'r', paper: { title: 't', url: 'https://example.org' }, quick: {}, smoke: {}, claims: [], run: () => ({ metrics: {}, series: {} }) };
    expect(() => defineExperiment({ ...base, defaults: { epochs: 0 }, ranges: { epochs: { min: 1 } } })).toThrow('out of range');
    expect(() => defineExperiment({ ...base, defaults: { name: 'x' }, ranges: { name: { min: 1 } } })).toThrow('range for a key that is not a number');
  });

  it('refuses a count past its limit with a LimitError naming key, limit, value and the way to raise it', () => {
    const limited = defineExperiment({
      id: 'lim',
      paper: { title: 't', url: 'https://example.org' },
      defaults: { epochs: 10, sizes: [4, 8] },
      quick: {},
      smoke: {},
      ranges: { epochs: { integer: true, min: 1, limit: 1000 }, sizes: { integer: true, min: 1, limit: 100 } },
      claims: [],
      run: () => ({ metrics: {}, series: {} }),
    });
    expect(parseConfig(limited, { epochs: '1000' }).epochs).toBe(1000);
    let error: unknown;
    try {
      parseConfig(limited, { epochs: '1e12' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LimitError);
    expect((error as LimitError).code).toBe('limit_exceeded');
    expect((error as Error).message).toBe("lim.config.epochs: epochs exceeds the limit (raise it with large: 'allow' in the parse / run options (CLI: --allow-large)), expected at most 1000, received 1000000000000");
    expect(() => parseConfig(limited, { sizes: '4,101' })).toThrow(/^lim\.config\.sizes: an element of sizes exceeds the limit .*received 101$/);
    // Lifted limits keep the minimum and integer-ness.
    expect(parseConfig(limited, { epochs: 1e12, sizes: [1e6] }, 'defaults', { large: 'allow' })).toMatchObject({ epochs: 1e12, sizes: [1e6] });
    expect(() => parseConfig(limited, { epochs: 0 }, 'defaults', { large: 'allow' })).toThrow(ConfigError);
    expect(() => parseConfig(limited, { epochs: 1e12 + 0.5 }, 'defaults', { large: 'allow' })).toThrow('out of range');
    const r = safeParseConfig(limited, { epochs: 5000 });
    expect(r.ok === false && r.error.code).toBe('limit_exceeded');
    // A declaration whose own defaults pass the limit, or whose limit is below the minimum, is refused up front.
    const spec = { id: 'lim2', paper: { title: 't', url: 'https://example.org' }, quick: {}, smoke: {}, claims: [], run: () => ({ metrics: {}, series: {} }) };
    expect(() => defineExperiment({ ...spec, defaults: { epochs: 10 }, ranges: { epochs: { limit: 5 } } })).toThrow(LimitError);
    expect(() => defineExperiment({ ...spec, defaults: { epochs: 10 }, ranges: { epochs: { min: 20, limit: 5 } } })).toThrow('bad limit');
  });

  it('treats __proto__ and an empty key in --set as errors, never as a silent prototype change', () => {
    const sets = parseSetArgs(['__proto__=1']);
    expect(Object.keys(sets)).toEqual(['__proto__']);
    expect(() => parseConfig(exp, sets)).toThrow('unknown key "__proto__"');
    expect(() => parseSetArgs([' =1'])).toThrow('malformed override');
    expect(() => parseConfig(exp, JSON.parse('{"constructor": "1"}') as Record<string, unknown>)).toThrow('unknown key "constructor"');
  });

  it('safeParseConfig returns a result instead of throwing', () => {
    const ok = safeParseConfig(exp, { epochs: '5' });
    expect(ok).toEqual({ ok: true, value: expect.objectContaining({ epochs: 5 }) });
    const bad = safeParseConfig(exp, { nope: 1 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('unknown_key');
  });

  it('coerceConfigValue and parseSetArgs', () => {
    expect(coerceConfigValue('p', 1, ' 2 ')).toBe(2);
    expect(() => coerceConfigValue('p', 1, '')).toThrow(ConfigError);
    expect(parseSetArgs(['a=1', 'b=x=y', 'c='])).toEqual({ a: '1', b: 'x=y', c: '' });
    expect(() => parseSetArgs(['novalue'])).toThrow('--set: malformed override, expected key=value, received "novalue"');
  });
});

describe('defineExperiment validation', () => {
  const base = { id: 'ok', paper: { title: 't', url: 'https://x.org' }, defaults: { a: 1 }, quick: {}, smoke: {}, claims: [], run: () => ({ metrics: {}, series: {} }) };
  it('rejects bad ids, urls, scale overrides and claims', () => {
    expect(() => defineExperiment({ ...base, id: 'Bad_Id' })).toThrow('bad id');
    expect(() => defineExperiment({ ...base, paper: { title: 't', url: 'x' } })).toThrow('bad paper reference');
    expect(() => defineExperiment({ ...base, smoke: { b: 2 } as never })).toThrow('ok.config(smoke): unknown key "b", expected one of a');
    expect(() => defineExperiment({ ...base, claims: [{ metric: 'm', op: '=>' as never, value: 1 }] })).toThrow('unknown operator');
    expect(() => defineExperiment({ ...base, claims: [{ metric: 'm', op: '>=', value: { defaults: 1, fast: 2 } as never }] })).toThrow('unknown scale "fast"');
    expect(() => defineExperiment({ ...base, defaults: { a: { b: 1 } } as unknown as { a: number } })).toThrow('unsupported value');
  });
  it('returns a frozen experiment', () => {
    const e = defineExperiment(base);
    expect(Object.isFrozen(e)).toBe(true);
    expect(Object.isFrozen(e.defaults)).toBe(true);
  });
});
