/**
 * The safetensors weight format, browser-safe (bytes in, bytes out; the Node file
 * helpers live in `neuromorph/node`). Layout: an 8-byte little-endian u64 header
 * length N, N bytes of UTF-8 JSON (padded with spaces to a multiple of 8), then the
 * raw little-endian tensor bytes. The header maps each tensor name to
 * `{ dtype, shape, data_offsets: [begin, end) }` (offsets relative to the byte
 * buffer after the header) plus an optional `__metadata__` string map.
 *
 * The encoder writes F32, tensors sorted by name (as Python's `safetensors` does
 * for a single dtype). The decoder validates everything and converts F64, F16,
 * BF16 and integer/bool tensors to Float32Array.
 *
 * @see https://github.com/huggingface/safetensors#format
 */
import { ArgumentError, ParseError } from '../util/index.js';
import type { TensorRecord } from './module.js';

/** Header length limit, as in the reference Rust implementation (100 MB). */
export const SAFETENSORS_MAX_HEADER_BYTES = 100_000_000;

/** A decoded safetensors file: tensors as Float32Array plus the metadata. */
export interface SafetensorsContents {
  /** Name → shape and data (converted to float32). */
  tensors: Record<string, { shape: number[]; data: Float32Array }>;
  /** The `__metadata__` string map (empty if absent). */
  metadata: Record<string, string>;
  /** Name → dtype as stored in the file (e.g. `'F64'` before conversion). */
  dtypes: Record<string, string>;
}

type Reader = (v: DataView, byteOffset: number) => number;

const f16Scratch = new DataView(new ArrayBuffer(4));

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Element size in bytes and a little-endian reader per supported dtype. */
const DTYPES: Record<string, [number, Reader]> = {
  F64: [8, (v, o) => v.getFloat64(o, true)],
  F32: [4, (v, o) => v.getFloat32(o, true)],
  F16: [2, (v, o) => halfToFloat(v.getUint16(o, true))],
  BF16: [2, (v, o) => (f16Scratch.setUint32(0, v.getUint16(o, true) << 16, true), f16Scratch.getFloat32(0, true))],
  I64: [8, (v, o) => Number(v.getBigInt64(o, true))],
  I32: [4, (v, o) => v.getInt32(o, true)],
  I16: [2, (v, o) => v.getInt16(o, true)],
  I8: [1, (v, o) => v.getInt8(o)],
  U8: [1, (v, o) => v.getUint8(o)],
  BOOL: [1, (v, o) => (v.getUint8(o) !== 0 ? 1 : 0)],
};

/**
 * Serialises tensors to safetensors bytes (dtype F32).
 * @param tensors name → `{ shape, data }`; a `Module.stateDict()` or a record of Tensors works as is
 * @param opts `metadata`: free-form string map stored as `__metadata__`
 * @returns the file bytes
 * @example
 * const bytes = encodeSafetensors(model.stateDict(), { metadata: { format: 'pt' } });
 */
export function encodeSafetensors(
  tensors: Readonly<Record<string, TensorRecord>>,
  opts: { metadata?: Readonly<Record<string, string>> } = {},
): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = {};
  if (opts.metadata !== undefined) {
    const meta: Record<string, string> = {};
    for (const k of Object.keys(opts.metadata).sort()) {
      const v = opts.metadata[k];
      if (typeof v !== 'string') throw new ArgumentError(`encodeSafetensors(metadata.${k})`, { what: 'metadata values must be strings', expected: 'string', received: typeof v });
      meta[k] = v;
    }
    header.__metadata__ = meta;
  }
  let offset = 0;
  for (const name of names) {
    const t = tensors[name]!;
    const where = `encodeSafetensors(tensors["${name}"])`;
    if (name === '__metadata__' || name === '') throw new ArgumentError(where, { what: 'reserved or empty tensor name', expected: 'another name', received: name });
    if (!t.shape.every((d) => Number.isInteger(d) && d >= 0)) throw new ArgumentError(where, { what: 'bad shape', expected: 'non-negative integers', received: t.shape });
    const numel = t.shape.reduce((a, b) => a * b, 1);
    if (numel !== t.data.length) throw new ArgumentError(where, { what: 'data length does not match shape', expected: numel, received: t.data.length });
    header[name] = { dtype: 'F32', shape: [...t.shape], data_offsets: [offset, offset + 4 * numel] };
    offset += 4 * numel;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const n = json.length + ((8 - (json.length % 8)) % 8);
  const out = new Uint8Array(8 + n + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, n, true); // u64 little-endian: n < 2^32, high word stays 0
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + n);
  let pos = 8 + n;
  for (const name of names) {
    for (const x of tensors[name]!.data) {
      view.setFloat32(pos, x, true);
      pos += 4;
    }
  }
  return out;
}

