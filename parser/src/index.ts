// Public entry of @rlcoach/parser: bytes in, header / content tables / frames plus diagnostics out.
// Pure TypeScript with no Node built-ins, so it runs in the worker, in tests and in the browser.
import { ReplayError } from './errors.js';
import type { ReplayHeader } from './header.js';
import { matchInfoOf, type MatchInfo } from './match-info.js';
import type { ParseOptions } from './options.js';
import { parseHeaderOnly, parseHeaderVerified, parseReplayBytes, type ParsedReplay } from './replay.js';

export { ReplayError } from './errors.js';
export type { ReplayErrorCode, ReplayErrorContext } from './errors.js';
export type { ParseOptions } from './options.js';
export type { ReplayHeader, PropertyDict, PropertyValue } from './header.js';
export {
  getProperty,
  getInt,
  getFloat,
  getString,
  getQWord,
  getBool,
  getArray,
  parsePropertyDict,
} from './header.js';
export type {
  ReplayBody,
  KeyFrame,
  TickMark,
  DebugInfo,
  ClassIndex,
  NetCacheEntry,
  NetCacheProperty,
} from './body.js';
export type { ParsedReplay } from './replay.js';
export type { MatchInfo, MatchPlayer, Platform } from './match-info.js';
export { friendlyMapName } from './match-info.js';
export type {
  Frame,
  NewActor,
  UpdatedAttribute,
  FrameVisitor,
  ActorLookup,
  Diagnostic,
  NetworkSummary,
} from './network/visitor.js';
export type {
  AttributeValue,
  AttributeValueKind,
  RigidBody,
  UniqueId,
  RemoteId,
  Product,
  ProductValue,
  Loadout,
  ActiveActor,
} from './network/attributes/types.js';
export type { AttributeKind } from './network/attributes/kinds.js';
export { attributeKindTable, ATTRIBUTE_KINDS } from './network/attributes/kinds.js';
export type { Vector3i, Quaternion, Rotation } from './io/bits.js';
export { rigidBodyInUnits, rigidBodyScale, rotatorDegrees, type RigidBodyUnits } from './units.js';
export { replayCrc } from './crc.js';
export { summarizeReplay, type ReplaySummary } from './summary.js';

/** Header only (no CRC, no content): well under a millisecond. Throws ReplayError. */
export function parseHeader(bytes: Uint8Array): ReplayHeader {
  if (!(bytes instanceof Uint8Array)) throw new ReplayError('NOT_A_REPLAY', 'input is not a Uint8Array');
  if (!looksLikeReplay(bytes)) {
    // Still decode when possible, so the error names what is wrong.
    try {
      return parseHeaderOnly(bytes);
    } catch (e) {
      if (e instanceof ReplayError && e.code !== 'TRUNCATED') {
        throw new ReplayError('NOT_A_REPLAY', `not a Rocket League replay: ${e.message}`, {
          offset: 0,
          offsetUnit: 'byte',
          section: 'header',
          cause: e,
        });
      }
      throw e;
    }
  }
  return parseHeaderOnly(bytes);
}

/**
 * Header, with the CRCs of the header and content sections verified (content not decoded): a
 * few milliseconds per MB. Throws ReplayError: CRC_MISMATCH for a damaged or edited file.
 */
export function parseVerifiedHeader(bytes: Uint8Array): ReplayHeader {
  if (!(bytes instanceof Uint8Array)) throw new ReplayError('NOT_A_REPLAY', 'input is not a Uint8Array');
  parseHeader(bytes); // the NOT_A_REPLAY / TRUNCATED classification of a header that does not decode
  return parseHeaderVerified(bytes);
}

/** Header, content tables and (by default) the full network stream. Throws ReplayError for header/content failures. */
export function parseReplay(bytes: Uint8Array, options?: ParseOptions): ParsedReplay {
  return parseReplayBytes(bytes, options);
}

/** Semantic header for scoreboards. */
export function matchInfo(header: ReplayHeader): MatchInfo {
  return matchInfoOf(header);
}

const GAME_TYPE_PREFIX = 'TAGame.Replay_';

/** Cheap check of the first bytes: plausible header size and 'TAGame.Replay_' game-type text where expected. */
export function looksLikeReplay(bytes: Uint8Array): boolean {
  if (!(bytes instanceof Uint8Array) || bytes.length < 24) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerSize = view.getUint32(0, true);
  if (headerSize < 16 || headerSize > 16 * 1024 * 1024) return false;
  const engine = view.getUint32(8, true);
  const licensee = view.getUint32(12, true);
  let at = 16 + (engine >= 868 && licensee >= 18 ? 4 : 0);
  if (bytes.length < at + 4 + GAME_TYPE_PREFIX.length) return false;
  const len = view.getInt32(at, true);
  if (len < GAME_TYPE_PREFIX.length + 1 || len > 256) return false;
  at += 4;
  for (let i = 0; i < GAME_TYPE_PREFIX.length; i++)
    if (bytes[at + i] !== GAME_TYPE_PREFIX.charCodeAt(i)) return false;
  return true;
}
