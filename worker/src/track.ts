/**
 * Positions track for the 2D viewer (parser/src/track), built from the frames the parse already
 * decoded. Best effort: a track failure never costs the replay its results.
 */
import type { ParsedReplay } from '@rlcoach/parser';
import { encodeTrack, sampleParsedTrack } from '@rlcoach/parser/track/index';
import { createLogger } from '@rlcoach/db/logging/logger';

// Runs in the sandboxed parse thread, which has no logger handed to it.
const log = createLogger('worker');

export interface StoredTrack {
  data: Buffer;
  hz: number;
  sampleCount: number;
}

export async function buildTrack(replay: ParsedReplay): Promise<StoredTrack | null> {
  if (replay.frames.length === 0) return null;
  try {
    const track = sampleParsedTrack(replay);
    if (track.meta.sampleCount === 0) return null;
    const bytes = await encodeTrack(track);
    return {
      data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      hz: track.meta.hz,
      sampleCount: track.meta.sampleCount,
    };
  } catch (e) {
    log.warn('positions track skipped', { err: e });
    return null;
  }
}
