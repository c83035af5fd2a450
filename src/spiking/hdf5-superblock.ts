/**
 * Cheap structural checks of an HDF5 file's superblock, run before h5wasm opens
 * the file: the signature at byte 0, a superblock version HDF5 knows (0–3), the
 * sizes of offsets and lengths (2, 4 or 8 bytes), base address 0, and the
 * end-of-file, root object header, extension / free-space and driver-info
 * addresses inside the file. Every file HDF5 writes without a user block passes
 * (h5wasm writes superblock v2, h5py's default, as used by Python's `nir`, v0).
 * These checks give clear errors for truncated or corrupt headers; they cannot
 * find damage deeper in the file (B-trees, heaps), so they do not make reading
 * untrusted files safe on their own: see `decodeNir`.
 * @see https://support.hdfgroup.org/HDF5/doc/H5.format.html#Superblock (HDF5 file format specification, "Level 0A: Format Signature and Superblock")
 */
import { ParseError } from '../util/index.js';

const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** What the superblock says about the file (addresses as bigint; `undefined` = HDF5's undefined address). */
export interface Hdf5Superblock {
  readonly version: number;
  readonly sizeOfOffsets: number;
  readonly sizeOfLengths: number;
  /** Bytes the superblock itself takes (the root group's header starts at or after it). */
  readonly superblockBytes: number;
  readonly baseAddress: bigint | undefined;
  readonly endOfFileAddress: bigint | undefined;
  readonly rootObjectHeaderAddress: bigint | undefined;
  /** Superblock extension (v2/v3) or free-space info slot (v0/v1). */
  readonly extensionAddress: bigint | undefined;
  /** Driver information block (v0/v1 only). */
  readonly driverInfoAddress: bigint | undefined;
}

/** Little-endian unsigned integer of `size` bytes at `at`; all bits set (HDF5's "undefined address") gives undefined. */
function readAddress(bytes: Uint8Array, at: number, size: number): bigint | undefined {
  let v = 0n;
  let allOnes = true;
  for (let k = size - 1; k >= 0; k--) {
    const b = bytes[at + k]!;
    if (b !== 0xff) allOnes = false;
    v = (v << 8n) | BigInt(b);
  }
  return allOnes ? undefined : v;
}

function fail(where: string, what: string, expected: unknown, received: unknown): never {
  throw new ParseError(`${where}: HDF5 superblock`, { what, expected, received });
}

function need(bytes: Uint8Array, n: number, where: string): void {
  if (bytes.length < n) fail(where, 'the file ends inside the superblock (truncated?)', `at least ${n} bytes`, bytes.length);
}

/**
 * Parses the superblock at byte 0 (no user block). Throws `ParseError` on a
 * missing signature, an unknown version, unsupported field sizes or a short file;
 * it does not check addresses (see {@link checkHdf5Superblock}).
 */
export function readHdf5Superblock(bytes: Uint8Array, where = 'HDF5 file'): Hdf5Superblock {
  if (bytes.length < 8 || HDF5_MAGIC.some((b, i) => bytes[i] !== b)) fail(where, 'not an HDF5 file', 'the HDF5 signature', Array.from(bytes.subarray(0, 8)));
  need(bytes, 16, where);
  const version = bytes[8]!;
  if (version > 3) fail(where, 'unknown superblock version', '0, 1, 2 or 3', version);
  const old = version < 2;
  const sizeOfOffsets = old ? bytes[13]! : bytes[9]!;
  const sizeOfLengths = old ? bytes[14]! : bytes[10]!;
  for (const [name, s] of [['offsets', sizeOfOffsets], ['lengths', sizeOfLengths]] as const) {
    if (s !== 2 && s !== 4 && s !== 8) fail(where, `unsupported size of ${name}`, '2, 4 or 8 bytes', s);
  }
  const o = sizeOfOffsets;
  if (!old) {
    // v2/v3: base, extension, end of file, root object header, checksum.
    const superblockBytes = 12 + 4 * o + 4;
    need(bytes, superblockBytes, where);
    const at = (k: number): bigint | undefined => readAddress(bytes, 12 + k * o, o);
    return { version, sizeOfOffsets, sizeOfLengths, superblockBytes, baseAddress: at(0), extensionAddress: at(1), endOfFileAddress: at(2), rootObjectHeaderAddress: at(3), driverInfoAddress: undefined };
  }
  // v0/v1: hard-wired versions of the free-space, root entry and shared-header formats.
  if (bytes[9] !== 0 || bytes[10] !== 0 || bytes[12] !== 0) fail(where, 'bad format version of the free-space, root entry or shared-header info', [0, 0, 0], [bytes[9], bytes[10], bytes[12]]);
  const start = version === 0 ? 24 : 28;
  // base, free-space / extension, end of file, driver info, then the root group
  // symbol table entry (link name offset, object header address, cache type,
  // reserved, 16-byte scratch pad).
  const superblockBytes = start + 4 * o + 2 * o + 24;
  need(bytes, superblockBytes, where);
  const at = (k: number): bigint | undefined => readAddress(bytes, start + k * o, o);
  return { version, sizeOfOffsets, sizeOfLengths, superblockBytes, baseAddress: at(0), extensionAddress: at(1), endOfFileAddress: at(2), driverInfoAddress: at(3), rootObjectHeaderAddress: at(5) };
}

/**
 * Checks the superblock of `bytes` before an HDF5 library reads the file:
 * {@link readHdf5Superblock}, then base address 0, the end-of-file address
 * defined and at most the byte length (HDF5 itself refuses a shorter file),
 * and the root object header, extension and driver-info addresses past the
 * superblock and before the end of the file.
 * @returns the parsed superblock
 * @throws ParseError naming the field, what was expected and what was found
 */
export function checkHdf5Superblock(bytes: Uint8Array, where = 'HDF5 file'): Hdf5Superblock {
  const sb = readHdf5Superblock(bytes, where);
  if (sb.baseAddress !== 0n) fail(where, 'base address is not 0 (the superblock is at byte 0)', 0, sb.baseAddress === undefined ? 'undefined' : Number(sb.baseAddress));
  const eof = sb.endOfFileAddress;
  if (eof === undefined || eof < BigInt(sb.superblockBytes)) fail(where, 'bad end-of-file address', `${sb.superblockBytes} to ${bytes.length}`, eof === undefined ? 'undefined' : Number(eof));
  if (eof > BigInt(bytes.length)) fail(where, 'the file is shorter than its end-of-file address (truncated?)', `${eof} bytes`, bytes.length);
  const inside = (name: string, a: bigint | undefined, optional: boolean): void => {
    if (a === undefined ? optional : a >= BigInt(sb.superblockBytes) && a < eof) return;
    fail(where, `${name} address outside the file`, `${optional ? 'undefined or ' : ''}${sb.superblockBytes} to ${eof - 1n}`, a === undefined ? 'undefined' : Number(a));
  };
  inside('root group object header', sb.rootObjectHeaderAddress, false);
  inside(sb.version < 2 ? 'free-space info' : 'superblock extension', sb.extensionAddress, true);
  inside('driver information block', sb.driverInfoAddress, true);
  return sb;
}
