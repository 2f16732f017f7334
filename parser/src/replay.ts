import { decodeBody, type ReplayBody } from './body.js';
import { replayCrc } from './crc.js';
import { asReplayError, CallbackError, ReplayError } from './errors.js';
import { decodeHeaderBody, getInt, type ReplayHeader } from './header.js';
import { decodeNetwork } from './network/index.js';
import type { Frame, NetworkSummary } from './network/visitor.js';
import { resolveOptions, type ParseOptions } from './options.js';

export interface ParsedReplay {
  header: ReplayHeader;
  body: ReplayBody;
  /** Decoded frames; empty when a visitor consumed them or the network was skipped. */
  frames: Frame[];
  network: NetworkSummary;
}

interface Section {
  size: number;
  crc: number;
  start: number;
  end: number;
}

function need8(bytes: Uint8Array, at: number, name: string): void {
  if (bytes.length - at < 8) {
    throw new ReplayError(
      'TRUNCATED',
      `${name}: need 8 bytes for size and CRC at offset ${at}, only ${Math.max(0, bytes.length - at)} left`,
      {
        offset: at,
        offsetUnit: 'byte',
        section: name,
      },
    );
  }
}

/**
 * Size and CRC in front of a section. The header's declared size is only used for its CRC: like
 * the reference parser, header decoding follows the data (`end` = end of file) and the content
 * section starts where the header really ended.
 */
function readSection(bytes: Uint8Array, at: number, name: string, bounded: boolean): Section {
  need8(bytes, at, name);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = view.getUint32(at, true);
  const crc = view.getUint32(at + 4, true);
  const start = at + 8;
  if (bounded && size > bytes.length - start) {
    throw new ReplayError(
      'TRUNCATED',
      `${name}: declared size ${size} at offset ${at} but only ${bytes.length - start} bytes left`,
      {
        offset: at,
        offsetUnit: 'byte',
        section: name,
      },
    );
  }
  return { size, crc, start, end: bounded ? start + size : bytes.length };
}

/** CRC of the declared section range, clipped to the file. */
function sectionCrc(bytes: Uint8Array, s: Section): number {
  return replayCrc(bytes, s.start, Math.min(bytes.length, s.start + s.size));
}

/** Decode one section, checking its CRC as configured (always up front, or only to explain a failure). */
function decodeChecked<T>(
  bytes: Uint8Array,
  s: Section,
  name: string,
  crcMode: 'always' | 'never' | 'onError',
  decode: () => T,
): T {
  if (crcMode === 'always') {
    const actual = sectionCrc(bytes, s);
    if (actual !== s.crc) {
      throw new ReplayError('CRC_MISMATCH', `${name} CRC mismatch: stored ${s.crc}, computed ${actual}`, {
        offset: s.start,
        offsetUnit: 'byte',
        section: name,
      });
    }
    return decode();
  }
  try {
    return decode();
  } catch (e) {
    const err = asReplayError(e, name === 'header' ? 'CORRUPT_HEADER' : 'CORRUPT_BODY', { section: name });
    if (crcMode === 'onError') {
      const actual = sectionCrc(bytes, s);
      if (actual !== s.crc) {
        throw new ReplayError(
          'CRC_MISMATCH',
          `${name} is corrupt (CRC mismatch: stored ${s.crc}, computed ${actual}); decoding failed with: ${err.message}`,
          {
            offset: err.offset ?? s.start,
            offsetUnit: err.offsetUnit ?? 'byte',
            section: name,
            cause: err,
          },
        );
      }
    }
    throw err;
  }
}

export function parseHeaderOnly(bytes: Uint8Array): ReplayHeader {
  const s = readSection(bytes, 0, 'header', false);
  return decodeHeaderBody(bytes, s.start, s.end, s.size, s.crc).header;
}

/**
 * Header decoded, and both section CRCs (header and content) checked against the bytes, without
 * decoding the content: what an upload must pass before it is stored. A mismatch throws
 * CRC_MISMATCH naming the section; a content section cut short throws TRUNCATED.
 */
export function parseHeaderVerified(bytes: Uint8Array): ReplayHeader {
  const hs = readSection(bytes, 0, 'header', false);
  const { header, end } = decodeChecked(bytes, hs, 'header', 'always', () =>
    decodeHeaderBody(bytes, hs.start, hs.end, hs.size, hs.crc),
  );
  const cs = readSection(bytes, end, 'content', true);
  const actual = sectionCrc(bytes, cs);
  if (actual !== cs.crc) {
    throw new ReplayError('CRC_MISMATCH', `content CRC mismatch: stored ${cs.crc}, computed ${actual}`, {
      offset: cs.start,
      offsetUnit: 'byte',
      section: 'content',
    });
  }
  return header;
}

export function parseReplayBytes(bytes: Uint8Array, options?: ParseOptions): ParsedReplay {
  if (!(bytes instanceof Uint8Array)) throw new ReplayError('NOT_A_REPLAY', 'input is not a Uint8Array');
  const opts = resolveOptions(options);
  try {
    const hs = readSection(bytes, 0, 'header', false);
    const { header, end: headerEnd } = decodeChecked(bytes, hs, 'header', opts.crc, () =>
      decodeHeaderBody(bytes, hs.start, hs.end, hs.size, hs.crc),
    );
    const cs = readSection(bytes, headerEnd, 'content', true);
    const body = decodeChecked(bytes, cs, 'content', opts.crc, () =>
      decodeBody(bytes, cs.start, cs.end, cs.size, cs.crc),
    );
    if (opts.network === 'never') {
      const total = Math.max(0, getInt(header.properties, 'NumFrames') ?? 0);
      return {
        header,
        body,
        frames: [],
        network: {
          status: 'skipped',
          framesDecoded: 0,
          framesTotal: total,
          recoveredFraction: 0,
          diagnostics: [],
          unknownAttributeNames: [],
        },
      };
    }
    const { frames, network } = decodeNetwork(bytes, header, body, {
      resync: opts.network === 'always',
      onProgress: opts.onProgress,
      visitor: opts.visitor,
    });
    if (network.status === 'partial' && opts.crc === 'onError') {
      // Tell a corrupt file from an unsupported game patch.
      const actual = sectionCrc(bytes, cs);
      network.diagnostics.push({
        severity: 'warning',
        code: actual === cs.crc ? 'UNKNOWN_ATTRIBUTE' : 'CRC_MISMATCH',
        message:
          actual === cs.crc
            ? 'content CRC matches: the stream is intact, the failure points at an unsupported game patch or a parser gap'
            : `content CRC mismatch (stored ${cs.crc}, computed ${actual}): the file is corrupt`,
        frame: null,
        bitOffset: null,
        actorId: null,
        objectName: null,
        streamId: null,
        attributeName: null,
        resumedAtFrame: null,
      });
    }
    return { header, body, frames, network };
  } catch (e) {
    // A caller's visitor/onProgress exception is theirs: rethrow it unchanged.
    if (e instanceof CallbackError) throw e.original;
    throw asReplayError(e, 'CORRUPT_BODY', { section: 'replay' });
  }
}
