// Parser throughput over the corpus: `npm run bench` (scripts/bench.sh runs node --expose-gc).
// Prints header-only and full-network MB/s (median of several passes), ms per replay header-only,
// CRC throughput, and peak memory for the largest replay decoded through the streaming visitor.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { loadavg, cpus } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist', 'index.js');
if (!existsSync(dist)) {
  console.error('parser/dist missing: run `npx tsc -b parser` first');
  process.exit(1);
}
const { parseHeader, parseReplay, replayCrc } = await import(dist);

const fmt0 = (x, d = 1) => x.toFixed(d);
const MB0 = 1e6;

// Child mode: peak memory of one replay decoded with a visitor or into frames.
if (process.argv.includes('--memory-only')) {
  const [mode, file] = process.argv.slice(process.argv.indexOf('--memory-only') + 1);
  const bytes = new Uint8Array(readFileSync(file));
  globalThis.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  let frames = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const result = parseReplay(bytes, {
    onProgress: sample,
    visitor:
      mode === 'visitor'
        ? {
            onFrame() {
              frames++;
            },
          }
        : undefined,
  });
  sample();
  frames = Math.max(frames, result.frames.length);
  console.log(
    `${frames} frames, peak RSS ${fmt0(peakRss / MB0)} MB (baseline ${fmt0(before.rss / MB0)} MB), peak heap ${fmt0(peakHeap / MB0)} MB (baseline ${fmt0(before.heapUsed / MB0)} MB)`,
  );
  process.exit(0);
}

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

// Child mode: only the materialised-frames figure (run with a larger young generation below).
if (process.argv.includes('--materialized-only')) {
  const ms = timePasses(() => {
    for (const r of replays) parseReplay(r.bytes);
  });
  console.log(`${fmt(totalBytes / MB / (ms / 1000))} MB/s, ${fmt(ms, 0)} ms total`);
  process.exit(0);
}
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
  `parser bench: ${replays.length} replays, ${fmt(totalBytes / MB)} MB, median of ${passes} passes ` +
    `(load average ${loadavg()[0].toFixed(2)} on ${cpus().length} cores: wall-clock figures on a shared machine)`,
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
const bigYoung = execFileSync(
  process.execPath,
  ['--expose-gc', '--max-semi-space-size=64', fileURLToPath(import.meta.url), '--materialized-only'],
  {
    env: process.env,
    encoding: 'utf8',
  },
).trim();
console.log(`  full network (frames), --max-semi-space-size=64: ${bigYoung}`);
console.log(`  CRC (whole files):        ${fmt(totalBytes / MB / (crcMs / 1000))} MB/s`);

// Peak memory for the largest replay, measured in fresh processes (only that file loaded).
const largest = replays.reduce((a, b) => (b.bytes.length > a.bytes.length ? b : a));
for (const mode of ['visitor', 'frames']) {
  const line = execFileSync(
    process.execPath,
    ['--expose-gc', fileURLToPath(import.meta.url), '--memory-only', mode, largest.f],
    {
      env: process.env,
      encoding: 'utf8',
    },
  ).trim();
  console.log(
    `  largest replay ${largest.f.slice(corpus.length + 1)} (${fmt(largest.bytes.length / MB, 2)} MB), ${mode}: ${line}`,
  );
}
