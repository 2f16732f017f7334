/**
 * Replay files for the end-to-end test, from the committed demo replays (so the
 * test never skips), plus crafted variants. Expected figures are read from each
 * file's own header with our parser, never typed in by hand.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { matchInfo, parseHeader, replayCrc, type MatchInfo } from '@rlcoach/parser';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DEMO_DIR = path.join(REPO_ROOT, 'worker/fixtures/demo-replays');

export interface ReplayFixture {
  fileName: string;
  bytes: Uint8Array;
  info: MatchInfo;
}

export function demoReplays(): ReplayFixture[] {
  return readdirSync(DEMO_DIR)
    .filter((f) => f.endsWith('.replay'))
    .sort()
    .map((fileName) => fixture(fileName, new Uint8Array(readFileSync(path.join(DEMO_DIR, fileName)))));
}

function fixture(fileName: string, bytes: Uint8Array): ReplayFixture {
  return { fileName, bytes, info: matchInfo(parseHeader(bytes)) };
}

function headerEnd(bytes: Uint8Array): number {
  return 8 + new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
}

/**
 * The same match with a different MatchGuid (one hex digit changed, header CRC
 * recomputed): a new match as far as deduplication knows, byte-identical otherwise,
 * so it parses exactly like the original.
 */
export function withNewMatchGuid(source: ReplayFixture, fileName: string, digit = 'A'): ReplayFixture {
  const guid = source.info.matchGuid;
  if (!guid) throw new Error(`${source.fileName} has no MatchGuid to change`);
  const bytes = source.bytes.slice();
  const end = headerEnd(bytes);
  const at = indexOfAscii(bytes, guid, 8, end);
  if (at < 0) throw new Error(`MatchGuid of ${source.fileName} not found in its header`);
  const last = at + guid.length - 1;
  const replacement = digit.charCodeAt(0) === bytes[last] ? '0' : digit;
  bytes[last] = replacement.charCodeAt(0);
  new DataView(bytes.buffer).setUint32(4, replayCrc(bytes, 8, end), true);
  const copy = fixture(fileName, bytes);
  if (copy.info.matchGuid === guid) throw new Error('MatchGuid did not change');
  return copy;
}

/**
 * A valid header followed by garbage where the content and network stream should be, with the
 * content section's size and CRC made consistent with the garbage: upload checks both CRCs, so
 * only a file whose checksums hold reaches the worker, which must then fail it with a reason.
 */
export function corruptAfterHeader(source: ReplayFixture, fileName: string): ReplayFixture {
  const bytes = source.bytes.slice();
  const end = headerEnd(bytes);
  let seed = 0x2545f491;
  for (let i = end + 8; i < bytes.length; i++) {
    // xorshift: deterministic noise, so a failure reproduces.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    bytes[i] = seed & 0xff;
  }
  const view = new DataView(bytes.buffer);
  view.setUint32(end, bytes.length - end - 8, true);
  view.setUint32(end + 4, replayCrc(bytes, end + 8, bytes.length), true);
  return fixture(fileName, bytes);
}

function indexOfAscii(bytes: Uint8Array, text: string, from: number, to: number): number {
  const needle = Array.from(text, (c) => c.charCodeAt(0));
  outer: for (let i = from; i <= to - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
