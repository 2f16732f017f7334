#!/usr/bin/env node
// Load test on loopback (issue #19): LOAD_USERS users (100) each upload LOAD_FILES replays (5) in
// one batch, all at once, while LOAD_SOCKETS Socket.IO clients (1,000, spread over the users) stay
// connected; one realtime node and LOAD_WORKERS worker processes (2), a fresh database, a private
// BullMQ prefix. Checks that every replay ends done or failed with a reason, none lost or
// duplicated, and prints:
//   uploads per minute       replays accepted ÷ minutes from the first upload to the last terminal event
//   p95 upload → done        from the moment the batch was sent to the replay's done/failed event
//   p99 socket event latency probe events emitted through the Redis emitter (the worker's path)
//                            every second to 10 users' rooms, received on each of their sockets
// Usage: node scripts/bench/load.bench.mjs   (npm run bench runs it after a build)
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Emitter } from '@socket.io/redis-emitter';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = process.env.RLCOACH_CORPUS ?? path.resolve(root, '../shared/replays');
const USERS = Number(process.env.LOAD_USERS ?? 100);
const FILES = Number(process.env.LOAD_FILES ?? 5);
const SOCKETS = Number(process.env.LOAD_SOCKETS ?? 1000);
const WORKERS = Number(process.env.LOAD_WORKERS ?? 2);
const UPLOAD_CONCURRENCY = Number(process.env.LOAD_UPLOAD_CONCURRENCY ?? 4);
const DEADLINE_MS = Number(process.env.LOAD_DEADLINE_MS ?? 30 * 60_000);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = `load-bench-${randomUUID()}-${randomUUID()}`;

const { createTestDatabase } = await import(path.join(root, 'db/dist/testing.js'));
const { User, UserKind, Replay, ReplayResult, UploadItem } = await import(
  path.join(root, 'db/dist/index.js')
);
const { signSessionToken } = await import(path.join(root, 'db/dist/contracts/session-token.js'));

const log = (...a) => console.log('[load]', ...a);
const pct = (xs, p) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** Every replay of the corpus's decodable folders; users get consecutive slices (wrapping). */
function corpusFiles() {
  const dirs = ['good', 'with-stats', 'rlcoach'].map((d) => path.join(corpus, d)).filter(existsSync);
  return dirs
    .flatMap((d) =>
      readdirSync(d)
        .filter((f) => f.endsWith('.replay'))
        .map((f) => path.join(d, f)),
    )
    .filter((f) => statSync(f).size < 10 * 1024 * 1024)
    .sort();
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
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', REALTIME_REQUIRE_SESSION: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const err = [];
  child.stderr.on('data', (d) => err.push(d.toString()));
  child.tail = () => err.join('').slice(-3000);
  return child;
}

