import { describe, expect, it } from 'vitest';
import { ParseError } from '../util/index.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

/** Builds a file by hand: u64 LE header length, header text padded with spaces, then `data`. */
function build(header: string, data: number[] = []): Uint8Array {
  const pad = (8 - (header.length % 8)) % 8;
  const text = header + ' '.repeat(pad);
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setUint32(0, text.length, true);
  out.set(new TextEncoder().encode(text), 8);
  out.set(data, 8 + text.length);
  return out;
}

describe('safetensors encoder', () => {
  it('writes the exact bytes of the reference layout', () => {
    // Header text (54 bytes) padded with two spaces to 56; 1.0f = 0x3f800000, 2.0f = 0x40000000, little-endian.
    const header = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    const expected = [
      56, 0, 0, 0, 0, 0, 0, 0,
      ...new TextEncoder().encode(header), 0x20, 0x20,
      0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0x40,
    ];
    const bytes = encodeSafetensors({ a: { shape: [2], data: new Float32Array([1, 2]) } });
    expect(Array.from(bytes)).toEqual(expected);
  });

  it('sorts tensors by name, puts __metadata__ first, and aligns the header to 8 bytes', () => {
    const bytes = encodeSafetensors(
      { b: { shape: [1, 1], data: new Float32Array([-0.5]) }, a: { shape: [2], data: new Float32Array([1, 2]) } },
      { metadata: { format: 'pt' } },
    );
    const n = new DataView(bytes.buffer).getUint32(0, true);
    expect(n % 8).toBe(0);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(text.trimEnd()).toBe(
      '{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1,1],"data_offsets":[8,12]}}',
    );
    expect(Array.from(bytes.subarray(8 + n))).toEqual([0, 0, 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0, 0, 0xbf]);
  });

  it('rejects data that does not match its shape and reserved names', () => {
    expect(() => encodeSafetensors({ a: { shape: [3], data: new Float32Array(2) } })).toThrow(/data length does not match shape/);
    expect(() => encodeSafetensors({ __metadata__: { shape: [1], data: new Float32Array(1) } })).toThrow(/reserved/);
  });
});

