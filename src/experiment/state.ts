/**
 * JSON with typed arrays, for checkpoints. `encodeState` replaces every typed
 * array by `{ "$typed": "Float32Array", "base64": "…" }` (raw little-endian bytes,
 * so floats round-trip bit-exactly) and every non-finite number by
 * `{ "$num": "NaN" | "Infinity" | "-Infinity" }`; `decodeState` undoes both.
 * Browser-safe: base64 goes through the global `btoa` / `atob`.
 */
import { ParseError } from '../util/index.js';

/** Names of the typed arrays a checkpoint can hold. */
export type TypedArrayName = 'Float32Array' | 'Float64Array' | 'Int8Array' | 'Int16Array' | 'Int32Array' | 'Uint8Array' | 'Uint8ClampedArray' | 'Uint16Array' | 'Uint32Array';

/** Any typed array a checkpoint can hold. */
export type TypedArray = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint8ClampedArray | Uint16Array | Uint32Array;

const TYPED: { readonly [K in TypedArrayName]: { new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): TypedArray; readonly BYTES_PER_ELEMENT: number } } = {
  Float32Array,
  Float64Array,
  Int8Array,
  Int16Array,
  Int32Array,
  Uint8Array,
  Uint8ClampedArray,
  Uint16Array,
  Uint32Array,
};

const CHUNK = 0x8000; // String.fromCharCode.apply argument limit stays well below engine caps

/** Base64 of the bytes of a typed array (platform byte order; little-endian in practice). */
export function typedArrayToBase64(arr: TypedArray): string {
  const bytes = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
  let bin = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return btoa(bin);
}

/**
 * Decodes {@link typedArrayToBase64} output into a fresh typed array.
 * @throws ParseError when the byte count is not a multiple of the element size.
 */
export function base64ToTypedArray(name: TypedArrayName, base64: string): TypedArray {
  const Ctor = TYPED[name];
  const bin = atob(base64);
  if (bin.length % Ctor.BYTES_PER_ELEMENT !== 0) {
    throw new ParseError(`decodeState(${name})`, { what: 'truncated data', expected: `a multiple of ${Ctor.BYTES_PER_ELEMENT} bytes`, received: bin.length });
  }
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Ctor(bytes.buffer);
}

function typedName(v: ArrayBufferView): TypedArrayName | undefined {
  const name = v.constructor.name;
  return Object.prototype.hasOwnProperty.call(TYPED, name) ? (name as TypedArrayName) : undefined;
}

/**
 * Turns a state with typed arrays into plain JSON values.
 * @param value numbers, strings, booleans, null, arrays, plain objects and typed arrays.
 * @returns a value `JSON.stringify` keeps intact.
 * @throws ParseError on values JSON cannot hold (functions, bigints, DataView).
 * @example
 * JSON.stringify(encodeState({ w: new Float32Array([1, 2]) }));
 */
export function encodeState(value: unknown, path = 'state'): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $num: String(value) };
  if (ArrayBuffer.isView(value)) {
    const name = typedName(value);
    if (!name) throw new ParseError(path, { what: 'unsupported binary view', expected: 'a typed array', received: value.constructor.name });
    return { $typed: name, base64: typedArrayToBase64(value as TypedArray) };
  }
  if (Array.isArray(value)) return value.map((v, i) => encodeState(v, `${path}[${i}]`));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = encodeState(v, `${path}.${k}`);
    return out;
  }
  throw new ParseError(path, { what: 'not JSON-able', expected: 'numbers, strings, arrays, objects or typed arrays', received: typeof value });
}

/**
 * Inverse of {@link encodeState}: restores typed arrays and non-finite numbers.
 * @throws ParseError on an unknown `$typed` tag or malformed base64.
 */
export function decodeState(value: unknown, path = 'state'): unknown {
  if (Array.isArray(value)) return value.map((v, i) => decodeState(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  if (typeof obj.$typed === 'string' && typeof obj.base64 === 'string') {
    if (!Object.prototype.hasOwnProperty.call(TYPED, obj.$typed)) {
      throw new ParseError(path, { what: 'unknown typed array', expected: `one of ${Object.keys(TYPED).join(', ')}`, received: obj.$typed });
    }
    try {
      return base64ToTypedArray(obj.$typed as TypedArrayName, obj.base64);
    } catch (err) {
      if (err instanceof ParseError) throw err;
      throw new ParseError(path, { what: 'malformed base64', expected: 'base64 text', received: obj.base64.slice(0, 20) });
    }
  }
  if (typeof obj.$num === 'string' && Object.keys(obj).length === 1) return Number(obj.$num);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = decodeState(v, `${path}.${k}`);
  return out;
}

/** `JSON.stringify(encodeState(value))`. */
export function stringifyState(value: unknown): string {
  return JSON.stringify(encodeState(value));
}

/**
 * `decodeState(JSON.parse(text))`.
 * @throws ParseError when `text` is not valid JSON (e.g. a truncated file).
 */
export function parseState<T = unknown>(text: string, where = 'parseState'): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ParseError(where, { what: 'invalid JSON', expected: 'a JSON document', received: (err as Error).message });
  }
  return decodeState(json) as T;
}
