/** NIR HDF5 files on disk (Node): thin wrappers over the browser-safe `encodeNir` / `decodeNir`. */
import { readFile } from 'node:fs/promises';
import { decodeNir, encodeNir, type NirGraph } from '../mechanisms/spiking/index.js';
import { writeFileAtomicAsync } from './atomic-file.js';

/** Writes `graph` to `path` as a NIR HDF5 file (readable by `nir.read` in Python), atomically: temp file, then rename. */
export async function saveNir(path: string, graph: NirGraph): Promise<void> {
  await writeFileAtomicAsync(path, await encodeNir(graph));
}

/** Reads a NIR HDF5 file (typed errors on malformed files or unsupported node types). */
export async function loadNir(path: string): Promise<NirGraph> {
  return decodeNir(new Uint8Array(await readFile(path)));
}
