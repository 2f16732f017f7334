#!/usr/bin/env node
// Pipeline benchmark: upload → done through the real processes (a realtime node and
// BullMQ worker processes, built to dist), a fresh database and a private Redis prefix.
//   1. latency: 20 replays uploaded one after another, one worker: median and p95 of
//      upload-start → `replay:done` seen by a Socket.IO client, and where that time goes,
//      stage by stage (the upload's Server-Timing header, the BullMQ job's timestamps and the
//      stage timings the job returns, the socket event's arrival).
//   2. throughput: the same 20 replays in one batch with 1 worker (baseline) and with
//      2 workers, replays/s and the ratio, measured in this same run, with the CPU the
//      processes used and the machine's idle CPU over each batch (what bounds two workers).
// The machine is shared: every figure carries the load average it was measured under.
// Usage: node realtime/bench/pipeline.bench.mjs   (npm run bench runs it after a build)
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = process.env.RLCOACH_CORPUS ?? path.resolve(root, '../shared/replays');
const COUNT = 20;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'pipeline-bench-secret-pipeline-bench-secret';

const { createTestDatabase } = await import(path.join(root, 'db/dist/testing.js'));
const { User, UserKind } = await import(path.join(root, 'db/dist/index.js'));
const { signSessionToken } = await import(path.join(root, 'db/dist/contracts/session-token.js'));
const { JobName, QueueName, jobIdFor } = await import(path.join(root, 'db/dist/contracts/jobs.js'));

function pickReplays() {
  // Modern (2024+) corpus replays of typical size; distinct matches so none dedupes.
  const dirs = ['rlcoach', 'with-stats', 'good'].map((d) => path.join(corpus, d)).filter(existsSync);
  const files = dirs.flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.replay'))
      .map((f) => path.join(d, f)),
  );
  return files
    .map((f) => ({ f, size: statSync(f).size }))
    .filter((x) => x.size > 200_000 && x.size < 3_000_000)
    .sort((a, b) => a.f.localeCompare(b.f))
    .slice(0, COUNT)
    .map((x) => x.f);
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

