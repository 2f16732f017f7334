/**
 * Test support (like ../testing.ts: for every package's tests, never imported by production code).
 * File surgery for the upload security tests: the edits an attacker can make to a real
 * replay (copy its header onto other bytes, rename players) with or without recomputing the
 * section CRCs. Layout (replay-format.md §3): [u32 size][u32 crc][header] [u32 size][u32 crc][content].
 */
import { randomBytes } from 'node:crypto';
import { replayCrc } from '@rlcoach/parser';

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** End of the header section (= start of the content section's size field). */
export function headerEnd(bytes: Uint8Array): number {
  return 8 + view(bytes).getUint32(0, true);
}

/**
 * Make the file's CRCs honest again: the content section is declared to run to the end of the
 * file and both CRCs are recomputed (what an attacker with a CRC routine does after editing).
 */
export function resealed(source: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(source);
  const v = view(bytes);
  const h = headerEnd(bytes);
  v.setUint32(4, replayCrc(bytes, 8, h), true);
  v.setUint32(h, bytes.length - h - 8, true);
  v.setUint32(h + 4, replayCrc(bytes, h + 8, bytes.length), true);
  return bytes;
}

/** A real replay's header followed by `n` random bytes (the content section is garbage). */
export function headerPlusRandom(genuine: Uint8Array, n = 4096): Uint8Array {
  const h = headerEnd(genuine);
  const out = new Uint8Array(h + n);
  out.set(genuine.subarray(0, h));
  out.set(randomBytes(n), h);
  return out;
}

/**
 * Rename a player in the header only (the network stream keeps the real names): every
 * occurrence of `name` in the header, replaced by `replacement` of the same byte length.
 */
export function renamedInHeader(genuine: Uint8Array, name: string, replacement: string): Uint8Array {
  const from = new TextEncoder().encode(name);
  const to = new TextEncoder().encode(replacement);
  if (from.length !== to.length) throw new Error('same-length names only');
  const bytes = new Uint8Array(genuine);
  const h = headerEnd(bytes);
  let hits = 0;
  for (let i = 8; i + from.length <= h; i++) {
    if (from.every((c, k) => bytes[i + k] === c)) {
      bytes.set(to, i);
      hits++;
    }
  }
  if (hits === 0) throw new Error(`"${name}" not found in the header`);
  return bytes;
}
