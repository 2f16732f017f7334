/**
 * Positions track for the 2D viewer (parser/src/track), built from the frames the parse already
 * decoded. Best effort: a track failure never costs the replay its results.
 */
import type { ParsedReplay } from '@rlcoach/parser';
import { deflateSync } from 'node:zlib';
import { sampleParsedTrack, serializeTrack } from '@rlcoach/parser/track/index';
import { createLogger } from '@rlcoach/db/logging/logger';

// Runs in the sandboxed parse thread, which has no logger handed to it.
const log = createLogger('worker');

export interface StoredTrack {
  data: Buffer;
  hz: number;
  sampleCount: number;
}

/** Milliseconds spent sampling the frames and deflating the track (the bench's breakdown). */
export interface TrackTimings {
  sampleMs: number;
  encodeMs: number;
}

export async function buildTrack(
  replay: ParsedReplay,
  timings: TrackTimings = { sampleMs: 0, encodeMs: 0 },
): Promise<StoredTrack | null> {
  if (replay.frames.length === 0) return null;
  try {
    let t = performance.now();
    const track = sampleParsedTrack(replay);
    timings.sampleMs = performance.now() - t;
    if (track.meta.sampleCount === 0) return null;
    t = performance.now();
    // zlib's deflate in one call: the same bytes as the parser's encodeTrack (CompressionStream
    // 'deflate', zlib defaults; the browser's decoder reads both) without the web-stream plumbing.
    const data = deflateSync(serializeTrack(track));
    timings.encodeMs = performance.now() - t;
    return {
      data,
      hz: track.meta.hz,
      sampleCount: track.meta.sampleCount,
    };
  } catch (e) {
    log.warn('positions track skipped', { err: e });
    return null;
  }
}
