import { describe, expect, it } from 'vitest';
import {
  CHANNELS,
  TrackFormatError,
  decodeTrack,
  deserializeTrack,
  encodeTrack,
  posesAt,
  serializeTrack,
  trackSpan,
  type EntityColumns,
  type TrackData,
} from '../../src/track/index.js';

function synthetic(samples: number): TrackData {
  const cols = (f: (i: number, ch: string) => number): EntityColumns => {
    const c = {} as EntityColumns;
    for (const ch of CHANNELS) c[ch] = Int16Array.from({ length: samples }, (_, i) => f(i, ch));
    return c;
  };
  return {
    meta: {
      version: 1,
      hz: 10,
      startTime: 2.5,
      sampleCount: samples,
      entities: [
        { kind: 'ball', key: null, name: null, team: null },
        { kind: 'car', key: 'steam:1', name: 'Alpha', team: 0 },
      ],
    },
    columns: [
      cols((i, ch) =>
        ch === 'present' ? 1 : ch === 'x' ? Math.round(1000 * Math.sin(i / 7)) : ch === 'y' ? -1280 + i : 0,
      ),
      cols((i, ch) =>
        ch === 'present'
          ? i % 50 < 40
            ? 1
            : 0
          : ch === 'yaw'
            ? (i * 9) % 256
            : ch === 'boost'
              ? i % 101
              : -32768 + i,
      ),
    ],
  };
}

describe('track codec', () => {
  it('round-trips every column exactly (serialise and deflate)', async () => {
    const t = synthetic(600);
    const back = deserializeTrack(serializeTrack(t));
    expect(back.meta).toEqual(t.meta);
    const inflated = await decodeTrack(await encodeTrack(t));
    for (const track of [back, inflated])
      t.columns.forEach((c, e) => {
        for (const ch of CHANNELS) expect(Array.from(track.columns[e]![ch])).toEqual(Array.from(c[ch]));
      });
  });

  it('rejects bytes that are not a track with a typed error', async () => {
    expect(() => deserializeTrack(new Uint8Array([1, 2, 3]))).toThrow(TrackFormatError);
    expect(() => deserializeTrack(new TextEncoder().encode('RLT1\xff\xff\xff\x7f{}'))).toThrow(
      TrackFormatError,
    );
    const good = serializeTrack(synthetic(20));
    expect(() => deserializeTrack(good.subarray(0, good.length - 5))).toThrow(/truncated/);
    await expect(decodeTrack(new Uint8Array([9, 9, 9, 9]))).rejects.toThrow(TrackFormatError);
  });

  it('interpolates poses between samples and hides absent entities', () => {
    const t = synthetic(100);
    expect(trackSpan(t)).toEqual({ start: 2.5, end: 2.5 + 99 / 10 });
    const at = posesAt(t, 2.5 + 0.55); // halfway between samples 5 and 6
    const ball = at.find((p) => p.entity === 0)!;
    expect(ball.y).toBeCloseTo((-1280 + 5.5) * 4, 6);
    // Car absent for samples 40..49.
    expect(posesAt(t, 2.5 + 4.5).some((p) => p.entity === 1)).toBe(false);
    expect(posesAt(t, 2.5 + 3.0).some((p) => p.entity === 1)).toBe(true);
    // Clamped outside the span.
    expect(posesAt(t, -100)[0]!.y).toBe(-1280 * 4);
  });
});
