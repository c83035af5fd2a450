/**
 * The paper's application example: network packets as spatial patterns. A
 * packet header of B bytes is encoded on 16·B input lines, two per bit (line 2b
 * when bit b is 1, line 2b+1 when 0), so every packet activates exactly 8·B
 * lines and Hamming distance between encodings is twice the bit distance.
 * Synthetic, seeded stream: a few flow types with fixed header fields
 * (protocol, destination port, TCP flags, TTL, length class) and a random
 * source-port byte per packet, plus unknown packets with random headers.
 */
import type { Rng } from '../../src/util/index.js';

/** Header bytes: protocol, dstPort hi, dstPort lo, flags, TTL, length class, srcPort lo (random per packet). */
export const HEADER_BYTES = 7;

/** Flow types: name and the six fixed header bytes. */
export const FLOWS: readonly { readonly name: string; readonly bytes: readonly number[] }[] = [
  { name: 'web', bytes: [6, 0x00, 0x50, 0x18, 64, 0xa0] }, // TCP :80 PSH|ACK
  { name: 'dns', bytes: [17, 0x00, 0x35, 0x00, 128, 0x03] }, // UDP :53
  { name: 'ssh', bytes: [6, 0x00, 0x16, 0x10, 255, 0x0c] }, // TCP :22 ACK
  { name: 'ntp', bytes: [17, 0x00, 0x7b, 0x00, 52, 0x30] }, // UDP :123
];

/** A packet of flow `flow` (or -1: unknown, all bytes random). */
export function makePacket(flow: number, rng: Rng): number[] {
  if (flow < 0) return Array.from({ length: HEADER_BYTES }, () => rng.int(0, 256));
  return [...FLOWS[flow]!.bytes, rng.int(0, 256)];
}

/** Input lines active for a header (two lines per bit). */
export function encodePacket(bytes: readonly number[]): number[] {
  const lines: number[] = [];
  bytes.forEach((b, k) => {
    for (let bit = 0; bit < 8; bit++) lines.push(2 * (8 * k + bit) + ((b >> bit) & 1 ? 0 : 1));
  });
  return lines;
}
