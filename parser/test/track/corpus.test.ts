import { describe, expect, it } from 'vitest';
import { matchInfo, parseHeader, parseReplay } from '../../src/index.js';
import {
  POSITION_QUANTUM_UU,
  TrackSampler,
  buildReplayTrack,
  decodeTrack,
  sampleReplayTrack,
  sampleParsedTrack,
} from '../../src/track/index.js';
import { corpusAvailable, corpusSkipReason, oracle, readReplay } from '../helpers/corpus.js';

const LARGEST = 'rlcoach/4985385d-2a6a-4bea-a312-8e539c7fd098.replay';
const MB = 1024 * 1024;

describe.skipIf(!corpusAvailable)(
  `positions track on the corpus${corpusAvailable ? '' : ` (${corpusSkipReason})`}`,
  () => {
    it('the largest corpus replay compresses under 1 MB and decodes to the same samples', async () => {
      const bytes = readReplay(LARGEST);
      const t0 = performance.now();
      const compressed = await buildReplayTrack(bytes);
      const ms = performance.now() - t0;
      const sampled = sampleReplayTrack(bytes);
      const seconds = sampled.meta.sampleCount / sampled.meta.hz;
      console.log(
        `track ${LARGEST}: ${(compressed.length / 1024).toFixed(1)} KiB compressed for ${seconds.toFixed(0)} s at ${sampled.meta.hz} Hz, ${sampled.meta.entities.length} entities, built in ${ms.toFixed(0)} ms`,
      );
      expect(compressed.length).toBeLessThan(MB);
      const decoded = await decodeTrack(compressed);
      expect(decoded.meta).toEqual(sampled.meta);
      expect(Array.from(decoded.columns[0]!.x)).toEqual(Array.from(sampled.columns[0]!.x));
      // Every header player has a car entity, keyed and named as the header does.
      const names = new Set(matchInfo(parseHeader(bytes)).players.map((p) => p.name));
      const carNames = decoded.meta.entities.filter((e) => e.kind === 'car').map((e) => e.name);
      for (const n of names) expect(carNames).toContain(n);
      for (const e of decoded.meta.entities.filter((x) => x.kind === 'car'))
        expect(e.team === 0 || e.team === 1).toBe(true);
    });

    it('ball samples match the boxcars oracle ball location at the oracle frames', () => {
      const entries = oracle().filter((o) => !o.error && o.ball_location_uu_at?.some((b) => b.ball));
      let checked = 0;
      let exact = 0;
      const mismatches: string[] = [];
      for (const o of entries.slice(0, 40)) {
        const bytes = readReplay(o.file);
        const want = new Map(o.ball_location_uu_at!.filter((b) => b.ball).map((b) => [b.frame, b.ball!]));
        const sampler = new TrackSampler(parseHeader(bytes).netVersion);
        const hits: Array<{ sample: number; ball: [number, number, number] }> = [];
        let count = 0;
        parseReplay(bytes, {
          crc: 'never',
          visitor: {
            onFrame(frame, actors) {
              sampler.onFrame(frame, actors);
              const after = sampler.samplesTaken;
              const ball = want.get(frame.index);
              // A sample taken during this frame holds the state after it: exactly the oracle's.
              if (ball && after > count) hits.push({ sample: after - 1, ball });
              count = after;
            },
          },
        });
        const track = sampler.result();
        for (const h of hits) {
          const c = track.columns[0]!;
          expect(c.present[h.sample], o.file).toBe(1);
          const err = Math.max(
            ...(['x', 'y', 'z'] as const).map((axis, k) =>
              Math.abs(c[axis][h.sample]! * POSITION_QUANTUM_UU - h.ball[k]!),
            ),
          );
          if (err <= POSITION_QUANTUM_UU / 2 + 0.01) exact++;
          else mismatches.push(`${o.file}@${h.sample}: ${err.toFixed(1)} uu`);
          checked++;
        }
      }
      console.log(`track: ${exact}/${checked} oracle ball positions within quantisation`, mismatches);
      expect(checked).toBeGreaterThan(20);
      // The oracle follows any actor named *Ball*, including one about to be replaced: allow a rare miss.
      expect(exact / checked).toBeGreaterThanOrEqual(0.95);
    });
  },
);

describe.skipIf(!corpusAvailable)('positions track from an already-parsed replay', () => {
  it('equals the streaming track', () => {
    const bytes = readReplay('good/3381.replay');
    const streamed = sampleReplayTrack(bytes);
    const fromParsed = sampleParsedTrack(parseReplay(bytes));
    expect(fromParsed.meta).toEqual(streamed.meta);
    fromParsed.columns.forEach((c, i) => expect(Array.from(c.y)).toEqual(Array.from(streamed.columns[i]!.y)));
  });
});
