import { describe, expect, it } from 'vitest';
import { ParseError } from '../util/index.js';
import { RESULT_SCHEMA_VERSION, assertResultRecord } from './result.js';

describe('assertResultRecord', () => {
  const ok = { schemaVersion: RESULT_SCHEMA_VERSION, id: 'x', scale: 'quick', paper: {}, config: {}, metrics: {}, series: {}, claims: [] };
  it('accepts the current layout and rejects a file from an older version, naming the field', () => {
    expect(() => assertResultRecord(ok, 'x.json')).not.toThrow();
    expect(() => assertResultRecord({ ...ok, schemaVersion: 1 }, 'x.json')).toThrow(ParseError);
    expect(() => assertResultRecord({ ...ok, schemaVersion: 1 }, 'x.json')).toThrow(/x\.json\.schemaVersion: not a results file, expected 2/);
    expect(() => assertResultRecord({ ...ok, claims: {} }, 'x.json')).toThrow(/claims/);
  });
});
