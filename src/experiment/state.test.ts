import { describe, expect, it } from 'vitest';
import { ParseError } from '../util/index.js';
import { decodeState, encodeState, parseState, stringifyState } from './state.js';

describe('checkpoint state encoding', () => {
  it('round-trips typed arrays bit-exactly, inside nested objects and arrays', () => {
    const f32 = new Float32Array([0.1, -2.5, 3e-38, Number.NaN]);
    const state = {
      epoch: 3,
      model: { w: f32, b: new Float64Array([Math.PI]) },
      idx: new Int32Array([-1, 2, 2147483647]),
      mask: new Uint8Array([0, 255, 7]),
      list: [new Uint16Array([65535]), { x: null, s: 'str', t: true }],
      odd: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN],
    };
    const back = parseState<typeof state>(stringifyState(state));
    expect(back.model.w).toBeInstanceOf(Float32Array);
    expect(Array.from(new Uint32Array(back.model.w.buffer))).toEqual(Array.from(new Uint32Array(f32.buffer)));
    expect(back.model.b).toEqual(state.model.b);
    expect(back.idx).toEqual(state.idx);
    expect(back.mask).toEqual(state.mask);
    expect(back.list[0]).toEqual(state.list[0]);
    expect(back.list[1]).toEqual({ x: null, s: 'str', t: true });
    expect(back.odd).toEqual(state.odd);
    expect(back.epoch).toBe(3);
  });

  it('encodes subarray views by their own bytes only', () => {
    const big = new Float32Array([1, 2, 3, 4]);
    const back = decodeState(JSON.parse(JSON.stringify(encodeState(big.subarray(1, 3))))) as Float32Array;
    expect(Array.from(back)).toEqual([2, 3]);
  });

  it('rejects what JSON cannot hold and malformed input', () => {
    expect(() => encodeState({ f: () => 1 })).toThrow(ParseError);
    expect(() => encodeState({ v: new DataView(new ArrayBuffer(2)) })).toThrow('state.v: unsupported binary view');
    expect(() => parseState('{"a": 1')).toThrow(ParseError);
    expect(() => decodeState({ $typed: 'Float16Array', base64: '' })).toThrow('unknown typed array');
    expect(() => decodeState({ $typed: 'Float32Array', base64: 'AAA=' })).toThrow('truncated data');
  });
});
