/**
 * Fixtures for the dashboard e2e: the same demo match re-dated (header MatchStartEpoch moved,
 * MatchGuid changed, header CRC recomputed), so two "matches" sit a known gap apart and the
 * session-gap setting visibly regroups them. Byte-identical otherwise, so both parse fully.
 */
import { matchInfo, parseHeader, replayCrc } from '@rlcoach/parser';
import { withNewMatchGuid, type ReplayFixture } from './fixtures';

function headerEnd(bytes: Uint8Array): number {
  return 8 + new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
}

export function withMatchStart(
  source: ReplayFixture,
  fileName: string,
  shiftSeconds: number,
  guidDigit: string,
): ReplayFixture {
  const played = source.info.playedAt;
  if (!played) throw new Error(`${source.fileName} has no MatchStartEpoch`);
  const base = withNewMatchGuid(source, fileName, guidDigit);
  const bytes = base.bytes.slice();
  const end = headerEnd(bytes);
  const epoch = BigInt(Math.round(Date.parse(played) / 1000));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The u64 value follows the key 'MatchStartEpoch': find the first little-endian match after it.
  const key = new TextEncoder().encode('MatchStartEpoch');
  let at = -1;
  outer: for (let i = 8; i < end - key.length; i++) {
    for (let j = 0; j < key.length; j++) if (bytes[i + j] !== key[j]) continue outer;
    at = i;
    break;
  }
  if (at < 0) throw new Error('MatchStartEpoch key not found');
  let valueAt = -1;
  for (let i = at; i < Math.min(end - 8, at + 96); i++)
    if (view.getBigUint64(i, true) === epoch) {
      valueAt = i;
      break;
    }
  if (valueAt < 0) throw new Error('MatchStartEpoch value not found');
  view.setBigUint64(valueAt, epoch + BigInt(shiftSeconds), true);
  view.setUint32(4, replayCrc(bytes, 8, end), true);
  const info = matchInfo(parseHeader(bytes));
  if (Date.parse(info.playedAt!) - Date.parse(played) !== shiftSeconds * 1000)
    throw new Error('re-dating failed');
  return { fileName, bytes, info };
}
