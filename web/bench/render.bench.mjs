#!/usr/bin/env node
// Server render benchmark: time for the web server to answer Home and a Replay detail page
// for a signed-in user who owns 500 replays (p50/p95 over repeated requests).
// The 500 replays are real analysis results: the three demo replays go through the real
// seed + worker, then their rows (replay, result, report, track, ownership) are cloned with
// new ids, hashes and match dates spread over ~2 months. Numbers shown are real; only the
// identities and dates of the clones differ. The demo user claims one player of the demo replays
// ("this was me"), so Home, Sessions and Trends aggregate real per-player stats, and the stored
// summaries of the clones are computed by the same backfill an existing deployment runs.
// RENDER_BENCH_WEB=<dir> times another web build (e.g. a copy of the previous one) on the same data.
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TOTAL = 500;
const RUNS = 40;
const webBuild = path.resolve(root, process.env.RENDER_BENCH_WEB ?? 'web/build');
for (const f of [path.join(webBuild, 'index.js'), 'worker/dist/main.js', 'db/dist/testing.js']) {
  if (!existsSync(path.resolve(root, f))) {
    console.log(`render bench skipped: ${f} is not built (npm run build)`);
    process.exit(0);
  }
}
const { createTestDatabase } = await import(path.join(root, 'db/dist/testing.js'));
const { DEMO_USER_ID } = await import(path.join(root, 'worker/dist/demo-seed.js'));
const { refreshPlayerKeys } = await import(path.join(root, 'db/dist/auth/player-identity.js'));
const { playerKey } = await import(path.join(root, 'db/dist/auth/identity.js'));
const summaries = await import(path.join(root, 'db/dist/repositories/summary-repository.js')).catch(
  () => null,
);

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function start(script, env) {
  const child = spawn(process.execPath, [path.join(root, script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
  child.tail = () => err;
  return child;
}
async function stop(child) {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await done;
  clearTimeout(t);
}

const db = await createTestDatabase('render');
const sql = (q, params = []) => db.orm.em.getConnection().execute(q, params);
const key = randomUUID().slice(0, 8);
const storage = path.join(os.tmpdir(), `rlcoach-render-bench-${key}`);
const env = {
  NODE_ENV: 'development',
  RLCOACH_DEV: '1', // the bench signs in through the development sign-in
  DATABASE_URL: db.url,
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  BULLMQ_PREFIX: `render-${key}`,
  SOCKET_IO_KEY: `render.io.${key}`,
  RATE_LIMIT_PREFIX: `render-rl-${key}`,
  STORAGE_DIR: storage,
  LOG_LEVEL: 'warn',
};
const procs = [];
try {
  // 1. Three real analysed replays for the demo user, through the real seed and worker.
  execFileSync(process.execPath, [path.join(root, 'worker/dist/cli/seed-demo.js')], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  const worker = start('worker/dist/main.js', env);
  procs.push(worker);
  const until = Date.now() + 120_000;
  for (;;) {
    const [{ n }] = await sql(
      `select count(*)::int as n from replays where status in ('analysed','partial','failed')`,
    );
    if (n >= 3) break;
    if (Date.now() > until) throw new Error(`worker did not finish the demo replays\n${worker.tail()}`);
    await sleep(300);
  }
  await stop(worker);
  const sources = (
    await sql(`select id from replays where status in ('analysed','partial') order by played_at`)
  ).map((r) => r.id);
  if (sources.length === 0) throw new Error('no analysed demo replay to clone');

  // "This was me": the demo user claims the first identified player of the first demo replay.
  const [first] = await sql(`select id, header from replays where id = ?`, [sources[0]]);
  const me = first.header.players.map((p) => playerKey(p.platform, p.platformId)).find(Boolean);
  if (!me) throw new Error('the first demo replay has no identified player to claim');
  await sql(
    `insert into player_claims (user_id, player_key, replay_id, created_at) values (?, ?, ?, now())`,
    [DEMO_USER_ID, me, sources[0]],
  );
  await refreshPlayerKeys(db.orm.em.fork(), DEMO_USER_ID);

  // 2. Clone them to TOTAL replays owned by the demo user.
  const columns = async (table) =>
    (
      await sql(
        `select column_name from information_schema.columns where table_name = ? and table_schema = 'public' order by ordinal_position`,
        [table],
      )
    ).map((r) => r.column_name);
  const replayCols = await columns('replays');
  const childTables = [];
  for (const t of ['replay_results', 'replay_tracks']) {
    const cols = await columns(t);
    if (cols.includes('replay_id')) childTables.push({ t, cols });
  }
  const replayExpr = (c) =>
    ({
      id: '?::uuid',
      file_sha256: 'md5(random()::text) || md5(random()::text)',
      match_guid: "upper(replace(gen_random_uuid()::text, '-', ''))",
      played_at: "played_at - (? * interval '3 hours')",
      created_at: 'now()',
    })[c] ?? `"${c}"`;
  const insertReplay = `insert into replays (${replayCols.map((c) => `"${c}"`).join(', ')}) select ${replayCols.map(replayExpr).join(', ')} from replays where id = ?`;
  const t0 = performance.now();
  for (let i = sources.length; i < TOTAL; i++) {
    const source = sources[i % sources.length];
    const id = randomUUID();
    // Parameters in placeholder order: id, hours back, source id.
    await sql(insertReplay, [id, i, source]);
    for (const { t, cols } of childTables) {
      const expr = (c) => (c === 'replay_id' ? '?::uuid' : c === 'id' ? 'gen_random_uuid()' : `"${c}"`);
      await sql(
        `insert into ${t} (${cols.map((c) => `"${c}"`).join(', ')}) select ${cols.map(expr).join(', ')} from ${t} where replay_id = ?`,
        [id, source],
      );
    }
    await sql(
      `insert into replay_ownerships (user_id, replay_id, created_at, player_key) select user_id, ?::uuid, now(), player_key from replay_ownerships where replay_id = ? and user_id = ?`,
      [id, source, DEMO_USER_ID],
    );
  }
  await refreshPlayerKeys(db.orm.em.fork(), DEMO_USER_ID); // ownership flags of the clones
  // Summary rows and sessions for the clones, as the one-off backfill computes them.
  let backfill = 'no summaries in this build';
  if (summaries) {
    const t1 = performance.now();
    await summaries.backfillSummaries(db.orm.em.fork());
    backfill = `summaries backfilled in ${((performance.now() - t1) / 1000).toFixed(1)} s`;
  }
  const [{ owned }] = await sql(`select count(*)::int as owned from replay_ownerships where user_id = ?`, [
    DEMO_USER_ID,
  ]);
  const cloneSeconds = (performance.now() - t0) / 1000;

  // 3. The real web server, signed in as the demo user through the development sign-in.
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  procs.push(
    start(path.relative(root, path.join(webBuild, 'index.js')), {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ORIGIN: origin,
    }),
  );
  for (const deadline = Date.now() + 30_000; ;) {
    try {
      await fetch(`${origin}/healthz`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error('web did not start');
      await sleep(200);
    }
  }
  const signIn = await fetch(`${origin}/signin/dev`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name: 'demo', next: '/' }),
    redirect: 'manual',
  });
  const cookie = (signIn.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  if (signIn.status !== 303 || !cookie) throw new Error(`dev sign-in answered ${signIn.status}`);

  async function time(url) {
    const samples = [];
    for (let i = 0; i < RUNS + 5; i++) {
      const t = performance.now();
      const res = await fetch(`${origin}${url}`, { headers: { cookie }, redirect: 'manual' });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${body.slice(0, 200)}`);
      if (i >= 5) samples.push(performance.now() - t); // first five warm caches and JIT
    }
    samples.sort((a, b) => a - b);
    const q = (p) => samples[Math.min(samples.length - 1, Math.ceil(p * samples.length) - 1)];
    return `p50 ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms`;
  }
  const home = await time('/');
  const list = await time('/replays');
  const filtered = await time('/replays?result=win&sort=length&page=2');
  const sessionsPage = await time('/sessions');
  const trends = await time('/trends');
  // A metric with no summary column: its value comes out of the stored stats JSON in SQL.
  const trendsJson = await time('/trends?metric=boost.bpm');
  const detail = await time(`/replays/${sources[0]}`);
  console.log(
    `\nweb server render (${path.relative(root, webBuild)}), demo user owning ${owned} replays (${TOTAL - sources.length} cloned from ${sources.length} analysed in ${cloneSeconds.toFixed(1)} s; ${backfill}), ${RUNS} requests each`,
  );
  console.log(`  Home (/):                 ${home}`);
  console.log(`  Replays (/replays):       ${list}`);
  console.log(`  Replays, filtered page 2: ${filtered}`);
  console.log(`  Sessions (/sessions):     ${sessionsPage}`);
  console.log(`  Trends (/trends):         ${trends}`);
  console.log(`  Trends, boost.bpm (JSON): ${trendsJson}`);
  console.log(`  Replay detail:            ${detail}`);
} finally {
  await Promise.all(procs.map(stop));
  await db.drop();
  await rm(storage, { recursive: true, force: true });
}
process.exit(0);
