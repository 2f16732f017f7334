#!/usr/bin/env node
// Coach relay benchmark: the time from an upstream token leaving the worker (its Redis-emitter emit
// of `coach:delta`, exactly what the `coach.reply` job does per token) to the `coach:delta` event in
// a browser-side socket.io-client connected to a real realtime process (built to dist).
//   - 50 concurrent streams (50 users, one socket each), each 200 tokens at a model-like ~25 ms
//     apart: p50 / p99 / max of the relay overhead (target: p99 < 20 ms on this machine).
//   - baseline in the same run: a bare Redis PUBLISH → SUBSCRIBE hop under the same load, the
//     floor of any relay through Redis; the ratio says what Socket.IO and the adapter add.
// Usage: node realtime/bench/coach-relay.bench.mjs   (npm run bench runs it after a build)
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { Emitter } from '@socket.io/redis-emitter';
import { io } from 'socket.io-client';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'coach-relay-bench-secret-coach-relay-bench';
const STREAMS = 50;
const TOKENS = 200;
const GAP_MS = 25;
const WARMUP_TOKENS = 10;

const { createTestDatabase } = await import(path.join(root, 'db/dist/testing.js'));
const { User, UserKind } = await import(path.join(root, 'db/dist/index.js'));
const { signSessionToken } = await import(path.join(root, 'db/dist/contracts/session-token.js'));
const { rooms } = await import(path.join(root, 'db/dist/contracts/socket-events.js'));

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

async function waitHealthy(port, child) {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`realtime exited ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('realtime did not become healthy');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};

/**
 * Drive `STREAMS` concurrent token streams through `send(stream, payload)`; `listen(stream, cb)`
 * delivers each payload back. Returns the per-token latencies in ms (warm-up tokens left out).
 */
async function drive(send, listen) {
  const latencies = [];
  const received = Array.from({ length: STREAMS }, () => 0);
  for (let s = 0; s < STREAMS; s++)
    listen(s, (p) => {
      received[s]++;
      if (p.i >= WARMUP_TOKENS) latencies.push(performance.now() - p.sentAt);
    });
  await Promise.all(
    Array.from({ length: STREAMS }, async (_, s) => {
      await sleep((s * GAP_MS) / STREAMS); // streams start spread over one gap, as real answers do
      for (let i = 0; i < TOKENS; i++) {
        send(s, { i, sentAt: performance.now() });
        await sleep(GAP_MS);
      }
    }),
  );
  const until = Date.now() + 10_000;
  while (received.some((n) => n < TOKENS) && Date.now() < until) await sleep(50);
  const lost = received.reduce((a, n) => a + (TOKENS - n), 0);
  return { latencies, lost };
}

const db = await createTestDatabase('bench-coach');
const key = randomUUID().slice(0, 8);
const port = await freePort();
const env = {
  ...process.env,
  NODE_ENV: 'test',
  LOG_LEVEL: 'warn',
  // The bench signs its own session-less tokens (no web sign-in in the loop).
  REALTIME_REQUIRE_SESSION: '0',
  DATABASE_URL: db.url,
  REDIS_URL,
  BULLMQ_PREFIX: `bench-coach-${key}`,
  SOCKET_IO_KEY: `bench.coach.io.${key}`,
  STORAGE_DIR: path.join(os.tmpdir(), `rlcoach-bench-coach-${key}`),
  SESSION_SECRET: SECRET,
  REALTIME_PORT: String(port),
};
const realtime = spawn(process.execPath, [path.join(root, 'realtime/dist/main.js')], {
  cwd: root,
  env,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const redis = new Redis(REDIS_URL);
const sub = new Redis(REDIS_URL);
const sockets = [];
try {
  await waitHealthy(port, realtime);
  const em = db.orm.em.fork();
  const users = Array.from({ length: STREAMS }, (_, i) =>
    em.create(User, { displayName: `bench ${i}`, kind: UserKind.Member }),
  );
  await em.flush();
  for (const user of users) {
    const socket = io(`http://127.0.0.1:${port}`, {
      auth: { token: signSessionToken(SECRET, user.id, { kind: 'member' }) },
      transports: ['websocket'],
    });
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    sockets.push(socket);
  }

  // Baseline: one Redis pub/sub hop per token, same streams and pacing.
  const channel = (s) => `bench-coach-${key}:${s}`;
  const handlers = new Map();
  sub.on('message', (ch, msg) => handlers.get(ch)?.(JSON.parse(msg)));
  await sub.subscribe(...Array.from({ length: STREAMS }, (_, s) => channel(s)));
  const base = await drive(
    (s, p) => void redis.publish(channel(s), JSON.stringify(p)),
    (s, cb) => handlers.set(channel(s), cb),
  );

  // The relay: the worker's emitter → Redis → realtime's adapter → the user's socket.
  const emitter = new Emitter(redis, { key: env.SOCKET_IO_KEY });
  const conversationId = randomUUID();
  const messages = users.map(() => randomUUID());
  const relay = await drive(
    (s, p) =>
      emitter.to(rooms.user(users[s].id)).emit('coach:delta', {
        type: 'delta',
        conversationId,
        messageId: messages[s],
        seq: p.i + 1,
        text: `token ${p.i} `,
        sentAt: p.sentAt,
        i: p.i,
      }),
    (s, cb) => sockets[s].on('coach:delta', cb),
  );

  const ms = (x) => `${x.toFixed(2)} ms`;
  const p99 = quantile(relay.latencies, 0.99);
  console.log(
    `\ncoach relay (worker emit → browser socket event), ${STREAMS} concurrent streams × ${TOKENS} tokens every ${GAP_MS} ms, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`,
  );
  console.log(
    `  relay:    p50 ${ms(quantile(relay.latencies, 0.5))}, p99 ${ms(p99)}, max ${ms(Math.max(...relay.latencies))}, ${relay.latencies.length} tokens timed, ${relay.lost} lost`,
  );
  console.log(
    `  baseline (bare Redis pub/sub hop): p50 ${ms(quantile(base.latencies, 0.5))}, p99 ${ms(quantile(base.latencies, 0.99))}, ${base.lost} lost`,
  );
  console.log(
    `  relay / baseline: p50 ${(quantile(relay.latencies, 0.5) / quantile(base.latencies, 0.5)).toFixed(2)}×, p99 ${(p99 / quantile(base.latencies, 0.99)).toFixed(2)}×`,
  );
  console.log(`  target p99 < 20 ms: ${p99 < 20 ? 'met' : 'NOT met'}`);
} finally {
  for (const s of sockets) s.close();
  redis.disconnect();
  sub.disconnect();
  if (realtime.exitCode === null) {
    const exited = new Promise((r) => realtime.once('exit', r));
    realtime.kill('SIGTERM');
    await exited;
  }
  await db.drop();
}
process.exit(0);
