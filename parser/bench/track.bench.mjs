// Positions track size and build time for the largest corpus replay: `npm run bench` (after a build).
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist', 'track', 'index.js');
if (!existsSync(dist)) {
  console.error('parser/dist missing: run `npx tsc -b parser` first');
  process.exit(1);
}
const corpus = process.env.RLCOACH_CORPUS ?? resolve(here, '../../../shared/replays');
const file = join(corpus, 'rlcoach/4985385d-2a6a-4bea-a312-8e539c7fd098.replay');
if (!existsSync(file)) {
  console.log(`track bench skipped: ${file} not found (set RLCOACH_CORPUS)`);
  process.exit(0);
}
const { sampleReplayTrack, encodeTrack, serializeTrack, decodeTrack } = await import(dist);
const bytes = new Uint8Array(readFileSync(file));
const times = [];
let compressed;
let track;
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  track = sampleReplayTrack(bytes);
  compressed = await encodeTrack(track);
  times.push(performance.now() - t0);
}
const t1 = performance.now();
await decodeTrack(compressed);
const decodeMs = performance.now() - t1;
const secs = track.meta.sampleCount / track.meta.hz;
times.sort((a, b) => a - b);
console.log(
  `positions track, largest corpus replay (${(bytes.length / 1e6).toFixed(2)} MB, ${secs.toFixed(0)} s of replay, ${track.meta.entities.length} entities at ${track.meta.hz} Hz): ` +
    `${(compressed.length / 1024).toFixed(1)} KiB compressed (${(serializeTrack(track).length / 1024).toFixed(1)} KiB before deflate, ` +
    `${((compressed.length / 1024) * (360 / secs)).toFixed(1)} KiB per 6 minutes); build median ${times[1].toFixed(0)} ms, decode ${decodeMs.toFixed(0)} ms`,
);
