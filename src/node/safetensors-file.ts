/**
 * Node file helpers for safetensors weights: thin wrappers that read/write a file
 * around the browser-safe encoder/decoder in `src/nn`. Writes are atomic (temp
 * file + rename) so an interrupted save never leaves a half-written file.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomicAsync } from './atomic-file.js';
import { decodeSafetensors, encodeSafetensors, Module, type AnyModule, type SafetensorsContents, type TensorRecord } from '../nn/index.js';

/**
 * Saves a module's state dict, or named tensors, as a safetensors file (F32).
 * @param path file to write (parent folders are created)
 * @param source a module (its `stateDict()`) or name → `{ shape, data }` (Tensors work as is)
 * @param opts `metadata`: string map stored as `__metadata__`
 * @returns resolves when the file is in place
 * @example
 * await saveSafetensors('weights/mlp.safetensors', model, { metadata: { epoch: '3' } });
 */
export async function saveSafetensors(
  path: string,
  source: AnyModule | Readonly<Record<string, TensorRecord>>,
  opts: { metadata?: Readonly<Record<string, string>> } = {},
): Promise<void> {
  const tensors = source instanceof Module ? source.stateDict() : source;
  const bytes = encodeSafetensors(tensors, opts);
  await writeFileAtomicAsync(path, bytes);
}

/**
 * Reads and validates a safetensors file; tensors come back as float32.
 * @param path file to read
 * @returns tensors, metadata and stored dtypes; pass `tensors` to `module.loadStateDict`
 * @throws ParseError for truncated or corrupt files
 * @example
 * model.loadStateDict((await loadSafetensors('weights/mlp.safetensors')).tensors);
 */
export async function loadSafetensors(path: string): Promise<SafetensorsContents> {
  const buf = await readFile(path);
  return decodeSafetensors(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
}