function start(script, env) {
  const child = spawn(process.execPath, [path.join(root, script)], {
    cwd: root,
    // The bench signs its own session-less tokens (no web sign-in in the loop).
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', REALTIME_REQUIRE_SESSION: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
  child.on(
    'exit',
    (code) => code && code !== 0 && !child.stopping && console.error(`${script} exited ${code}\n${err}`),
  );
  return child;
}

async function stop(child) {
  if (child.exitCode !== null) return;
  child.stopping = true;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await done;
  clearTimeout(t);
}

async function waitHealthy(port) {
  const until = Date.now() + 120_000; // generous: the machine is shared
  while (Date.now() < until) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('realtime did not become healthy');
}

/** One isolated stack: database, prefix, storage, a realtime node and `workers` worker processes. */
async function withStack(workers, fn) {
  const db = await createTestDatabase('bench');
  const key = randomUUID().slice(0, 8);
  const storage = path.join(os.tmpdir(), `rlcoach-bench-${key}`);
  const port = await freePort();
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL,
    BULLMQ_PREFIX: `bench-${key}`,
    SOCKET_IO_KEY: `bench.io.${key}`,
    STORAGE_DIR: storage,
    SESSION_SECRET: SECRET,
    REALTIME_PORT: String(port),
  };
  const procs = [start('realtime/dist/main.js', env)];
  for (let i = 0; i < workers; i++) procs.push(start('worker/dist/main.js', env));
  try {
    await waitHealthy(port);
    const em = db.orm.em.fork();
    const user = em.create(User, { displayName: 'bench', kind: UserKind.Member });
    await em.flush();
    const token = signSessionToken(SECRET, user.id, { kind: 'member' });
    const socket = io(`http://127.0.0.1:${port}`, { auth: { token }, transports: ['websocket'] });
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const events = watchTerminal(socket);
    try {
      return await fn({ port, token, socket, events, prefix: env.BULLMQ_PREFIX, procs });
    } finally {
      socket.close();
    }
  } finally {
    await Promise.all(procs.map(stop));
    await db.drop();
    await rm(storage, { recursive: true, force: true });
  }
}

async function upload(port, token, files) {
  const form = new FormData();
  for (const f of files) form.append('files', new Blob([await readFile(f)]), path.basename(f));
  const res = await fetch(`http://127.0.0.1:${port}/api/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const body = await res.json();
  const ids = body.files?.filter((x) => x.replayId).map((x) => x.replayId) ?? [];
  if (ids.length !== files.length)
    throw new Error(`upload refused: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
  return { ids, serverTiming: parseServerTiming(res.headers.get('server-timing') ?? '') };
}

/** `a;dur=1.5, b;dur=2` → { a: 1.5, b: 2 } */
function parseServerTiming(header) {
  const out = {};
  for (const part of header.split(',')) {
    const m = /^\s*([\w.-]+);dur=([\d.]+)/.exec(part);
    if (m) out[m[1]] = Number(m[2]);
  }
  return out;
}

/** Epoch ms with sub-ms precision (comparable with the worker's marks and BullMQ's timestamps). */
const epochMs = () => performance.timeOrigin + performance.now();

/**
 * Every replay:done / replay:failed from the moment the socket connects, so an event that
 * arrives before the upload's response (a fast job) is not missed.
 */
function watchTerminal(socket) {
  const seen = new Map();
  const waiters = new Set();
  const on = (kind) => (p) => {
    if (seen.has(p.replayId)) return;
    seen.set(p.replayId, { t: performance.now(), epoch: epochMs(), kind });
    for (const w of waiters) w();
  };
  socket.on('replay:done', on('done'));
  socket.on('replay:failed', on('failed'));
  return {
    /** Resolves with the terminal event of each id once all of them have one. */
    wait(ids, timeoutMs = 300_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!ids.every((id) => seen.has(id))) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(new Map(ids.map((id) => [id, seen.get(id)])));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${ids.filter((id) => !seen.has(id)).length} replays`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** The BullMQ job of a replay: its timestamps (enqueued, picked up, finished) and returned stages. */
async function jobRecord(redis, prefix, replayId) {
  const key = `${prefix}:${QueueName.Replays}:${jobIdFor(JobName.ReplayProcess, replayId)}`;
  const h = await redis.hgetall(key);
  const result = h.returnvalue ? JSON.parse(h.returnvalue) : null;
  return {
    enqueuedAt: Number(h.timestamp),
    pickedAt: Number(h.processedOn),
    finishedAt: Number(h.finishedOn),
    stages: result?.stages ?? {},
  };
}

/** Linux's USER_HZ: /proc times are in these ticks. */
const CLOCK_TICKS = 100;

/** CPU seconds (user + system, all threads) a process has used so far, from /proc (0 elsewhere). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS || 0;
  } catch {
    return 0;
  }
}

/** The machine's idle CPU seconds so far, summed over cores. */
const idleSeconds = () => os.cpus().reduce((s, c) => s + c.times.idle, 0) / 1000;
const load = () => os.loadavg()[0].toFixed(1);

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const median = (xs) => quantile(xs, 0.5);

const files = pickReplays();
if (files.length < COUNT) {
  console.log(
    `pipeline bench skipped: needs ${COUNT} corpus replays under ${corpus} (RLCOACH_CORPUS), found ${files.length}`,
  );
  process.exit(0);
}
const sizes = files.map((f) => statSync(f).size);
const totalMb = sizes.reduce((s, x) => s + x, 0) / 1e6;
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });

// 1. Latency, one replay at a time, and each one's stages.
const loadBefore = load();
const runs = await withStack(1, async ({ port, token, events, prefix }) => {
  const out = [];
  for (const f of files) {
    const t0 = performance.now();
    const sentAt = epochMs();
    const { ids, serverTiming } = await upload(port, token, [f]);
    const respondedAt = epochMs();
    const at = (await events.wait(ids)).get(ids[0]);
    const job = await jobRecord(redis, prefix, ids[0]);
    out.push({ total: at.t - t0, sentAt, respondedAt, eventAt: at.epoch, serverTiming, job });
  }
  return out;
});
const latencyLoad = `${loadBefore}→${load()}`;
const latencies = runs.map((r) => r.total);

// 2. Throughput: one batch of all files, 1 worker (baseline) then 2 workers.
async function throughput(workers) {
  return withStack(workers, async ({ port, token, events, procs }) => {
    const loadAt = load();
    const cpu0 = procs.map((p) => cpuSeconds(p.pid));
    const idle0 = idleSeconds();
    const t0 = performance.now();
    const { ids } = await upload(port, token, files);
    const at = await events.wait(ids);
    const failed = [...at.values()].filter((x) => x.kind === 'failed').length;
    const seconds = (Math.max(...[...at.values()].map((x) => x.t)) - t0) / 1000;
    const cpu = procs.map((p, i) => cpuSeconds(p.pid) - cpu0[i]);
    const idle = idleSeconds() - idle0;
    return {
      seconds,
      perSecond: files.length / seconds,
      failed,
      load: `${loadAt}→${load()}`,
      realtimeCpu: cpu[0],
      workerCpu: cpu.slice(1),
      idleCores: idle / seconds,
    };
  });
}
const one = await throughput(1);
const two = await throughput(2);
redis.disconnect();

const ms = (x) => `${x.toFixed(0)} ms`;
const kb = (x) => `${(x / 1e6).toFixed(2)} MB`;
console.log(
  `\npipeline (upload → replay:done), ${files.length} corpus replays, ${totalMb.toFixed(1)} MB (median ${kb(median(sizes))}), ${os.cpus().length} cores`,
);
console.log(
  `  latency, one after another (1 worker): median ${ms(median(latencies))}, p95 ${ms(quantile(latencies, 0.95))}, max ${ms(Math.max(...latencies))}   [load ${latencyLoad}]`,
);
const typical = runs.filter((_, i) => sizes[i] >= 0.7e6 && sizes[i] <= 1.5e6).map((r) => r.total);
if (typical.length > 0)
  console.log(
    `  latency, the ${typical.length} replays of 0.7–1.5 MB: median ${ms(median(typical))}, p95 ${ms(quantile(typical, 0.95))}   (targets: median < 150 ms, p95 < 250 ms)`,
  );

// The breakdown: per stage, the median over the sequential uploads. Stages in path order;
// "gaps" is what no mark covers (HTTP, event loop turns, clock rounding: BullMQ marks are whole ms).
const rows = [];
const stage = (name, pick) => rows.push([name, runs.map(pick).filter((x) => Number.isFinite(x))]);
const st = (key) => (r) => r.job.stages[key];
stage('upload: auth, rate limits, backpressure', (r) => r.serverTiming.checks);
stage('upload: multipart stream to temp file', (r) => r.serverTiming.receive);
stage('ingest: CRCs, hash, rows, original, enqueue', (r) => r.serverTiming.ingest);
stage('upload: temp clean-up', (r) => r.serverTiming.cleanup);
stage(
  'HTTP response to the client',
  (r) => r.respondedAt - r.sentAt - Object.values(r.serverTiming).reduce((s, x) => s + x, 0),
);
stage('job pick-up (enqueued → active, whole ms)', (r) => r.job.pickedAt - r.job.enqueuedAt);
stage('worker: attempt start (row → processing)', st('start'));
stage('worker: read the original', st('read'));
stage('thread hand-off (post → thread starts)', st('handoff'));
stage('parse', st('parse'));
const passes = [
  ...new Set(runs.flatMap((r) => Object.keys(r.job.stages).filter((k) => k.startsWith('analysis.')))),
];
for (const p of passes) stage(`analysis: ${p.slice('analysis.'.length)}`, st(p));
stage('track: sample', st('trackSample'));
stage('track: deflate', st('trackEncode'));
stage('thread hand-back (result → job)', st('handback'));
stage('save transaction', st('save'));
stage('same-match merge check', st('merge'));
stage('job done → replay:done at the browser socket', (r) => r.eventAt - r.job.finishedAt);
const sumOfMedians = rows.reduce((s, [, xs]) => s + (xs.length ? median(xs) : 0), 0);
console.log(`  where the time goes, median per stage over the ${runs.length} sequential uploads:`);
for (const [name, xs] of rows) {
  if (xs.length === 0) continue;
  const m = median(xs);
  console.log(
    `    ${name.padEnd(46)} ${m.toFixed(1).padStart(7)} ms  (p95 ${quantile(xs, 0.95).toFixed(1)})`,
  );
}
console.log(
  `    ${'sum of stage medians'.padEnd(46)} ${sumOfMedians.toFixed(1).padStart(7)} ms  vs median total ${median(latencies).toFixed(1)} ms`,
);

// Worker CPU per replay is the figure a busy machine distorts least: it says what one worker
// would do on a core of its own (replays/s ≈ 1 / CPU seconds per replay).
const cpuLine = (r) => {
  const workerCpu = r.workerCpu.reduce((s, x) => s + x, 0);
  return `CPU used: realtime ${r.realtimeCpu.toFixed(1)} s, worker${r.workerCpu.length > 1 ? 's' : ''} ${r.workerCpu.map((x) => x.toFixed(1)).join(' + ')} s (${((workerCpu / files.length) * 1000).toFixed(0)} ms of worker CPU per replay, ≈ ${(files.length / workerCpu).toFixed(1)} replays/s per free core); machine idle ${r.idleCores.toFixed(2)} cores on average   [load ${r.load}]`;
};
console.log(
  `  throughput, 1 worker:  ${one.perSecond.toFixed(2)} replays/s (${(totalMb / one.seconds).toFixed(1)} MB/s), batch of ${files.length} in ${one.seconds.toFixed(1)} s${one.failed ? `, ${one.failed} failed` : ''}; ${cpuLine(one)}`,
);
console.log(
  `  throughput, 2 workers: ${two.perSecond.toFixed(2)} replays/s (${(totalMb / two.seconds).toFixed(1)} MB/s), batch of ${files.length} in ${two.seconds.toFixed(1)} s${two.failed ? `, ${two.failed} failed` : ''}; ${cpuLine(two)}`,
);
const ratio = two.perSecond / one.perSecond;
console.log(
  `  2 workers / 1 worker: ${ratio.toFixed(2)}×   (target: > 1, and ≥ 8 replays/s with one worker)`,
);
if (ratio < 1.2) {
  const busy = (r) => r.realtimeCpu + r.workerCpu.reduce((s, x) => s + x, 0);
  console.log(
    `  what bounds two workers: the second worker needs a free core. Over the 2-worker batch the machine had ${two.idleCores.toFixed(2)} of ${os.cpus().length} cores idle on average and our processes used ${(busy(two) / two.seconds).toFixed(2)} cores (1 worker: ${(busy(one) / one.seconds).toFixed(2)}); Postgres and Redis use the same cores. With other load on the machine there is no second core to win.`,
  );
}
process.exit(0);
