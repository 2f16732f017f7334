// xG from data (issue #17): a logistic model of P(goal | shot) fitted on the corpus' shots, scored
// on replays held out (5 folds by replay). Prints held-out log loss and Brier score (overall and
// per team size), calibration by quintile of held-out prediction, coefficient intervals from a
// bootstrap over replays, and which team sizes have too few shots to say anything.
// With --write it also regenerates src/analysis/mechanics/xg-fit.generated.ts, the table the
// report's xG reads (coefficients, bootstrap draws, per-mode shot counts, provenance).
// Run: npx tsc -b parser && node parser/bench/xg-fit.bench.mjs [--write]
import { readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
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
/** A team size needs this many shots and goals before a number is shown for it. */
const MIN_SHOTS = 100;
const MIN_GOALS = 20;
const FOLDS = 5;
const BOOTSTRAPS = 200;

const files = [];
for (const sub of readdirSync(corpus, { withFileTypes: true })) {
  if (!sub.isDirectory() || sub.name === 'boxcars-bad' || sub.name === 'boxcars-partial') continue;
  for (const f of readdirSync(join(corpus, sub.name)))
    if (f.endsWith('.replay')) files.push(join(sub.name, f));
}
files.sort();

// Shots of standard soccar matches (the hand model's goal geometry), one row per shot.
const shots = [];
files.forEach((file, replay) => {
  let report;
  try {
    report = analyzeReplay(parseReplay(readFileSync(join(corpus, file))));
  } catch {
    return;
  }
  if (report.match.game_type !== 'TAGame.Replay_Soccar_TA' || report.quality.boost_pads !== 'supported')
    return;
  for (const s of report.events.shots ?? []) {
    if (s.distance === null || s.angle === null || s.ball_speed === null) continue;
    shots.push({
      replay,
      teamSize: report.match.team_size,
      // Features on unit scales: distance (1000 uu), angle (rad), ball speed (1000 uu/s).
      x: [1, s.distance / 1000, s.angle, s.ball_speed / 1000],
      goal: s.scored ? 1 : 0,
    });
  }
});

const sigmoid = (z) => 1 / (1 + Math.exp(-z));
const predict = (w, x) => sigmoid(x.reduce((s, xi, i) => s + xi * w[i], 0));

/** Logistic regression by Newton's method with a small ridge (λ = 1e-3) for stability. */
function fit(rows) {
  const k = rows[0]?.x.length ?? 4;
  let w = new Array(k).fill(0);
  for (let iter = 0; iter < 25; iter++) {
    const g = new Array(k).fill(0);
    const H = Array.from({ length: k }, () => new Array(k).fill(0));
    for (const r of rows) {
      const p = predict(w, r.x);
      for (let i = 0; i < k; i++) {
        g[i] += (p - r.goal) * r.x[i];
        for (let j = 0; j < k; j++) H[i][j] += p * (1 - p) * r.x[i] * r.x[j];
      }
    }
    for (let i = 0; i < k; i++) {
      g[i] += 1e-3 * w[i];
      H[i][i] += 1e-3;
    }
    const step = solve(H, g);
    w = w.map((wi, i) => wi - step[i]);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return w;
}

/** Gaussian elimination with partial pivoting: A x = b. */
function solve(A, b) {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c || M[c][c] === 0) continue;
      const f = M[r][c] / M[c][c];
      for (let j = c; j <= n; j++) M[r][j] -= f * M[c][j];
    }
  }
  return M.map((row, i) => (row[i] === 0 ? 0 : row[n] / row[i]));
}

const logLoss = (pairs) => {
  const eps = 1e-6;
  const s = pairs.reduce(
    (a, [p, y]) => a - (y * Math.log(Math.max(eps, p)) + (1 - y) * Math.log(Math.max(eps, 1 - p))),
    0,
  );
  return s / Math.max(1, pairs.length);
};

const goals = shots.filter((s) => s.goal).length;
console.log(
  `xG fit: ${shots.length} shots (${goals} goals) in ${new Set(shots.map((s) => s.replay)).size} standard soccar replays`,
);
if (shots.length < MIN_SHOTS || goals < MIN_GOALS) {
  console.log(`too few shots to fit (need ${MIN_SHOTS} shots and ${MIN_GOALS} goals): no model`);
  process.exit(0);
}

