/**
 * Resident storage: typed arrays that live inside the kernels' shared
 * `WebAssembly.Memory`, so a kernel reads and writes them in place instead of
 * copying them into its heap and back. Only a *shared* memory can do this: when
 * it grows, old views stay valid (a plain memory detaches its old buffer).
 *
 * Layout of the memory: [page 0: the module's data][control block][resident
 * blocks, up to `top`][staging from `top` to the end]. Staging is per call
 * (operands that are not resident, scratch); resident blocks are carved from
 * power-of-two size classes (64 B up) and reused through per-class free lists.
 *
 * Lifetime: a resident block is returned to its free list when its view is
 * garbage collected (a FinalizationRegistry, so only once the host's event loop
 * has turned) or by an explicit {@link ResidentHeap.free}. JS cannot see when a
 * view dies inside one long synchronous loop, so residency is for long-lived
 * storage (parameters, optimizer state), never for per-op results; and at most
 * `maxBytes` are handed out: past that, callers get ordinary arrays, which every
 * kernel still accepts (they are staged, as before).
 */

/** The array types resident storage hands out. */
export type ResidentView = Float32Array | Float64Array | Int32Array | Uint8Array;

/** A constructor of one of them (`Float64Array`, …). */
export interface ResidentType<T extends ResidentView> {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/** Smallest block: one cache line. */
const MIN_BLOCK = 64;

/** The resident allocator over one shared memory. */
export class ResidentHeap {
  /** First byte after the last resident block: staging starts here. */
  private topByte: number;
  private readonly freeLists = new Map<number, number[]>();
  /** Every ArrayBuffer object the memory has exposed (a grown shared memory hands out a new one). */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private readonly finalizer: FinalizationRegistry<number> | null;
  /** Bytes in blocks handed out and not yet returned. */
  private live = 0;

  /**
   * @param memory the kernels' memory; must be shared
   * @param startByte first byte the allocator may use (64-aligned)
   * @param maxBytes most bytes resident at once (beyond it {@link alloc} returns null)
   */
  constructor(private readonly memory: WebAssembly.Memory, startByte: number, readonly maxBytes: number) {
    this.topByte = startByte;
    this.buffers.add(memory.buffer);
    const FR = (globalThis as { FinalizationRegistry?: typeof FinalizationRegistry }).FinalizationRegistry;
    this.finalizer = FR === undefined ? null : new FR<number>((token) => this.release(token));
  }

  /** First byte of the staging area (moves up when a block is carved from fresh memory). */
  get top(): number {
    return this.topByte;
  }

  /** Bytes currently resident (for tests and diagnostics). */
  get liveBytes(): number {
    return this.live;
  }

  /** Notes the memory's current buffer object (call after it grew). */
  noteBuffer(): void {
    this.buffers.add(this.memory.buffer);
  }

  /**
   * @returns the byte offset of `a` in the memory when `a` is a view of it (resident), else -1
   */
  offsetOf(a: ArrayBufferView): number {
    return this.buffers.has(a.buffer) ? a.byteOffset : -1;
  }

  /**
   * A zero-filled resident array of `n` elements of `type`, or null when the resident budget is spent.
   * @param n elements, ≥ 0
   * @param grow grows the memory to at least the given byte count
   * @param type the array type (default Float32Array)
   */
  alloc<T extends ResidentView = Float32Array>(n: number, grow: (bytes: number) => void, type: ResidentType<T> = Float32Array as unknown as ResidentType<T>): T | null {
    const bytes = blockBytes(type.BYTES_PER_ELEMENT * n);
    if (this.live + bytes > this.maxBytes) return null;
    const list = this.freeLists.get(bytes);
    let off = list?.pop();
    if (off === undefined) {
      off = this.topByte;
      grow(off + bytes);
      this.noteBuffer();
      this.topByte = off + bytes;
    }
    this.live += bytes;
    const view = new type(this.memory.buffer, off, n);
    view.fill(0); // a reused block holds old values, fresh memory above `top` old staging data
    // token: offset and class packed losslessly (offsets and sizes are multiples of 64 below 2^32)
    this.finalizer?.register(view, off * 2 ** 6 + Math.log2(bytes), view);
    return view;
  }

  /** Returns `view`'s block now (it must not be used afterwards). */
  free(view: ResidentView): void {
    const off = this.offsetOf(view);
    if (off < 0) return;
    if (this.finalizer !== null && !this.finalizer.unregister(view)) return; // already returned
    this.release(off * 2 ** 6 + Math.log2(blockBytes(view.byteLength)));
  }

  private release(token: number): void {
    const log = token % 64, off = (token - log) / 64, bytes = 2 ** log;
    this.live -= bytes;
    const list = this.freeLists.get(bytes);
    if (list === undefined) this.freeLists.set(bytes, [off]);
    else list.push(off);
  }
}

/** Block size for `bytes`: the next power of two, at least {@link MIN_BLOCK}. */
function blockBytes(bytes: number): number {
  let b = MIN_BLOCK;
  while (b < bytes) b *= 2;
  return b;
}
