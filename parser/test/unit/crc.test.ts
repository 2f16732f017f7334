import { describe, expect, it } from 'vitest';
import { replayCrc } from '../../src/crc.js';
import { corpusAvailable, readReplay } from '../helpers/corpus.js';

describe('replay CRC (MSB-first, init ~0xEFCBF201)', () => {
  it('matches the spec vector for a single byte', () => {
    expect(replayCrc(new Uint8Array([0xa0]))).toBe(1993116801);
  });

  it('of the 40-byte empty content body of header-patched files', () => {
    // levels, keyframes, network size, debug, ticks, packages, objects, names, classes, net cache: all zero counts
    expect(replayCrc(new Uint8Array(40))).toBe(327785205);
  });

  it.skipIf(!corpusAvailable)('matches the stored header and content CRCs of small-frames.replay', () => {
    const bytes = readReplay('good/small-frames.replay');
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const headerSize = view.getUint32(0, true);
    expect(replayCrc(bytes, 8, 8 + headerSize)).toBe(597167187);
    expect(replayCrc(bytes, 8, 8 + headerSize)).toBe(view.getUint32(4, true));
    const contentAt = 8 + headerSize;
    const contentSize = view.getUint32(contentAt, true);
    expect(replayCrc(bytes, contentAt + 8, contentAt + 8 + contentSize)).toBe(2257957727);
    expect(replayCrc(bytes)).toBe(1213753222);
  });
});
