/**
 * Instant preview (product brief §5): decode a dropped file's header in the browser with our
 * parser before anything is sent. Three checks, all from the parser: the replay signature, the
 * header property tree, and the header CRC. A file failing any of them is refused with the
 * parser's typed error and never uploaded; a file passing them has its scoreboard shown at once.
 *
 * Only the header bytes are read (tens of KB, not the whole file), and decoding them takes about
 * 0.1 ms (web/bench/header-preview.bench.mjs), so this runs inline rather than in a worker.
 * Imports stay on the parser's header path: no network decoder, no Node built-ins in the bundle
 * (test/unit/header-bundle.test.ts).
 */
import {
  looksLikeReplay,
  matchInfo,
  parseHeader,
  ReplayError,
  replayCrc,
  type MatchInfo,
} from '@rlcoach/parser';
import { sentenceFor } from '$lib/format/error-text';
import type { Refusal } from './check';

/** Covers the header of every corpus replay (they run 2–20 KB); larger headers get a second read. */
const FIRST_READ_BYTES = 64 * 1024;

export type Inspection = { ok: true; info: MatchInfo } | { ok: false; refusal: Refusal };

/** The header section's bytes: the 8-byte size + CRC prefix and the declared header length. */
export async function readHeaderBytes(file: Blob): Promise<Uint8Array> {
  const first = new Uint8Array(await file.slice(0, Math.min(file.size, FIRST_READ_BYTES)).arrayBuffer());
  if (first.length < 8) return first;
  const declaredEnd = 8 + new DataView(first.buffer, first.byteOffset, 8).getUint32(0, true);
  if (declaredEnd <= first.length) return first;
  // A declared size beyond the file is read up to the file's end: the parser then names the truncation.
  return new Uint8Array(await file.slice(0, Math.min(declaredEnd, file.size)).arrayBuffer());
}

/** Decode and verify the header bytes of a file of `fileSize` bytes. Never throws. */
export function inspectHeader(bytes: Uint8Array, fileSize: number): Inspection {
  const signature = looksLikeReplay(bytes);
  try {
    // parseHeader decodes even without the signature, so its error says what is wrong.
    const header = parseHeader(bytes);
    if (!signature)
      throw new ReplayError('NOT_A_REPLAY', 'no TAGame.Replay_ game type where a replay has it', {
        offset: 0,
        offsetUnit: 'byte',
        section: 'header',
      });
    const end = 8 + header.headerSize;
    if (end > fileSize || end > bytes.length)
      throw new ReplayError(
        'TRUNCATED',
        `header: declared size ${header.headerSize} runs past the end of the file (${fileSize} bytes)`,
        { offset: 0, offsetUnit: 'byte', section: 'header' },
      );
    const crc = replayCrc(bytes, 8, end);
    if (crc !== header.headerCrc)
      throw new ReplayError(
        'CRC_MISMATCH',
        `header CRC mismatch: stored ${header.headerCrc}, computed ${crc}`,
        { offset: 8, offsetUnit: 'byte', section: 'header' },
      );
    return { ok: true, info: matchInfo(header) };
  } catch (e) {
    return { ok: false, refusal: refusalOf(e, signature) };
  }
}

export async function inspectFile(file: Blob): Promise<Inspection> {
  return inspectHeader(await readHeaderBytes(file), file.size);
}

/**
 * The parser's typed error as the row shows it: a sentence for people (error-text.ts), and the
 * parser's code and message as the detail behind a toggle. Without the replay signature the file
 * is not a replay, whatever the decoder tripped on.
 */
export function refusalOf(e: unknown, signature: boolean): Refusal {
  const err = e instanceof ReplayError ? e : null;
  const parserCode = err?.code ?? 'CORRUPT_HEADER';
  const code = signature ? parserCode : 'NOT_A_REPLAY';
  const message = sentenceFor(code) ?? sentenceFor('CORRUPT_HEADER')!;
  const detail = err ? err.message : String(e);
  return { code, message, detail: `Parser: ${parserCode}: ${detail}` };
}
