// How often the situations the role rules handle occur over the corpus (no ballchasing figures):
// the "corpus support" column of parser/test/analysis/known-disagreements.md.
// Run: npx tsc -b parser && node parser/bench/rule-support.bench.mjs
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseReplay } from '../dist/index.js';
import { buildMatchModel } from '../dist/analysis/index.js';
import { SILENT_CAR_S, STOPPED_CAR_SPEED } from '../dist/analysis/constants.js';
import { PLAY_PHASES } from '../dist/analysis/stats/accumulate.js';

const here = dirname(fileURLToPath(import.meta.url));
const corpus = process.env.RLCOACH_CORPUS
  ? resolve(process.env.RLCOACH_CORPUS)
  : resolve(here, '../../../shared/replays');
if (!existsSync(corpus)) {
  console.log(`corpus not found at ${corpus}: set RLCOACH_CORPUS`);
  process.exit(0);
}
const files = [];
for (const sub of readdirSync(corpus, { withFileTypes: true })) {
  if (!sub.isDirectory() || sub.name === 'boxcars-bad' || sub.name === 'boxcars-partial') continue;
  for (const f of readdirSync(join(corpus, sub.name)))
    if (f.endsWith('.replay')) files.push(join(sub.name, f));
}
const count = {
  replays: 0,
  demolitions: 0,
  deathsOverGoal: 0,
  silent: 0,
  stops: 0,
  stopSeconds: 0,
  lone1v1Seconds: 0,
};
const where = { deathsOverGoal: new Set(), silent: new Set(), stops: new Set() };
for (const file of files) {
  let model;
  try {
    model = buildMatchModel(parseReplay(readFileSync(join(corpus, file))));
  } catch {
    continue;
  }
  if (!model.quality.networkDecoded) continue;
  count.replays++;
  const n = model.players.length;
  const lastRb = new Array(n).fill(null);
  const inSilent = new Array(n).fill(false);
  const inStop = new Array(n).fill(false);
  for (const f of model.frames) {
    const live = PLAY_PHASES.has(f.phase);
    for (let p = 0; p < n; p++) {
      const c = f.cars[p];
      if (!c) {
        lastRb[p] = null;
        inSilent[p] = inStop[p] = false;
        continue;
      }
      if (c.fresh || lastRb[p] === null) lastRb[p] = f.time;
      // A silent stretch: a live car whose rigid body has not been replicated for SILENT_CAR_S.
      const silent = live && !!c.velocity && f.time - lastRb[p] > SILENT_CAR_S;
      if (silent && !inSilent[p]) {
        count.silent++;
        where.silent.add(file);
      }
      inSilent[p] = silent;
      // A stop: a car in live play whose last replicated speed is below STOPPED_CAR_SPEED.
      const v = c.velocity ? Math.hypot(c.velocity.x, c.velocity.y, c.velocity.z) : null;
      const stopped = f.phase === 'live' && v !== null && v < STOPPED_CAR_SPEED;
      if (stopped && !inStop[p]) {
        count.stops++;
        where.stops.add(file);
      }
      if (stopped) count.stopSeconds += f.dt;
      inStop[p] = stopped;
    }
  }
  // A death spans a goal when the victim has no car yet when the goal's aftermath starts.
  for (const d of model.demos) {
    if (d.victim === null) continue;
    count.demolitions++;
    const i0 = model.frames.findIndex((f) => f.time >= d.time);
    for (let i = i0 + 1; i > 0 && i < model.frames.length; i++) {
      const f = model.frames[i];
      if (f.cars[d.victim]) break;
      if (f.phase === 'postGoal') {
        count.deathsOverGoal++;
        where.deathsOverGoal.add(file);
        break;
      }
    }
  }
}
console.log(
  `rule support over ${count.replays} corpus replays with frames: demolitions ${count.demolitions}; ` +
    `deaths spanning a goal's aftermath ${count.deathsOverGoal} (${where.deathsOverGoal.size} replays); ` +
    `silent stretches > ${SILENT_CAR_S} s ${count.silent} (${where.silent.size} replays); ` +
    `stops < ${STOPPED_CAR_SPEED} uu/s ${count.stops} (${where.stops.size} replays, ${count.stopSeconds.toFixed(0)} s)`,
);
