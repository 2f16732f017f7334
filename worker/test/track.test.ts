import { describe, expect, it } from 'vitest';
import { parseReplay, matchInfo } from '@rlcoach/parser';
import { decodeTrack, encodeTrack, sampleParsedTrack } from '@rlcoach/parser/track/index';
import { buildTrack } from '../src/track.js';
import { demoBytes } from './support.js';

describe('positions track stored by the worker', () => {
  it('builds a deflated track from the frames the parse kept, with every header player', async () => {
    const bytes = await demoBytes();
    const parsed = parseReplay(bytes);
    const stored = await buildTrack(parsed);
    expect(stored).not.toBeNull();
    expect(stored!.data.length).toBeLessThan(1024 * 1024);
    const track = await decodeTrack(new Uint8Array(stored!.data));
    expect(track.meta.sampleCount).toBe(stored!.sampleCount);
    const names = matchInfo(parsed.header).players.map((p) => p.name);
    const cars = track.meta.entities.filter((e) => e.kind === 'car').map((e) => e.name);
    for (const n of names) expect(cars).toContain(n);
    // Deflated by node:zlib in the worker: the very bytes the parser's own encoder makes.
    const parserBytes = await encodeTrack(sampleParsedTrack(parsed));
    expect(stored!.data.equals(Buffer.from(parserBytes))).toBe(true);
  });

  it('returns null (no track) when the parse kept no frames', async () => {
    const parsed = parseReplay(await demoBytes(), { network: 'never' });
    expect(await buildTrack(parsed)).toBeNull();
  });
});