function fail(what: string, expected: unknown, received: unknown): never {
  throw new ParseError('decodeSafetensors(bytes)', { what, expected, received });
}

function parseHeader(bytes: Uint8Array): [Record<string, unknown>, number] {
  if (bytes.length < 8) fail('truncated file: no header length', '>= 8 bytes', bytes.length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lo = view.getUint32(0, true), hi = view.getUint32(4, true);
  const n = hi * 2 ** 32 + lo;
  if (n > SAFETENSORS_MAX_HEADER_BYTES) fail('header length too large', `<= ${SAFETENSORS_MAX_HEADER_BYTES}`, n);
  if (8 + n > bytes.length) fail('truncated file: header runs past the end', `<= ${bytes.length - 8} header bytes`, n);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    fail('header is not valid UTF-8', 'UTF-8 JSON', `${n} bytes`);
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail('header is not valid JSON', 'a JSON object', (e as Error).message);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header is not a JSON object', 'an object', typeof header);
  return [header as Record<string, unknown>, 8 + n];
}

function parseMetadata(raw: unknown): Record<string, string> {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('__metadata__ is not an object', 'a string map', raw);
  for (const [k, v] of Object.entries(raw)) if (typeof v !== 'string') fail(`__metadata__.${k} is not a string`, 'string', v);
  return { ...(raw as Record<string, string>) };
}

const isIndex = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

/**
 * Parses and validates safetensors bytes: header length bounds, UTF-8 JSON,
 * supported dtypes, offsets inside the buffer, byte sizes matching shapes, no two
 * tensors overlapping.
 * @param bytes the whole file
 * @returns tensors (as float32), metadata and the stored dtypes
 * @throws ParseError naming the problem (truncated, corrupt, unsupported dtype)
 * @example
 * const { tensors } = decodeSafetensors(bytes);
 * model.loadStateDict(tensors);
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsContents {
  const [header, dataStart] = parseHeader(bytes);
  const bufLen = bytes.length - dataStart;
  const view = new DataView(bytes.buffer, bytes.byteOffset + dataStart, bufLen);
  // Null-prototype tables: a tensor named __proto__ or constructor is a plain name.
  const result: SafetensorsContents = { tensors: Object.create(null) as SafetensorsContents['tensors'], metadata: parseMetadata(header.__metadata__), dtypes: Object.create(null) as Record<string, string> };
  const spans: [number, number, string][] = [];
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const e = info as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
    if (typeof e !== 'object' || e === null) fail(`entry "${name}" is not an object`, '{ dtype, shape, data_offsets }', e);
    const { dtype, shape, data_offsets: offs } = e;
    if (typeof dtype !== 'string') fail(`"${name}".dtype is not a string`, 'a dtype like "F32"', dtype);
    const spec = Object.hasOwn(DTYPES, dtype) ? DTYPES[dtype] : undefined;
    if (spec === undefined) fail(`"${name}" has unsupported dtype ${dtype}`, Object.keys(DTYPES).join(' | '), dtype);
    if (!Array.isArray(shape) || !shape.every(isIndex)) fail(`"${name}".shape is invalid`, 'an array of non-negative integers', shape);
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every(isIndex)) fail(`"${name}".data_offsets is invalid`, '[begin, end]', offs);
    const [begin, end] = offs as [number, number];
    if (begin > end || end > bufLen) fail(`"${name}".data_offsets out of range`, `0 <= begin <= end <= ${bufLen}`, offs);
    const numel = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end - begin !== numel * spec[0]) fail(`"${name}" byte size does not match shape and dtype`, numel * spec[0], end - begin);
    const data = new Float32Array(numel);
    const read = spec[1];
    for (let i = 0, o = begin; i < numel; i++, o += spec[0]) data[i] = read(view, o);
    result.tensors[name] = { shape: [...(shape as number[])], data };
    result.dtypes[name] = dtype;
    spans.push([begin, end, name]);
  }
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (let i = 1; i < spans.length; i++) {
    const [b, , name] = spans[i]!, [, prevEnd, prev] = spans[i - 1]!;
    if (b < prevEnd) fail(`tensors "${prev}" and "${name}" overlap`, `"${name}" to begin at >= ${prevEnd}`, b);
  }
  return result;
}
