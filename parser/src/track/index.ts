// Positions track for the 2D replay viewer: sampler (streaming visitor), codec, and view helpers.
// Pure TypeScript (CompressionStream/DecompressionStream exist in Node 20 and browsers).
import { parseHeader, parseReplay } from '../index.js';
import { encodeTrack } from './codec.js';
import { DEFAULT_TRACK_HZ, TrackSampler } from './sampler.js';
import type { TrackData } from './format.js';
import type { ParsedReplay } from '../replay.js';

export * from './format.js';
export { serializeTrack, deserializeTrack, encodeTrack, decodeTrack } from './codec.js';
export { TrackSampler, DEFAULT_TRACK_HZ, yawOf } from './sampler.js';
export { posesAt, trackSpan, type EntityPose } from './view.js';

/** Parse a replay with a streaming visitor and return its quantised track (uncompressed). */
export function sampleReplayTrack(bytes: Uint8Array, hz = DEFAULT_TRACK_HZ): TrackData {
  const sampler = new TrackSampler(parseHeader(bytes).netVersion, hz);
  parseReplay(bytes, { crc: 'never', visitor: sampler });
  return sampler.result();
}

/** Parse, sample and deflate: the bytes to store next to a replay. */
export async function buildReplayTrack(bytes: Uint8Array, hz = DEFAULT_TRACK_HZ): Promise<Uint8Array> {
  return encodeTrack(sampleReplayTrack(bytes, hz));
}

/** The same track from a replay already parsed with its frames retained (no second parse). */
export function sampleParsedTrack(parsed: ParsedReplay, hz = DEFAULT_TRACK_HZ): TrackData {
  const sampler = new TrackSampler(parsed.header.netVersion, hz);
  const lookup = { objects: parsed.body.objects, objectIdOf: (): number | undefined => undefined };
  for (const frame of parsed.frames) sampler.onFrame(frame, lookup);
  return sampler.result();
}
