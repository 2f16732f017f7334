// Analysis time over the corpus next to the parse time, pass by pass, in the same run. Measured
// twice: in a thread with V8's default heap, and in a thread with the heap the worker gives its
// compute threads (JOB_MEMORY_MB 512 split by worker's threadMemoryLimits: 192 MB young
// generation), which is how production runs it. Prints the load average next to each figure
// (the machine is shared, absolute times are noisy; the ratios are what to compare).
// Run: npx tsc -b parser && node parser/bench/analysis.bench.mjs [ROUNDS]
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const here = dirname(fileURLToPath(import.meta.url));
const corpus = process.env.RLCOACH_CORPUS
  ? resolve(process.env.RLCOACH_CORPUS)
  : resolve(here, '../../../shared/replays');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor(s.length / 2)];
};
const total = (xs) => xs.reduce((s, x) => s + x, 0);

if (isMainThread) {
  if (!existsSync(corpus)) {
    console.log(`corpus not found at ${corpus}: set RLCOACH_CORPUS`);
    process.exit(0);
  }
  const rounds = Number(process.argv[2] ?? 3);
  const files = [];
  for (const sub of readdirSync(corpus, { withFileTypes: true })) {
    if (!sub.isDirectory() || sub.name === 'boxcars-bad' || sub.name === 'boxcars-partial') continue;
    for (const f of readdirSync(join(corpus, sub.name)))
      if (f.endsWith('.replay')) files.push(join(sub.name, f));
  }
  const JOB_MEMORY_MB = 512;
  const young = Math.min(192, Math.floor(JOB_MEMORY_MB * 0.375));
  const configs = [
    { label: 'default V8 heap', resourceLimits: undefined },
    {
      label: `compute-thread heap (${JOB_MEMORY_MB} MB, ${young} MB young, as the worker runs it)`,
      resourceLimits: { maxOldGenerationSizeMb: JOB_MEMORY_MB - young, maxYoungGenerationSizeMb: young },
    },
  ];
  console.log(`analysis vs parse, ${files.length} corpus replays, ${rounds} round(s), median per replay`);
  for (const c of configs) {
    const load0 = os.loadavg()[0].toFixed(1);
    const r = await new Promise((res, rej) => {
      const w = new Worker(fileURLToPath(import.meta.url), {
        workerData: { files, rounds },
        resourceLimits: c.resourceLimits,
      });
      w.once('message', res);
      w.once('error', rej);
    });
    const load = `${load0}→${os.loadavg()[0].toFixed(1)}`;
    console.log(`  ${c.label}   [load ${load}]`);
    console.log(
      `    corpus total: parse ${r.parse.toFixed(0)} ms, analysis ${r.analyse.toFixed(0)} ms (${(r.analyse / r.parse).toFixed(2)}× the parse; target ≤ 2×), track ${r.track.toFixed(0)} ms (sample ${r.trackSample.toFixed(0)} + deflate ${r.trackEncode.toFixed(0)})`,
    );
    console.log(
      `    median per replay: parse ${r.medianParse.toFixed(1)} ms, analysis ${r.medianAnalyse.toFixed(1)} ms; slowest analysis ${r.worst.file} ${r.worst.ms.toFixed(1)} ms`,
    );
    const passes = Object.entries(r.passes).sort((a, b) => b[1] - a[1]);
    console.log(`    analysis by pass: ${passes.map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')} ms`);
  }
} else {
  const { files, rounds } = workerData;
  const { parseReplay } = await import('../dist/index.js');
  const { analyzeReplay } = await import('../dist/analysis/index.js');
  const { sampleParsedTrack, serializeTrack } = await import('../dist/track/index.js');
  const { deflateSync } = await import('node:zlib');
  const parseMs = [];
  const analyzeMs = [];
  const passes = {};
  let trackSample = 0;
  let trackEncode = 0;
  let worst = { file: '', ms: 0 };
  for (const file of files) {
    const bytes = readFileSync(join(corpus, file));
    const p = [];
    const a = [];
    const passTimes = [];
    let ts = [];
    let te = [];
    for (let r = 0; r < rounds; r++) {
      let t = performance.now();
      const parsed = parseReplay(bytes);
      p.push(performance.now() - t);
      const timings = {};
      t = performance.now();
      analyzeReplay(parsed, timings);
      a.push(performance.now() - t);
      passTimes.push(timings);
      if (parsed.frames.length > 0) {
        t = performance.now();
        const track = sampleParsedTrack(parsed);
        ts.push(performance.now() - t);
        t = performance.now();
        deflateSync(serializeTrack(track));
        te.push(performance.now() - t);
      }
    }
    parseMs.push(median(p));
    const am = median(a);
    analyzeMs.push(am);
    // The passes of the median round.
    const mid = passTimes[a.indexOf(am)] ?? {};
    for (const [k, v] of Object.entries(mid)) passes[k] = (passes[k] ?? 0) + v;
    trackSample += median(ts);
    trackEncode += median(te);
    if (am > worst.ms) worst = { file, ms: am };
  }
  parentPort.postMessage({
    parse: total(parseMs),
    analyse: total(analyzeMs),
    medianParse: median(parseMs),
    medianAnalyse: median(analyzeMs),
    passes,
    track: trackSample + trackEncode,
    trackSample,
    trackEncode,
    worst,
  });
}
