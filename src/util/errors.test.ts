import { describe, expect, it } from 'vitest';
import { LimitError, NonFiniteError, describeValue } from './errors.js';

describe('error messages', () => {
  it('name non-finite numbers instead of printing null', () => {
    expect(describeValue(NaN)).toBe('NaN');
    expect(describeValue(-Infinity)).toBe('-Infinity');
    expect(describeValue([1, NaN, Infinity])).toBe('[1, NaN, Infinity]');
    expect(describeValue({ loss: NaN })).toBe('{"loss":NaN}');
    expect(new NonFiniteError('train epoch 1', { what: 'loss is not finite', expected: 'a finite loss', received: NaN }).message).toBe('train epoch 1: loss is not finite, expected a finite loss, received NaN');
  });

  it('LimitError names the quantity, the limit and how to raise it', () => {
    const e = new LimitError('sim', { what: 'time steps', limit: 10, requested: 11, raise: '--max-steps N' });
    expect([e.code, e.message]).toEqual(['limit_exceeded', 'sim: time steps exceeds the limit (raise it with --max-steps N), expected at most 10, received 11']);
  });
});
