#!/usr/bin/env node
// Review-room fan-out: 200 rooms × 5 members (1,000 sockets), each room's driver sending a seek
// every 500 ms for 10 rounds; latency = driver's send → each of the 4 other members receiving the
// new playback state (one clock: all clients live in this process). Measured on one realtime node
// and on two (members of every room split across the nodes, through the Redis adapter), each
// beside bare Socket.IO with the same adapter and no validation, authorization, rate limit or
// Redis state (bare-room-server.mjs), in this same run. CPU per node from /proc (% of one core).
// Target: our p50/p99 within 1.5× of bare.
// Usage: node realtime/bench/rooms.bench.mjs   (npm run bench runs it after a build)
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'rooms-bench-secret-rooms-bench-secret-0123';
const ROOMS = Number(process.env.BENCH_ROOMS ?? 200);
const MEMBERS = 5;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const ROUND_MS = 500;

const { createTestDatabase } = await import(path.join(root, 'db/dist/testing.js'));
const { User, UserKind, Replay, linkOwner } = await import(path.join(root, 'db/dist/index.js'));
const { signSessionToken } = await import(path.join(root, 'db/dist/contracts/session-token.js'));
const rooms = await import(path.join(root, 'db/dist/repositories/room-repository.js'));

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
  let err = '';
  child.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
  child.on('exit', (code) => code && !child.stopping && console.error(`${script} exited ${code}\n${err}`));
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

async function waitListening(port) {
  for (let i = 0; i < 300; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/healthz`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`nothing listening on ${port}`);
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

const pct = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

function connect(url, token) {
  return new Promise((resolve, reject) => {
    const s = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

const call = (s, event, payload) =>
  new Promise((resolve, reject) =>
    s.emit(event, payload, (r) => (r === true || r?.ok ? resolve(r) : reject(new Error(JSON.stringify(r))))),
  );

/** Rooms and members in a fresh database: room i's owner (the driver) is user 5i, members 5i+1…5i+4. */
async function seed(db) {
  const em = db.orm.em.fork();
  const users = Array.from({ length: ROOMS * MEMBERS }, (_, i) =>
    em.create(User, { displayName: `bench ${i}`, kind: UserKind.Member }),
  );
  const replay = em.create(Replay, {
    fileSha256: 'b'.repeat(64),
    storageKey: 'bb/b.replay',
    sizeBytes: 1,
    header: {},
  });
  await em.flush();
  const roomIds = [];
  for (let r = 0; r < ROOMS; r++) {
    const owner = users[r * MEMBERS].id;
    await linkOwner(db.orm.em.fork(), owner, replay.id);
    const room = await rooms.createRoom(db.orm.em.fork(), {
      ownerId: owner,
      replayId: replay.id,
      title: `room ${r}`,
    });
    const invite = await rooms.createInvite(db.orm.em.fork(), {
      roomId: room.id,
      createdBy: owner,
      role: 'member',
      expiresAt: new Date(Date.now() + 3600_000),
    });
    for (let m = 1; m < MEMBERS; m++)
      await rooms.redeemInvite(db.orm.em.fork(), {
        roomId: room.id,
        inviteId: invite.id,
        userId: users[r * MEMBERS + m].id,
      });
    roomIds.push(room.id);
  }
  return { userIds: users.map((u) => u.id), roomIds };
}

/**
 * One measurement: `urls` are the nodes (client k goes to urls[k % n]); `join` and `control`
 * speak the server's dialect (ours or bare), `roomKey` names room r as its events do. Returns latencies (ms) and CPU per node.
 */
async function measure({ urls, pids, clientsFor, roomKey, join, control }) {
  const clients = [];
  for (let i = 0; i < ROOMS * MEMBERS; i++) clients.push(await connect(urls[i % urls.length], clientsFor(i)));
  const sentAt = new Map();
  let latencies = [];
  let expected = 0;
  let received = 0;
  let allIn = () => {};
  clients.forEach((s, i) => {
    const isDriver = i % MEMBERS === 0;
    s.on('room:playback', (e) => {
      if (isDriver) return;
      const t = sentAt.get(`${e.roomId}:${e.playback.position}`);
      if (t === undefined) return;
      latencies.push(performance.now() - t);
      if (++received === expected) allIn();
    });
  });
  for (let i = 0; i < clients.length; i++) await join(clients[i], Math.floor(i / MEMBERS));

  const round = async (n) => {
    const done = new Promise((r) => (allIn = r));
    expected = received + ROOMS * (MEMBERS - 1);
    const sends = [];
    for (let r = 0; r < ROOMS; r++) {
      const position = n + 0.5;
      sends.push(
        new Promise((resolve) =>
          setTimeout(
            () => {
              sentAt.set(`${roomKey(r)}:${position}`, performance.now());
              resolve(control(clients[r * MEMBERS], r, position));
            },
            (r * ROUND_MS) / ROOMS,
          ),
        ),
      );
    }
    await Promise.all(sends);
    await Promise.race([done, new Promise((r) => setTimeout(r, 10_000))]);
  };
  await round(0); // warm-up
  latencies = [];
  received = 0;
  const cpu0 = pids.map(cpuSeconds);
  const t0 = performance.now();
  for (let n = 1; n <= ROUNDS; n++) await round(n);
  const wall = (performance.now() - t0) / 1000;
  const cpu = pids.map((pid, i) => ((cpuSeconds(pid) - cpu0[i]) / wall) * 100);
  for (const c of clients) c.close();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    p50: pct(sorted, 0.5),
    p99: pct(sorted, 0.99),
    delivered: sorted.length,
    expected: ROUNDS * ROOMS * (MEMBERS - 1),
    cpu,
  };
}

async function ours(nodes, db, seeded) {
  const key = randomUUID().slice(0, 8);
  const ports = await Promise.all(Array.from({ length: nodes }, freePort));
  const env = (port) => ({
    DATABASE_URL: db.url,
    REDIS_URL,
    BULLMQ_PREFIX: `rbench-${key}`,
    SOCKET_IO_KEY: `rbench.io.${key}`,
    RATE_LIMIT_PREFIX: `rbench-rl-${key}`,
    STORAGE_DIR: path.join(os.tmpdir(), `rlcoach-rbench-${key}`),
    SESSION_SECRET: SECRET,
    REALTIME_PORT: String(port),
    DB_POOL_MAX: '10',
  });
  const procs = ports.map((p) => start('realtime/dist/main.js', env(p)));
  try {
    await Promise.all(ports.map(waitListening));
    return await measure({
      roomKey: (r) => seeded.roomIds[r],
      urls: ports.map((p) => `http://127.0.0.1:${p}`),
      pids: procs.map((p) => p.pid),
      clientsFor: (i) => signSessionToken(SECRET, seeded.userIds[i], { kind: 'member', ttlSeconds: 3600 }),
      join: (s, r) => call(s, 'room:join', { roomId: seeded.roomIds[r] }),
      control: (s, r, position) =>
        call(s, 'room:control', { roomId: seeded.roomIds[r], action: 'seek', position }),
    });
  } finally {
    await Promise.all(procs.map(stop));
  }
}