describe('safetensors decoder', () => {
  it('round-trips tensors, metadata, scalars and empty tensors', () => {
    const tensors = {
      'fc1.weight': { shape: [2, 3], data: new Float32Array([1, -2, 3.5, 1e-30, -0, 7]) },
      scalar: { shape: [], data: new Float32Array([42]) },
      empty: { shape: [0, 4], data: new Float32Array(0) },
    };
    const out = decodeSafetensors(encodeSafetensors(tensors, { metadata: { epoch: '3' } }));
    expect(out.metadata).toEqual({ epoch: '3' });
    expect(Object.keys(out.tensors).sort()).toEqual(['empty', 'fc1.weight', 'scalar']);
    for (const [k, t] of Object.entries(tensors)) {
      expect(out.tensors[k]!.shape).toEqual(t.shape);
      expect(Array.from(out.tensors[k]!.data)).toEqual(Array.from(t.data));
      expect(out.dtypes[k]).toBe('F32');
    }
  });

  it('reads from a Uint8Array view at a non-zero, unaligned offset', () => {
    const bytes = encodeSafetensors({ a: { shape: [2], data: new Float32Array([1, 2]) } });
    const big = new Uint8Array(bytes.length + 3);
    big.set(bytes, 3);
    expect(Array.from(decodeSafetensors(big.subarray(3)).tensors.a!.data)).toEqual([1, 2]);
  });

  it('converts F64, F16, BF16, I32, I64 and BOOL to float32', () => {
    const f64 = [0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0x3f]; // 0.1
    const f16 = [0x00, 0x3e, 0x00, 0xfc]; // 1.5, -inf
    const bf16 = [0x80, 0x3f]; // 1.0 (top half of 0x3f800000)
    const i32 = [0xfe, 0xff, 0xff, 0xff]; // -2
    const i64 = [5, 0, 0, 0, 0, 0, 0, 0];
    const bool = [1, 0];
    const header = JSON.stringify({
      d: { dtype: 'F64', shape: [1], data_offsets: [0, 8] },
      h: { dtype: 'F16', shape: [2], data_offsets: [8, 12] },
      b: { dtype: 'BF16', shape: [1], data_offsets: [12, 14] },
      i: { dtype: 'I32', shape: [1], data_offsets: [14, 18] },
      l: { dtype: 'I64', shape: [1], data_offsets: [18, 26] },
      t: { dtype: 'BOOL', shape: [2], data_offsets: [26, 28] },
    });
    const out = decodeSafetensors(build(header, [...f64, ...f16, ...bf16, ...i32, ...i64, ...bool]));
    expect(out.tensors.d!.data[0]).toBe(Math.fround(0.1));
    expect(Array.from(out.tensors.h!.data)).toEqual([1.5, -Infinity]);
    expect(out.tensors.b!.data[0]).toBe(1);
    expect(out.tensors.i!.data[0]).toBe(-2);
    expect(out.tensors.l!.data[0]).toBe(5);
    expect(Array.from(out.tensors.t!.data)).toEqual([1, 0]);
    expect(out.dtypes).toMatchObject({ d: 'F64', h: 'F16', b: 'BF16' });
  });

  const bad: [string, () => Uint8Array, RegExp][] = [
    ['fewer than 8 bytes', () => new Uint8Array(5), /truncated file: no header length/],
    ['a header length past the end', () => build('{}').subarray(0, 12), /header runs past the end/],
    ['a huge header length', () => {
      const b = new Uint8Array(16);
      new DataView(b.buffer).setUint32(4, 1, true); // 2^32
      return b;
    }, /header length too large/],
    ['header JSON garbage', () => build('{"a": [1,'), /not valid JSON/],
    ['a non-object header', () => build('[1, 2]'), /not a JSON object/],
    ['an unsupported dtype', () => build('{"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}', [0]), /unsupported dtype F8_E4M3/],
    ['a dtype named toString', () => build('{"a":{"dtype":"toString","shape":[1],"data_offsets":[0,4]}}', [0, 0, 0, 0]), /unsupported dtype toString/],
    ['a dtype named __proto__', () => build('{"a":{"dtype":"__proto__","shape":[1],"data_offsets":[0,4]}}', [0, 0, 0, 0]), /unsupported dtype __proto__/],
    ['offsets past the buffer (truncated data)', () => build('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', [0, 0, 0, 0]), /out of range/],
    ['a byte size that does not match the shape', () => build('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', [0, 0, 0, 0]), /byte size does not match/],
    ['overlapping tensors', () => build('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', Array(8).fill(0)), /overlap/],
    ['a bad shape', () => build('{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}', [0, 0, 0, 0]), /shape is invalid/],
    ['non-string metadata', () => build('{"__metadata__":{"n":1}}'), /__metadata__\.n is not a string/],
  ];
  for (const [name, make, msg] of bad) {
    it(`throws ParseError on ${name}`, () => {
      const bytes = make();
      expect(() => decodeSafetensors(bytes)).toThrow(ParseError);
      expect(() => decodeSafetensors(bytes)).toThrow(msg);
    });
  }

  it('names where and what in the message', () => {
    try {
      decodeSafetensors(new Uint8Array(3));
      expect.unreachable();
    } catch (e) {
      expect((e as ParseError).code).toBe('parse_error');
      expect((e as Error).message).toBe('decodeSafetensors(bytes): truncated file: no header length, expected >= 8 bytes, received 3');
    }
  });
});

describe('safetensors names', () => {
  it('keeps tensors named __proto__, constructor and toString as plain entries', () => {
    const header = '{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"constructor":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"toString":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}';
    const f = (x: number) => Array.from(new Uint8Array(new Float32Array([x]).buffer));
    const out = decodeSafetensors(build(header, [...f(1), ...f(2), ...f(3)]));
    expect(Object.keys(out.tensors).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getPrototypeOf(out.tensors)).toBeNull();
    expect(Array.from(out.tensors['__proto__']!.data)).toEqual([1]);
    expect(Array.from(out.tensors['toString']!.data)).toEqual([3]);
    expect(out.dtypes['constructor']).toBe('F32');
  });
});
