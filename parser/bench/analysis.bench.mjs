// Median analysis time per replay over the corpus, next to the parse time.
// Run: npx tsc -b parser && node parser/bench/analysis.bench.mjs [ROUNDS]
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseReplay } from '../dist/index.js';
import { analyzeReplay } from '../dist/analysis/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const corpus = process.env.RLCOACH_CORPUS
  ? resolve(process.env.RLCOACH_CORPUS)
  : resolve(here, '../../../shared/replays');
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
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor(s.length / 2)];
};
const parseMs = [];
const analyzeMs = [];
let worst = { file: '', ms: 0 };
for (const file of files) {
  const bytes = readFileSync(join(corpus, file));
  const p = [];
  const a = [];
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    const parsed = parseReplay(bytes);
    p.push(performance.now() - t);
    t = performance.now();
    analyzeReplay(parsed);
    a.push(performance.now() - t);
  }
  parseMs.push(median(p));
  const am = median(a);
  analyzeMs.push(am);
  if (am > worst.ms) worst = { file, ms: am };
}
const total = (xs) => xs.reduce((s, x) => s + x, 0);
console.log(`replays: ${files.length}, rounds: ${rounds}`);
console.log(
  `median per replay: parse ${median(parseMs).toFixed(1)} ms, analyse ${median(analyzeMs).toFixed(1)} ms`,
);
console.log(
  `corpus total (medians): parse ${total(parseMs).toFixed(0)} ms, analyse ${total(analyzeMs).toFixed(0)} ms`,
);
console.log(`slowest analysis: ${worst.file} ${worst.ms.toFixed(1)} ms`);
