/**
 * The IDX file format (LeCun's MNIST distribution format): a 4-byte magic number
 * `0x00 0x00 <type> <dims>`, then `dims` big-endian uint32 sizes, then the data,
 * row-major and big-endian. Parsing validates everything and never reads past the
 * input; `encodeIdx` writes the same format (used for the Fashion-MNIST cache).
 *
 * @see http://yann.lecun.com/exdb/mnist/ (format description at the bottom)
 */
import { ParseError } from '../util/index.js';
import { imageDataset, type ImageDataset } from './dataset.js';

/** Element arrays IDX can hold, one per type code. */
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** A parsed IDX file: its shape and its elements, row-major. */
export interface IdxArray {
  /** Sizes of each dimension, outermost first (e.g. `[60000, 28, 28]`). */
  readonly shape: readonly number[];
  /** The elements, `shape` row-major. */
  readonly data: IdxData;
}

interface IdxType {
  readonly code: number;
  readonly name: string;
  readonly bytes: number;
}

const IDX_TYPES: readonly IdxType[] = [
  { code: 0x08, name: 'uint8', bytes: 1 },
  { code: 0x09, name: 'int8', bytes: 1 },
  { code: 0x0b, name: 'int16', bytes: 2 },
  { code: 0x0c, name: 'int32', bytes: 4 },
  { code: 0x0d, name: 'float32', bytes: 4 },
  { code: 0x0e, name: 'float64', bytes: 8 },
];

const SUPPORTED = IDX_TYPES.map((t) => `0x${hex(t.code)} (${t.name})`).join(', ');

function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}

function allocate(code: number, n: number): IdxData {
  switch (code) {
    case 0x0b: return new Int16Array(n);
    case 0x0c: return new Int32Array(n);
    case 0x0d: return new Float32Array(n);
    default: return new Float64Array(n);
  }
}

/** Reads big-endian multi-byte elements (the one-byte types are viewed, not read). */
function decode(view: DataView, offset: number, code: number, n: number): IdxData {
  const out = allocate(code, n);
  const read: (o: number) => number =
    code === 0x0b ? (o) => view.getInt16(o) : code === 0x0c ? (o) => view.getInt32(o) : code === 0x0d ? (o) => view.getFloat32(o) : (o) => view.getFloat64(o);
  const size = out.BYTES_PER_ELEMENT;
  for (let i = 0; i < n; i++) out[i] = read(offset + i * size);
  return out;
}

/**
 * Parses an IDX file.
 *
 * Validates the magic number (two zero bytes, a known type code, at least one
 * dimension), the header length, and that the byte length is exactly header plus
 * `product(shape) * elementSize`: fewer bytes is "truncated", more is "trailing bytes".
 *
 * @param bytes the whole file.
 * @param where the caller or file name, used as the error path.
 * @returns shape and data. For uint8/int8 the data is a view into `bytes` (no copy),
 *   so keep `bytes` unmodified; wider types are decoded into new arrays.
 * @example
 * const { shape, data } = parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]), 'example');
 * // shape = [2], data = Uint8Array [7, 9]
 */
export function parseIdx(bytes: Uint8Array, where: string): IdxArray {
  if (bytes.length < 4) {
    throw new ParseError(where, { what: 'header truncated', expected: 'at least 4 bytes (magic number)', received: `${bytes.length} bytes` });
  }
  const magic = `0x${hex(bytes[0])} 0x${hex(bytes[1])} 0x${hex(bytes[2])} 0x${hex(bytes[3])}`;
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new ParseError(where, { what: 'bad magic number', expected: '0x00 0x00 <type> <dims>', received: magic });
  }
  const code = bytes[2];
  const type = IDX_TYPES.find((t) => t.code === code);
  if (type === undefined) {
    throw new ParseError(where, { what: `unsupported IDX type code 0x${hex(code)}`, expected: SUPPORTED, received: `0x${hex(code)}` });
  }
  const dims = bytes[3];
  if (dims === 0) {
    throw new ParseError(where, { what: 'no dimensions in magic number', expected: 'at least 1 dimension', received: magic });
  }
  const headerBytes = 4 + 4 * dims;
  if (bytes.length < headerBytes) {
    throw new ParseError(where, { what: 'header truncated', expected: `${headerBytes} header bytes for ${dims} dimensions`, received: `${bytes.length} bytes` });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let n = 1;
  for (let d = 0; d < dims; d++) {
    const size = view.getUint32(4 + 4 * d);
    shape.push(size);
    n *= size;
  }
  const expectedBytes = headerBytes + n * type.bytes;
  if (bytes.length < expectedBytes) {
    throw new ParseError(where, { what: `truncated ${type.name} data for shape [${shape.join(', ')}]`, expected: `${expectedBytes} bytes`, received: `${bytes.length} bytes` });
  }
  if (bytes.length > expectedBytes) {
    throw new ParseError(where, {
      what: `${bytes.length - expectedBytes} trailing bytes after ${type.name} data for shape [${shape.join(', ')}]`,
      expected: `${expectedBytes} bytes`,
      received: `${bytes.length} bytes`,
    });
  }
  const start = bytes.byteOffset + headerBytes;
  let data: IdxData;
  if (code === 0x08) data = new Uint8Array(bytes.buffer, start, n);
  else if (code === 0x09) data = new Int8Array(bytes.buffer, start, n);
  else data = decode(view, headerBytes, code, n);
  return { shape, data };
}

