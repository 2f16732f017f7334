// Parser throughput over the corpus: `npm run bench` (scripts/bench.sh runs node --expose-gc).
// Prints header-only and full-network MB/s (median of several passes), ms per replay header-only,
// CRC throughput, and peak memory for the largest replay decoded through the streaming visitor.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist', 'index.js');
if (!existsSync(dist)) {
  console.error('parser/dist missing: run `npx tsc -b parser` first');
  process.exit(1);
}
const { parseHeader, parseReplay, replayCrc } = await import(dist);

const corpus = process.env.RLCOACH_CORPUS ?? resolve(here, '../../../shared/replays');
if (!existsSync(join(corpus, 'ORACLE.jsonl'))) {
  console.log(`parser bench skipped: corpus not found at ${corpus} (set RLCOACH_CORPUS)`);
  process.exit(0);
}
const files = ['good', 'rlcoach', 'with-stats'].flatMap((d) =>
  readdirSync(join(corpus, d))
    .filter((f) => f.endsWith('.replay'))
    .sort()
    .map((f) => join(corpus, d, f)),
);
const replays = files.map((f) => ({ f, bytes: new Uint8Array(readFileSync(f)) }));
const totalBytes = replays.reduce((n, r) => n + r.bytes.length, 0);
const MB = 1e6;
const passes = Number(process.env.BENCH_PASSES ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x, d = 1) => x.toFixed(d);

function timePasses(fn) {
  const times = [];
  fn(); // warm-up
  for (let i = 0; i < passes; i++) {
    globalThis.gc?.();
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const noopVisitor = { onFrame() {} };
const headerMs = timePasses(() => {
  for (const r of replays) parseHeader(r.bytes);
});
const streamMs = timePasses(() => {
  for (const r of replays) parseReplay(r.bytes, { visitor: noopVisitor });
});
const fullMs = timePasses(() => {
  for (const r of replays) parseReplay(r.bytes);
});
const crcMs = timePasses(() => {
  for (const r of replays) replayCrc(r.bytes);
});

console.log(
  `parser bench: ${replays.length} replays, ${fmt(totalBytes / MB)} MB, median of ${passes} passes`,
);
console.log(
  `  header only:              ${fmt(totalBytes / MB / (headerMs / 1000))} MB/s, ${fmt(headerMs / replays.length, 3)} ms/replay`,
);
console.log(
  `  full network (visitor):   ${fmt(totalBytes / MB / (streamMs / 1000))} MB/s, ${fmt(streamMs, 0)} ms total, ${fmt(streamMs / replays.length, 2)} ms/replay`,
);
console.log(
  `  full network (frames):    ${fmt(totalBytes / MB / (fullMs / 1000))} MB/s, ${fmt(fullMs, 0)} ms total`,
);
console.log(`  CRC (whole files):        ${fmt(totalBytes / MB / (crcMs / 1000))} MB/s`);

// Peak memory for the largest replay through the streaming visitor.
const largest = replays.reduce((a, b) => (b.bytes.length > a.bytes.length ? b : a));
globalThis.gc?.();
const before = process.memoryUsage();
let peakRss = before.rss;
let peakHeap = before.heapUsed;
let frames = 0;
parseReplay(largest.bytes, {
  visitor: {
    onFrame() {
      if (++frames % 256 === 0) {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      }
    },
  },
});
const after = process.memoryUsage();
peakRss = Math.max(peakRss, after.rss);
peakHeap = Math.max(peakHeap, after.heapUsed);
console.log(
  `  largest replay ${largest.f.slice(corpus.length + 1)} (${fmt(largest.bytes.length / MB, 2)} MB, ${frames} frames) streamed: ` +
    `peak RSS ${fmt(peakRss / MB)} MB, peak heap ${fmt(peakHeap / MB)} MB (heap before ${fmt(before.heapUsed / MB)} MB)`,
);