// Held-out predictions: folds by replay, so no replay is in its own training set.
const heldOut = [];
for (let k = 0; k < FOLDS; k++) {
  const train = shots.filter((s) => s.replay % FOLDS !== k);
  const test = shots.filter((s) => s.replay % FOLDS === k);
  if (test.length === 0) continue;
  const w = fit(train);
  for (const s of test) heldOut.push({ s, p: predict(w, s.x) });
}
const baseRate = goals / shots.length;
const brier = (pairs) => pairs.reduce((a, [p, y]) => a + (p - y) ** 2, 0) / Math.max(1, pairs.length);
const heldOutLogLoss = logLoss(heldOut.map(({ s, p }) => [p, s.goal]));
const baseRateLogLoss = logLoss(heldOut.map(({ s }) => [baseRate, s.goal]));
console.log(
  `held-out log loss: fitted ${heldOutLogLoss.toFixed(3)}, ` +
    `base rate ${baseRate.toFixed(3)} → ${baseRateLogLoss.toFixed(3)}; ` +
    `Brier ${brier(heldOut.map(({ s, p }) => [p, s.goal])).toFixed(3)} (base rate ${brier(heldOut.map(({ s }) => [baseRate, s.goal])).toFixed(3)})`,
);
const sorted = [...heldOut].sort((a, b) => a.p - b.p);
const bins = 5;
const calib = [];
for (let b = 0; b < bins; b++) {
  const part = sorted.slice(
    Math.floor((b * sorted.length) / bins),
    Math.floor(((b + 1) * sorted.length) / bins),
  );
  const mean = part.reduce((a, x) => a + x.p, 0) / part.length;
  const obs = part.reduce((a, x) => a + x.s.goal, 0) / part.length;
  calib.push(`${mean.toFixed(2)}→${obs.toFixed(2)} (n=${part.length})`);
}
console.log(`calibration by quintile of held-out prediction (predicted → observed): ${calib.join(', ')}`);

// Uncertainty: bootstrap over replays (shots of a replay are not independent).
const replays = [...new Set(shots.map((s) => s.replay))];
const byReplay = new Map(replays.map((r) => [r, shots.filter((s) => s.replay === r)]));
let seed = 17;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const ws = [];
for (let b = 0; b < BOOTSTRAPS; b++) {
  const sample = [];
  for (let i = 0; i < replays.length; i++)
    sample.push(...byReplay.get(replays[Math.floor(rand() * replays.length)]));
  ws.push(fit(sample));
}
const names = ['intercept', 'distance (per 1000 uu)', 'angle (per rad)', 'ball speed (per 1000 uu/s)'];
const full = fit(shots);
const interval = (i) => {
  const v = ws.map((w) => w[i]).sort((a, b) => a - b);
  return `[${v[Math.floor(0.05 * v.length)].toFixed(2)}, ${v[Math.floor(0.95 * v.length)].toFixed(2)}]`;
};
console.log(
  `coefficients (90 % bootstrap interval over replays): ${names.map((n, i) => `${n} ${full[i].toFixed(2)} ${interval(i)}`).join('; ')}`,
);
// A typical shot's xG with its interval: 2500 uu out, 20°, 1500 uu/s.
const typical = [1, 2.5, (20 * Math.PI) / 180, 1.5];
const tv = ws.map((w) => predict(w, typical)).sort((a, b) => a - b);
console.log(
  `typical shot (2500 uu, 20°, 1500 uu/s): xG ${predict(full, typical).toFixed(2)} ` +
    `[${tv[Math.floor(0.05 * tv.length)].toFixed(2)}, ${tv[Math.floor(0.95 * tv.length)].toFixed(2)}]`,
);
const modes = {};
for (const size of [1, 2, 3, 4]) {
  const part = shots.filter((s) => s.teamSize === size);
  const g = part.filter((s) => s.goal).length;
  const held = heldOut.filter(({ s }) => s.teamSize === size).map(({ s, p }) => [p, s.goal]);
  const ll = held.length ? logLoss(held) : null;
  modes[size] = { shots: part.length, goals: g, held_out_log_loss: ll === null ? null : +ll.toFixed(4) };
  console.log(
    `${size}v${size}: ${part.length} shots, ${g} goals` +
      (ll === null ? '' : `, held-out log loss ${ll.toFixed(3)}`) +
      (part.length >= MIN_SHOTS && g >= MIN_GOALS
        ? ': enough to show a number'
        : `: too few to show a number (need ${MIN_SHOTS} shots and ${MIN_GOALS} goals)`),
  );
}

if (process.argv.includes('--write')) {
  const table = {
    features: ['intercept', 'distance / 1000 uu', 'angle (rad)', 'ball speed / 1000 uu/s'],
    coefficients: full.map((c) => +c.toFixed(4)),
    bootstrap: ws.map((w) => w.map((c) => +c.toFixed(4))),
    min_shots: MIN_SHOTS,
    min_goals: MIN_GOALS,
    modes,
    provenance: {
      fitted_on: new Date().toISOString().slice(0, 10),
      replays: replays.length,
      shots: shots.length,
      goals,
      folds: FOLDS,
      held_out_log_loss: +heldOutLogLoss.toFixed(4),
      base_rate_log_loss: +baseRateLogLoss.toFixed(4),
      bootstraps: BOOTSTRAPS,
    },
  };
  const out = resolve(here, '../src/analysis/mechanics/xg-fit.generated.ts');
  writeFileSync(
    out,
    '// Generated by parser/bench/xg-fit.bench.mjs --write from the replay corpus: do not edit by hand.\n' +
      '// Logistic P(goal | shot) on the features below; bootstrap = refits on replays drawn with replacement.\n' +
      "import type { XgFitTable } from './xg.js';\n\n" +
      `export const XG_FIT: XgFitTable = ${JSON.stringify(table)};\n`,
  );
  console.log(`wrote ${out} (run prettier on it)`);
}