const files = corpusFiles();
if (files.length === 0) {
  log(`skipped: no corpus at ${corpus}`);
  process.exit(0);
}
const db = await createTestDatabase('load-bench');
const id = randomUUID().slice(0, 8);
const prefix = `rlcoach-load-${id}`;
const ioKey = `rlcoach-load-${id}.io`;
const storageDir = path.join(os.tmpdir(), `rlcoach-load-${id}`);
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const env = {
  DATABASE_URL: db.url,
  REDIS_URL,
  BULLMQ_PREFIX: prefix,
  SOCKET_IO_KEY: ioKey,
  SESSION_SECRET: SECRET,
  STORAGE_DIR: path.join(storageDir, 'replays'),
  // Room for the whole burst: this measures throughput, not the 503 backpressure.
  QUEUE_MAX_DEPTH: String(USERS * FILES + 100),
};
const children = [
  // The realtime node holds a pooled connection per file being ingested: room for the burst.
  start('realtime/dist/main.js', {
    ...env,
    REALTIME_PORT: String(port),
    UPLOAD_TMP_DIR: path.join(storageDir, 'tmp'),
    DB_POOL_MAX: '20',
  }),
  ...Array.from({ length: WORKERS }, () => start('worker/dist/main.js', env)),
];
const sockets = [];
let exitCode = 0;
try {
  const until = Date.now() + 120_000;
  for (;;) {
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until) throw new Error(`realtime did not start:\n${children[0].tail()}`);
    await new Promise((r) => setTimeout(r, 250));
  }

  // Users and their sockets: SOCKETS spread evenly over USERS.
  const em = db.orm.em.fork();
  const users = [];
  for (let i = 0; i < USERS; i++)
    users.push(em.create(User, { displayName: `load-${i}`, kind: UserKind.Member }));
  await em.flush();
  const tokens = users.map((u) => signSessionToken(SECRET, u.id, { ttlSeconds: 7200 }));
  /** replayId → first terminal event time; probe id → receipt latencies. */
  const terminal = new Map();
  const probeLatency = [];
  const refusals = new Map();
  const connectStart = Date.now();
  for (let s = 0; s < SOCKETS; s++) {
    const u = s % USERS;
    const socket = io(url, {
      auth: { token: tokens[u] },
      transports: ['websocket'],
      reconnectionDelayMax: 2000,
    });
    const onTerminal = (event) => (p) => {
      if (!p?.replayId) return;
      if (!terminal.has(p.replayId)) terminal.set(p.replayId, { at: Date.now(), event, reason: p.reason });
    };
    // A refused handshake is not retried by socket.io itself: retry with jitter, as the web client does.
    socket.on('connect_error', (err) => {
      refusals.set(err.message, (refusals.get(err.message) ?? 0) + 1);
      if (!socket.active) setTimeout(() => socket.connect(), 500 + Math.random() * 2000);
    });
    socket.on('replay:done', onTerminal('done'));
    socket.on('replay:failed', onTerminal('failed'));
    socket.on('replay:progress', (p) => {
      if (typeof p?.replayId === 'string' && p.replayId.startsWith('probe:'))
        probeLatency.push(Date.now() - Number(p.replayId.slice(6)));
    });
    sockets.push(socket);
  }
  await new Promise((resolve, reject) => {
    const t = setInterval(() => {
      const n = sockets.filter((s) => s.connected).length;
      if (n === SOCKETS) {
        clearInterval(t);
        resolve();
      } else if (Date.now() - connectStart > 180_000) {
        clearInterval(t);
        reject(
          new Error(`only ${n}/${SOCKETS} sockets connected; refusals ${JSON.stringify([...refusals])}`),
        );
      }
    }, 100);
  });
  log(
    `${SOCKETS} sockets connected for ${USERS} users in ${((Date.now() - connectStart) / 1000).toFixed(1)} s`,
  );

  // Probe events through the same Redis emitter path the worker uses, to every user's room.
  const pub = new Redis(REDIS_URL);
  const emitter = new Emitter(pub, { key: ioKey });
  // A sample (the first 10 users' rooms, 10 sockets each) once a second: a measurement, not extra load.
  const probes = setInterval(() => {
    const at = Date.now();
    for (const u of users.slice(0, 10))
      emitter
        .to(`user:${u.id}`)
        .emit('replay:progress', { replayId: `probe:${at}`, stage: 'queued', percent: 0 });
  }, 1000);

  // The burst: every user sends one batch of FILES replays, all at once.
  const sentAt = new Map();
  const answers = [];
  let networkRetries = 0;
  const t0 = Date.now();
  const progress = setInterval(
    () => log(`… ${answers.length}/${USERS} batches answered (${((Date.now() - t0) / 1000).toFixed(0)} s)`),
    15_000,
  );
  // Browsers send their batches at once; at most UPLOAD_CONCURRENCY are in flight here, so the
  // realtime node's header checks queue in the client rather than past fetch's 5-minute timeout.
  let inFlight = 0;
  const slots = [];
  const slot = async () => {
    while (inFlight >= UPLOAD_CONCURRENCY) await new Promise((r) => slots.push(r));
    inFlight++;
  };
  const release = () => {
    inFlight--;
    slots.shift()?.();
  };
  await Promise.all(
    users.map(async (u, i) => {
      await slot();
      try {
        await sendBatch(u, i);
      } finally {
        release();
      }
    }),
  );
  async function sendBatch(u, i) {
    let mine = Array.from({ length: FILES }, (_, k) => files[(i * FILES + k) % files.length]);
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const form = new FormData();
      for (const f of mine) form.append('files', new Blob([await readFile(f)]), path.basename(f));
      let res;
      try {
        res = await fetch(`${url}/api/uploads`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens[i]}` },
          body: form,
        });
      } catch (err) {
        // Unreachable or timed out: sent again, as the web client does (a stored file comes back a duplicate).
        networkRetries++;
        if (attempt >= 10) throw err;
        await new Promise((r) => setTimeout(r, 1000 + Math.random() * 1000));
        continue;
      }
      const body = await res.json();
      if (res.status === 503 && attempt < 10) {
        await new Promise((r) => setTimeout(r, 1000 + Math.random() * 1000));
        continue;
      }
      const answeredAt = Date.now();
      answers.push({ user: u.id, status: res.status, body });
      for (const f of body.files ?? [])
        if (f.replayId)
          sentAt.set(`${u.id}:${f.replayId}`, { replayId: f.replayId, at: started, answeredAt });
      // Files the service could not take just now are sent again, as the web client does.
      const again = new Set(
        (body.files ?? []).filter((f) => f.error?.code === 'SERVICE_UNAVAILABLE').map((f) => f.fileName),
      );
      if (again.size === 0 || attempt >= 10) return;
      mine = mine.filter((f) => again.has(path.basename(f)));
      await new Promise((r) => setTimeout(r, 1000 + Math.random() * 1000));
    }
  }
  clearInterval(progress);
  const uploadedIn = Date.now() - t0;
  const accepted = [...sentAt.values()];
  const replayIds = new Set(accepted.map((a) => a.replayId));
  log(
    `${answers.length} batches answered in ${(uploadedIn / 1000).toFixed(1)} s: ${accepted.length} files accepted/duplicate → ${replayIds.size} distinct replays; statuses ${JSON.stringify(countBy(answers.map((a) => a.status)))}`,
  );

  // Wait until every replay has a terminal event (or its row says so, for duplicates of replays finished before the upload).
  const deadline = Date.now() + DEADLINE_MS;
  let lastReport = 0;
  for (;;) {
    const rows = await db.orm.em
      .fork()
      .find(Replay, { id: { $in: [...replayIds] } }, { fields: ['id', 'status', 'error'] });
    const done = rows.filter((r) => ['analysed', 'partial', 'failed'].includes(r.status)).length;
    const eventsFor = [...replayIds].filter((r) => terminal.has(r)).length;
    if (done === replayIds.size && eventsFor === replayIds.size) break;
    if (Date.now() > deadline)
      throw new Error(
        `deadline: ${done}/${replayIds.size} finished in the database, ${eventsFor} with an event`,
      );
    if (Date.now() - lastReport > 15_000) {
      lastReport = Date.now();
      log(`… ${done}/${replayIds.size} replays finished (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  clearInterval(probes);
  const allDoneAt = Math.max(...[...terminal.values()].map((t) => t.at));

  // Nothing lost, nothing twice.
  const em2 = db.orm.em.fork();
  const rows = await em2.find(Replay, { id: { $in: [...replayIds] } });
  const failedWithoutReason = rows.filter((r) => r.status === 'failed' && !r.error);
  const results = await em2.count(ReplayResult, { replay: { $in: [...replayIds] } });
  const finishedOk = rows.filter((r) => r.status !== 'failed').length;
  const items = await em2.count(UploadItem, {});
  const problems = [];
  // A file answered SERVICE_UNAVAILABLE keeps its item (with that reason) and gets another when resent.
  const resent = answers.reduce(
    (n, a) => n + (a.body.files ?? []).filter((f) => f.error?.code === 'SERVICE_UNAVAILABLE').length,
    0,
  );
  if (items < USERS * FILES + resent)
    problems.push(`${items} upload items for ${USERS * FILES} files sent and ${resent} resent`);
  if (accepted.length !== USERS * FILES)
    problems.push(`${accepted.length} of ${USERS * FILES} files accepted`);
  if (results !== finishedOk)
    problems.push(`${results} results for ${finishedOk} finished replays (lost or doubled)`);
  if (failedWithoutReason.length) problems.push(`${failedWithoutReason.length} failed without a reason`);

  // A duplicate of a replay that had already finished is done when its answer arrives.
  const latencies = accepted.map((a) => Math.max(terminal.get(a.replayId).at, a.answeredAt) - a.at);
  const minutes = (allDoneAt - t0) / 60_000;
  console.log('');
  console.log(
    `load test: ${USERS} users × ${FILES} replays, ${SOCKETS} sockets, ${WORKERS} worker processes, 1 realtime node (${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})`,
  );
  console.log(
    `  replays sent / accepted          ${USERS * FILES} / ${accepted.length} (${replayIds.size} distinct, the rest linked as duplicates)`,
  );
  console.log(`  outcomes                         ${JSON.stringify(countBy(rows.map((r) => r.status)))}`);
  console.log(
    `  uploads per minute               ${(accepted.length / minutes).toFixed(0)} (${replayIds.size / minutes > 0 ? (replayIds.size / minutes).toFixed(0) : 0} distinct replays analysed per minute)`,
  );
  console.log(
    `  upload → done  p50 / p95 / max   ${(pct(latencies, 50) / 1000).toFixed(1)} s / ${(pct(latencies, 95) / 1000).toFixed(1)} s / ${(Math.max(...latencies) / 1000).toFixed(1)} s`,
  );
  console.log(
    `  socket event latency p50 / p99   ${pct(probeLatency, 50)} ms / ${pct(probeLatency, 99)} ms (${probeLatency.length} probe deliveries)`,
  );
  console.log(
    `  retries                          ${resent} files resent after SERVICE_UNAVAILABLE, ${networkRetries} batches after a network error`,
  );
  console.log(
    `  whole burst                      ${(uploadedIn / 1000).toFixed(1)} s to upload, ${((allDoneAt - t0) / 1000).toFixed(1)} s to the last done`,
  );
  console.log(
    `  check                            ${problems.length ? `FAILED: ${problems.join('; ')}` : 'every replay done or failed with a reason; none lost, none doubled'}`,
  );
  if (problems.length) exitCode = 1;
  pub.disconnect();
} catch (err) {
  console.error('[load] failed:', err.message);
  for (const c of children) console.error(c.tail());
  exitCode = 1;
} finally {
  for (const s of sockets) s.disconnect();
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)))));
  const redis = new Redis(REDIS_URL);
  for (const pattern of [`${prefix}*`, `${ioKey}*`]) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  }
  redis.disconnect();
  await db.drop().catch(() => {});
  await rm(storageDir, { recursive: true, force: true });
}
process.exit(exitCode);

function countBy(xs) {
  const out = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}
