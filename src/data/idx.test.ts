import { describe, expect, it } from 'vitest';
import { ParseError } from '../util/index.js';
import { encodeIdx, parseIdx, parseMnistPair } from './idx.js';

/** Runs `fn`, expecting a ParseError, and returns it. */
function parseErrorOf(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).code).toBe('parse_error');
    return err as ParseError;
  }
  throw new Error('expected a ParseError');
}

// A 2 × 3 uint8 matrix: magic 00 00 08 02, sizes 2 and 3, then 6 bytes.
const VALID = new Uint8Array([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 255]);

function mnistPair(n: number, labels: number[]): [Uint8Array, Uint8Array] {
  const images = encodeIdx({ shape: [n, 28, 28], data: new Uint8Array(n * 784).map((_, i) => i % 256) });
  return [images, encodeIdx({ shape: [labels.length], data: Uint8Array.from(labels) })];
}

describe('parseIdx', () => {
  it('parses a valid uint8 file as a view with the right shape', () => {
    const { shape, data } = parseIdx(VALID, 'valid');
    expect(shape).toEqual([2, 3]);
    expect(data).toBeInstanceOf(Uint8Array);
    expect(Array.from(data)).toEqual([1, 2, 3, 4, 5, 255]);
    expect(data.buffer).toBe(VALID.buffer);
  });

  it('respects the byteOffset of a view into a larger buffer', () => {
    const big = new Uint8Array(VALID.length + 5);
    big.set(VALID, 5);
    expect(Array.from(parseIdx(big.subarray(5), 'offset').data)).toEqual([1, 2, 3, 4, 5, 255]);
  });

  it('rejects a bad magic number', () => {
    const bad = VALID.slice();
    bad[0] = 0x1f;
    const err = parseErrorOf(() => parseIdx(bad, 'bad.idx'));
    expect(err.message).toBe('bad.idx: bad magic number, expected 0x00 0x00 <type> <dims>, received "0x1f 0x00 0x08 0x02"');
  });

  it('rejects an unknown type code and names it', () => {
    const bad = VALID.slice();
    bad[2] = 0x07;
    const err = parseErrorOf(() => parseIdx(bad, 'x'));
    expect(err.message).toContain('unsupported IDX type code 0x07');
    expect(err.message).toContain('0x08 (uint8)');
  });

  it('rejects zero dimensions and a truncated header', () => {
    expect(parseErrorOf(() => parseIdx(new Uint8Array([0, 0, 8, 0]), 'x')).message).toContain('no dimensions');
    expect(parseErrorOf(() => parseIdx(new Uint8Array([0, 0]), 'x')).message).toContain('header truncated');
    const err = parseErrorOf(() => parseIdx(VALID.subarray(0, 10), 'x'));
    expect(err.message).toBe('x: header truncated, expected 12 header bytes for 2 dimensions, received "10 bytes"');
  });

  it('reports truncated data with expected and received byte counts', () => {
    const err = parseErrorOf(() => parseIdx(VALID.subarray(0, 15), 'short.idx'));
    expect(err.message).toBe('short.idx: truncated uint8 data for shape [2, 3], expected 18 bytes, received "15 bytes"');
    expect(err.expected).toBe('18 bytes');
    expect(err.received).toBe('15 bytes');
  });

  it('rejects trailing bytes', () => {
    const long = new Uint8Array(VALID.length + 2);
    long.set(VALID);
    expect(parseErrorOf(() => parseIdx(long, 'x')).message).toContain('2 trailing bytes');
  });

  it('round-trips every type through encodeIdx, big-endian', () => {
    const arrays = [
      new Uint8Array([0, 7, 255]),
      new Int8Array([-128, 0, 127]),
      new Int16Array([-30000, 1, 30000]),
      new Int32Array([-2e9, 258, 2e9]),
      new Float32Array([-1.5, 0, 3.25]),
      new Float64Array([Math.PI, -0, 1e300]),
    ];
    for (const data of arrays) {
      const back = parseIdx(encodeIdx({ shape: [3], data }), 'rt');
      expect(back.data.constructor).toBe(data.constructor);
      expect(Array.from(back.data)).toEqual(Array.from(data));
    }
    // Big-endian: int32 258 = 00 00 01 02.
    expect(Array.from(encodeIdx({ shape: [1], data: new Int32Array([258]) }).subarray(8))).toEqual([0, 0, 1, 2]);
  });

  it('encodeIdx rejects a shape that does not match the data', () => {
    parseErrorOf(() => encodeIdx({ shape: [2, 2], data: new Uint8Array(3) }));
  });
});

describe('parseMnistPair', () => {
  it('builds a 28 × 28, 10-class dataset', () => {
    const ds = parseMnistPair(...mnistPair(3, [5, 0, 9]));
    expect(ds).toMatchObject({ count: 3, rows: 28, cols: 28, classes: 10 });
    expect(Array.from(ds.labels)).toEqual([5, 0, 9]);
    expect(ds.images.length).toBe(3 * 784);
  });

  it('rejects mismatched counts, labels above 9 and wrong image sizes', () => {
    expect(parseErrorOf(() => parseMnistPair(...mnistPair(3, [1, 2]))).message).toContain('image and label counts differ');
    expect(parseErrorOf(() => parseMnistPair(...mnistPair(2, [1, 10]))).message).toBe('parseMnistPair(labels)[1]: label out of range, expected 0..9, received 10');
    const small = encodeIdx({ shape: [1, 27, 28], data: new Uint8Array(27 * 28) });
    expect(parseErrorOf(() => parseMnistPair(small, mnistPair(1, [0])[1])).message).toContain('expected uint8 [n, 28, 28], received "uint8 [1, 27, 28]"');
  });
});
