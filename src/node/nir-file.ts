/**
 * NIR HDF5 files on disk (Node): `saveNir` wraps the browser-safe `encodeNir`;
 * `loadNir` checks the file size, then decodes in a worker thread with a time
 * limit (see `nir-worker.ts`), so a corrupt file cannot hang the process.
 */
import { readFile, stat } from 'node:fs/promises';
import { encodeNir, NIR_DECODE_DEFAULTS, type NirGraph } from '../spiking/index.js';
import { LimitError } from '../util/index.js';
import { writeFileAtomicAsync } from './atomic-file.js';
import { decodeNirSafe, type NirReaderOptions } from './nir-worker.js';

/** Writes `graph` to `path` as a NIR HDF5 file (readable by `nir.read` in Python), atomically: temp file, then rename. */
export async function saveNir(path: string, graph: NirGraph): Promise<void> {
  await writeFileAtomicAsync(path, await encodeNir(graph));
}

/**
 * Reads a NIR HDF5 file in a worker thread that is stopped if it takes longer
 * than `timeoutMs`.
 * @param path the file
 * @param options `timeoutMs` (default 10 s) and `maxBytes` (default 256 MiB, checked before the file is read)
 * @returns the validated graph
 * @throws LimitError (`limit_exceeded`, naming the path and the option to raise) when the file is too large or too slow to read;
 *   ParseError / NeuroError on malformed files or unsupported node types
 * @example
 * const graph = await loadNir('nets/detector.nir', { timeoutMs: 30_000 });
 */
export async function loadNir(path: string, options: NirReaderOptions = {}): Promise<NirGraph> {
  const where = `loadNir(${JSON.stringify(path)})`;
  const maxBytes = options.maxBytes ?? NIR_DECODE_DEFAULTS.maxBytes;
  const { size } = await stat(path);
  if (size > maxBytes) throw new LimitError(where, { what: 'file size in bytes', limit: maxBytes, requested: size, raise: 'loadNir(path, { maxBytes })' });
  const buf = await readFile(path);
  return decodeNirSafe(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), { ...options, where });
}
