import h5wasm from 'h5wasm';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../util/index.js';
import { checkHdf5Superblock, readHdf5Superblock } from './hdf5-superblock.js';

type Superblock = 'v0' | 'v2' | 'v3';
/** Format bounds that make HDF5 write each superblock version (v0 is what h5py writes by default). */
const LIBVER: Record<Superblock, 'v108' | 'latest' | ['earliest', 'v108']> = { v0: ['earliest', 'v108'], v2: 'v108', v3: 'latest' };

/** A small HDF5 file written by h5wasm with the given superblock version. */
async function h5File(version: Superblock): Promise<Uint8Array> {
  const { FS } = await h5wasm.ready;
  const path = `/superblock-${version}.h5`;
  const f = new h5wasm.File(path, 'w', { libver: LIBVER[version] });
  f.create_dataset({ name: 'x', data: new Float64Array([1, 2, 3]) });
  f.create_group('g').create_dataset({ name: 'name', data: 'value' });
  f.close();
  const bytes = FS.readFile(path).slice();
  FS.unlink(path);
  return bytes;
}

/** A copy of `bytes` with a little-endian unsigned integer of `size` bytes written at `at`. */
function withUint(bytes: Uint8Array, at: number, size: number, v: bigint): Uint8Array {
  const b = bytes.slice();
  for (let k = 0; k < size; k++) b[at + k] = Number((v >> BigInt(8 * k)) & 0xffn);
  return b;
}

const UNDEF = 2n ** 64n - 1n;

describe('HDF5 superblock checks', () => {
  it('accept the files HDF5 writes: superblock v0 (h5py default), v2 (h5wasm default) and v3', async () => {
    for (const [name, version] of [['v0', 0], ['v2', 2], ['v3', 3]] as const) {
      const bytes = await h5File(name);
      const sb = checkHdf5Superblock(bytes);
      expect(sb.version).toBe(version);
      expect(sb.sizeOfOffsets).toBe(8);
      expect(sb.endOfFileAddress).toBe(BigInt(bytes.length));
      expect(sb.rootObjectHeaderAddress! >= BigInt(sb.superblockBytes)).toBe(true);
    }
  });

  it('reject a missing signature, an unknown version, odd field sizes and a short superblock', async () => {
    const v2 = await h5File('v2');
    expect(() => checkHdf5Superblock(new Uint8Array([1, 2, 3]))).toThrow(/not an HDF5 file/);
    expect(() => checkHdf5Superblock(withUint(v2, 8, 1, 4n))).toThrow(/unknown superblock version, expected 0, 1, 2 or 3, received 4/);
    expect(() => checkHdf5Superblock(withUint(v2, 9, 1, 3n))).toThrow(/unsupported size of offsets/);
    expect(() => checkHdf5Superblock(withUint(v2, 10, 1, 0n))).toThrow(/unsupported size of lengths/);
    expect(() => checkHdf5Superblock(v2.slice(0, 30))).toThrow(/ends inside the superblock/);
    const v0 = await h5File('v0');
    expect(() => checkHdf5Superblock(withUint(v0, 13, 1, 16n))).toThrow(/unsupported size of offsets/);
    expect(() => checkHdf5Superblock(withUint(v0, 12, 1, 1n))).toThrow(/bad format version/);
    expect(() => checkHdf5Superblock(v0.slice(0, 80))).toThrow(ParseError);
  });

  it('reject a nonzero base address, a truncated file and addresses outside the file (v2 layout)', async () => {
    const v2 = await h5File('v2');
    const n = BigInt(v2.length);
    expect(() => checkHdf5Superblock(withUint(v2, 12, 8, 512n))).toThrow(/base address is not 0/);
    expect(() => checkHdf5Superblock(v2.slice(0, v2.length - 1))).toThrow(/shorter than its end-of-file address \(truncated\?\), expected \d+ bytes, received \d+/);
    expect(() => checkHdf5Superblock(withUint(v2, 28, 8, UNDEF))).toThrow(/bad end-of-file address/);
    expect(() => checkHdf5Superblock(withUint(v2, 36, 8, n))).toThrow(/root group object header address outside the file/);
    expect(() => checkHdf5Superblock(withUint(v2, 36, 8, 8n))).toThrow(/root group object header address outside the file/);
    expect(() => checkHdf5Superblock(withUint(v2, 36, 8, UNDEF))).toThrow(/root group object header/);
    expect(() => checkHdf5Superblock(withUint(v2, 20, 8, n + 10n))).toThrow(/superblock extension address outside the file/);
    // A file with trailing bytes past its end-of-file address is still readable by HDF5.
    expect(() => checkHdf5Superblock(Uint8Array.from([...v2, 0, 0, 0]))).not.toThrow();
  });

  it('reject addresses outside the file (v0 layout: free-space, end of file, driver info, root entry)', async () => {
    const v0 = await h5File('v0');
    const sb = readHdf5Superblock(v0);
    expect(sb.superblockBytes).toBe(96);
    expect(sb.extensionAddress).toBeUndefined();
    expect(sb.driverInfoAddress).toBeUndefined();
    expect(() => checkHdf5Superblock(withUint(v0, 32, 8, 2n ** 40n))).toThrow(/free-space info address outside the file/);
    expect(() => checkHdf5Superblock(withUint(v0, 40, 8, BigInt(v0.length) + 1n))).toThrow(/truncated/);
    expect(() => checkHdf5Superblock(withUint(v0, 48, 8, 3n))).toThrow(/driver information block address outside the file/);
    expect(() => checkHdf5Superblock(withUint(v0, 64, 8, BigInt(v0.length)))).toThrow(/root group object header address outside the file/);
  });
});