function typeOf(data: IdxData): IdxType {
  const name =
    data instanceof Uint8Array ? 'uint8' : data instanceof Int8Array ? 'int8' : data instanceof Int16Array ? 'int16'
      : data instanceof Int32Array ? 'int32' : data instanceof Float32Array ? 'float32' : 'float64';
  return IDX_TYPES.find((t) => t.name === name) as IdxType;
}

/**
 * Writes an array in IDX format (the inverse of {@link parseIdx}).
 *
 * @param array shape (each size a uint32, at most 255 dimensions) and row-major data
 *   whose length equals the product of the shape; the type code follows the array type.
 * @returns the file bytes, big-endian.
 * @example
 * const bytes = encodeIdx({ shape: [2], data: new Uint8Array([7, 9]) }); // 10 bytes
 */
export function encodeIdx(array: IdxArray): Uint8Array {
  const { shape, data } = array;
  const n = shape.reduce((a, b) => a * b, 1);
  if (shape.length === 0 || shape.length > 255 || shape.some((s) => !Number.isInteger(s) || s < 0 || s > 0xffffffff) || n !== data.length) {
    throw new ParseError('encodeIdx(array)', { what: 'shape does not describe the data', expected: `1..255 uint32 sizes with product ${data.length}`, received: shape });
  }
  const type = typeOf(data);
  const headerBytes = 4 + 4 * shape.length;
  const out = new Uint8Array(headerBytes + n * type.bytes);
  const view = new DataView(out.buffer);
  out[2] = type.code;
  out[3] = shape.length;
  shape.forEach((s, d) => view.setUint32(4 + 4 * d, s));
  if (type.bytes === 1) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, n), headerBytes);
    return out;
  }
  const write: (o: number, v: number) => void =
    type.code === 0x0b ? (o, v) => view.setInt16(o, v) : type.code === 0x0c ? (o, v) => view.setInt32(o, v)
      : type.code === 0x0d ? (o, v) => view.setFloat32(o, v) : (o, v) => view.setFloat64(o, v);
  for (let i = 0; i < n; i++) write(headerBytes + i * type.bytes, data[i]);
  return out;
}

/** MNIST-format sizes: 28 × 28 images, 10 classes. */
export const MNIST_FORMAT = Object.freeze({ rows: 28, cols: 28, classes: 10 });

/**
 * Parses an MNIST-format pair of IDX files (`*-images-idx3-ubyte`, `*-labels-idx1-ubyte`)
 * into a dataset, checking that images are uint8 `[n, 28, 28]`, labels uint8 `[n]`
 * with the same `n`, and every label in 0..9. Also used for the Fashion-MNIST cache.
 *
 * @param imagesBytes the images file.
 * @param labelsBytes the labels file.
 * @param where the caller or file name, used as the error path.
 * @returns a dataset whose arrays are views into the given bytes (no copy).
 * @example
 * const train = parseMnistPair(imagesFileBytes, labelsFileBytes); // count 60000
 */
export function parseMnistPair(imagesBytes: Uint8Array, labelsBytes: Uint8Array, where = 'parseMnistPair'): ImageDataset {
  const images = parseIdx(imagesBytes, `${where}(images)`);
  const labels = parseIdx(labelsBytes, `${where}(labels)`);
  const { rows, cols, classes } = MNIST_FORMAT;
  if (!(images.data instanceof Uint8Array) || images.shape.length !== 3 || images.shape[1] !== rows || images.shape[2] !== cols) {
    throw new ParseError(`${where}(images)`, { what: 'not MNIST-format images', expected: `uint8 [n, ${rows}, ${cols}]`, received: `${typeOf(images.data).name} [${images.shape.join(', ')}]` });
  }
  if (!(labels.data instanceof Uint8Array) || labels.shape.length !== 1) {
    throw new ParseError(`${where}(labels)`, { what: 'not MNIST-format labels', expected: 'uint8 [n]', received: `${typeOf(labels.data).name} [${labels.shape.join(', ')}]` });
  }
  if (labels.shape[0] !== images.shape[0]) {
    throw new ParseError(where, { what: 'image and label counts differ', expected: `${images.shape[0]} labels`, received: `${labels.shape[0]} labels` });
  }
  const y = labels.data;
  for (let i = 0; i < y.length; i++) {
    if (y[i] >= classes) {
      throw new ParseError(`${where}(labels)[${i}]`, { what: 'label out of range', expected: `0..${classes - 1}`, received: y[i] });
    }
  }
  return imageDataset({ images: images.data, labels: y, rows, cols, classes });
}