async function bare(nodes) {
  const key = randomUUID().slice(0, 8);
  const ports = await Promise.all(Array.from({ length: nodes }, freePort));
  const procs = ports.map((p) =>
    start('realtime/bench/bare-room-server.mjs', { PORT: String(p), SOCKET_IO_KEY: `rbare.io.${key}` }),
  );
  try {
    await Promise.all(ports.map(waitListening));
    return await measure({
      roomKey: (r) => `bare-${r}`,
      urls: ports.map((p) => `http://127.0.0.1:${p}`),
      pids: procs.map((p) => p.pid),
      clientsFor: () => 'none',
      join: (s, r) => call(s, 'join', `bare-${r}`),
      control: (s, r, position) => call(s, 'control', { roomId: `bare-${r}`, position }),
    });
  } finally {
    await Promise.all(procs.map(stop));
  }
}

const fmt = (m) =>
  `p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms, delivered ${m.delivered}/${m.expected}, CPU ${m.cpu
    .map((c, i) => `node${i + 1} ${c.toFixed(0)}%`)
    .join(' ')}`;

const db = await createTestDatabase('rooms_bench');
try {
  const seeded = await seed(db);
  console.log(
    `rooms fan-out: ${ROOMS} rooms × ${MEMBERS} members, ${ROUNDS} rounds of one seek per room every ${ROUND_MS} ms`,
  );
  for (const nodes of [1, 2]) {
    const b = await bare(nodes);
    const o = await ours(nodes, db, seeded);
    console.log(`  ${nodes} node${nodes > 1 ? 's' : ''}: bare Socket.IO   ${fmt(b)}`);
    console.log(`  ${nodes} node${nodes > 1 ? 's' : ''}: rlcoach rooms    ${fmt(o)}`);
    const r50 = o.p50 / b.p50;
    const r99 = o.p99 / b.p99;
    console.log(
      `  ${nodes} node${nodes > 1 ? 's' : ''}: ours / bare      p50 ${r50.toFixed(2)}×, p99 ${r99.toFixed(2)}× (target ≤ 1.5×: ${r50 <= 1.5 && r99 <= 1.5 ? 'met' : 'NOT met'})`,
    );
  }
} finally {
  await db.drop();
}
process.exit(0);
