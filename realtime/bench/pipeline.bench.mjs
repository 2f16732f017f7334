#!/usr/bin/env node
// Pipeline benchmark: upload → done through the real processes (a realtime node and
// BullMQ worker processes, built to dist), a fresh database and a private Redis prefix.
//   1. latency: 20 replays uploaded one after another, one worker: median and p95 of
//      upload-start → `replay:done` seen by a Socket.IO client.
//   2. throughput: the same 20 replays in one batch with 1 worker (baseline) and with
//      2 workers, replays/s and the ratio, measured in this same run.
// Usage: node realtime/bench/pipeline.bench.mjs   (npm run bench runs it after a build)
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = process.env.RLCOACH_CORPUS ?? path.resolve(root, '../shared/replays');
const COUNT = 20;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'pipeline-bench-secret-pipeline-bench-secret';

const { createTestDatabase } = await import(path.join(root, 'db/dist/testing.js'));
const { User, UserKind } = await import(path.join(root, 'db/dist/index.js'));
const { signSessionToken } = await import(path.join(root, 'db/dist/contracts/session-token.js'));

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
  const until = Date.now() + 30_000;
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
    try {
      return await fn({ port, token, socket });
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
  return ids;
}

/** Resolves when every id reached done or failed; returns the terminal event time per id. */
function terminal(socket, ids) {
  const pending = new Set(ids);
  const at = new Map();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pending.size} replays`)),
      300_000,
    );
    const onEnd = (kind) => (p) => {
      if (!pending.delete(p.replayId)) return;
      at.set(p.replayId, { t: performance.now(), kind });
      if (pending.size === 0) {
        clearTimeout(timer);
        socket.off('replay:done', done);
        socket.off('replay:failed', failed);
        resolve(at);
      }
    };
    const done = onEnd('done');
    const failed = onEnd('failed');
    socket.on('replay:done', done);
    socket.on('replay:failed', failed);
  });
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};

const files = pickReplays();
if (files.length < COUNT) {
  console.log(
    `pipeline bench skipped: needs ${COUNT} corpus replays under ${corpus} (RLCOACH_CORPUS), found ${files.length}`,
  );
  process.exit(0);
}
const totalMb = files.reduce((s, f) => s + statSync(f).size, 0) / 1e6;

// 1. Latency, one replay at a time.
const latencies = await withStack(1, async ({ port, token, socket }) => {
  const out = [];
  for (const f of files) {
    const t0 = performance.now();
    const replayIds = await upload(port, token, [f]);
    const at = await terminal(socket, replayIds);
    out.push(at.get(replayIds[0]).t - t0);
  }
  return out;
});

// 2. Throughput: one batch of all files, 1 worker (baseline) then 2 workers.
async function throughput(workers) {
  return withStack(workers, async ({ port, token, socket }) => {
    const t0 = performance.now();
    const ids = await upload(port, token, files);
    const at = await terminal(socket, ids);
    const failed = [...at.values()].filter((x) => x.kind === 'failed').length;
    const seconds = (Math.max(...[...at.values()].map((x) => x.t)) - t0) / 1000;
    return { seconds, perSecond: files.length / seconds, failed };
  });
}
const one = await throughput(1);
const two = await throughput(2);

const ms = (x) => `${x.toFixed(0)} ms`;
console.log(
  `\npipeline (upload → replay:done), ${files.length} corpus replays, ${totalMb.toFixed(1)} MB, ${os.cpus().length} cores`,
);
console.log(
  `  latency, one after another (1 worker): median ${ms(quantile(latencies, 0.5))}, p95 ${ms(quantile(latencies, 0.95))}, max ${ms(Math.max(...latencies))}`,
);
console.log(
  `  throughput, 1 worker:  ${one.perSecond.toFixed(2)} replays/s (${(totalMb / one.seconds).toFixed(1)} MB/s), batch of ${files.length} in ${one.seconds.toFixed(1)} s${one.failed ? `, ${one.failed} failed` : ''}`,
);
console.log(
  `  throughput, 2 workers: ${two.perSecond.toFixed(2)} replays/s (${(totalMb / two.seconds).toFixed(1)} MB/s), batch of ${files.length} in ${two.seconds.toFixed(1)} s${two.failed ? `, ${two.failed} failed` : ''}`,
);
console.log(`  2 workers / 1 worker: ${(two.perSecond / one.perSecond).toFixed(2)}×`);
process.exit(0);
