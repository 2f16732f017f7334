/** Shared helpers for worker tests: real Postgres, real Redis (unique prefixes), real worker processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { io as connectClient, type Socket } from 'socket.io-client';
import { Redis } from 'ioredis';
import { Emitter } from '@socket.io/redis-emitter';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { User, UserKind, type MikroORM } from '@rlcoach/db';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';
import { createUploadBatch, ingestReplayFile, type IngestDeps } from '@rlcoach/db/ingest/ingest';
import { ReplayProducer } from '@rlcoach/db/queues/producer';
import { ReplayStorage } from '@rlcoach/db/storage/replay-storage';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const WORKER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_DIR = path.join(WORKER_DIR, 'fixtures/demo-replays');
export const DEMO_FILES = [
  '2025-competitive-0925.replay',
  '2025-competitive-6804.replay',
  '2026-ranked-doubles.replay',
];

export const unique = (label: string) =>
  `t-${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

export async function tempDir(label: string): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `rlcoach-${label}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function writeTemp(dir: string, name: string, bytes: Uint8Array): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, bytes);
  return p;
}

export async function demoBytes(name = DEMO_FILES[0]!): Promise<Uint8Array> {
  return new Uint8Array(await readFile(path.join(DEMO_DIR, name)));
}

export async function createUser(orm: MikroORM, name: string): Promise<string> {
  const em = orm.em.fork();
  const u = em.create(User, { displayName: name, kind: UserKind.Guest } as User);
  await em.flush();
  return u.id;
}

/**
 * Rows still keyed to `userId`, per table, over every table that has a user_id column (read from the
 * schema, so a table added later is covered by the deletion tests without editing them).
 */
export async function userRowsLeft(orm: MikroORM, userId: string): Promise<Record<string, number>> {
  const conn = orm.em.getConnection();
  const tables = await conn.execute<{ table_name: string }[]>(
    `select table_name from information_schema.columns
      where table_schema = current_schema() and column_name = 'user_id' order by table_name`,
  );
  const left: Record<string, number> = {};
  for (const { table_name } of tables) {
    const [row] = await conn.execute<{ n: number }[]>(
      `select count(*)::int as n from "${table_name}" where user_id = ?`,
      [userId],
    );
    left[table_name] = row!.n;
  }
  return left;
}

/** userRowsLeft after a complete erase: the same tables, every count 0. */
export const noRowsLeft = (left: Record<string, number>) =>
  Object.fromEntries(Object.keys(left).map((t) => [t, 0]));

/** Delete every Redis key under a test prefix (never FLUSHALL: other engineers share this server). */
export async function deleteKeys(pattern: string): Promise<void> {
  const r = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}

export async function waitFor<T>(
  what: string | (() => string),
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`,
      );
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface WorkerProcess {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  output: () => string;
  waitForLog(
    msg: string,
    pred?: (l: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
}

/** Per stage: heap held through it, CPU spent and time waited before it (test/fixtures/stage-hooks.mjs). */
export type StageHookSpec = Partial<
  Record<'parse' | 'analyse' | 'track' | 'save', { ballastMb?: number; busyMs?: number; delayMs?: number }>
>;

/** The test-only worker entry that installs stage hooks; production's is dist/main.js. */
export const HOOKED_WORKER_ENTRY = path.join(WORKER_DIR, 'test/fixtures/worker-with-hooks.mjs');

/**
 * Start `node worker/dist/main.js` with the given env and wait until it reports ready; with
 * `hooks`, the test entry that slows or weighs down the named stages instead.
 */
export async function startWorker(
  env: Record<string, string>,
  hooks?: StageHookSpec,
): Promise<WorkerProcess> {
  const proc = spawnWorker(env, hooks);
  // Generous: on a machine shared by many test runs, a cold start can take tens of seconds.
  await proc.waitForLog('worker ready', undefined, 90_000);
  return proc;
}

/** Start the worker process without waiting for it to be ready (it may never be: a dependency is down). */
export function spawnWorker(env: Record<string, string>, hooks?: StageHookSpec): WorkerProcess {
  const entry = hooks ? HOOKED_WORKER_ENTRY : path.join(WORKER_DIR, 'dist/main.js');
  const hookEnv = hooks ? { RLCOACH_TEST_STAGE_HOOKS: JSON.stringify(hooks) } : {};
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, ...env, ...hookEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let raw = '';
  const partial = { stdout: '', stderr: '' };
  const onData = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    raw += chunk.toString();
    const parts = (partial[stream] + chunk.toString()).split('\n');
    partial[stream] = parts.pop() ?? '';
    for (const l of parts) {
      try {
        if (l.trim().startsWith('{')) lines.push(JSON.parse(l) as Record<string, unknown>);
      } catch {
        /* not a log line (kept in raw output) */
      }
    }
  };
  child.stdout!.on('data', onData('stdout'));
  child.stderr!.on('data', onData('stderr'));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const proc: WorkerProcess = {
    child,
    lines,
    output: () => raw,
    waitForLog: (msg, pred = () => true, timeoutMs = 30_000) =>
      waitFor(
        () => `log "${msg}" from worker ${child.pid}\n--- output ---\n${raw}`,
        () => {
          if (child.exitCode !== null)
            throw new Error(`worker exited (${child.exitCode}) while waiting for "${msg}":\n${raw}`);
          return lines.find((l) => l.msg === msg && pred(l));
        },
        timeoutMs,
      ),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
  };
  return proc;
}

/** A minimal realtime node: Socket.IO with the Redis adapter, sockets join `user:<auth.userId>`. */
export async function startSocketServer(key: string) {
  const pub = new Redis(REDIS_URL);
  const sub = pub.duplicate();
  const http = createServer();
  const server = new Server(http, { adapter: createAdapter(pub, sub, { key }) });
  server.on('connection', (socket) => {
    void socket.join(`user:${String(socket.handshake.auth.userId)}`);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const clients: Socket[] = [];
  // Prove the adapter's subscriptions are live: an emitter message must reach a probe client.
  const probe = connectClient(url, { auth: { userId: 'probe' }, transports: ['websocket'], forceNew: true });
  clients.push(probe);
  const emitter = new Emitter(pub, { key });
  let seen = false;
  probe.on('probe', () => (seen = true));
  await waitFor(
    'socket.io adapter to receive emitter messages',
    () => {
      if (probe.connected) emitter.to('user:probe').emit('probe');
      return seen;
    },
    10_000,
    100,
  );
  return {
    async connect(userId: string) {
      const c = connectClient(url, { auth: { userId }, transports: ['websocket'], forceNew: true });
      clients.push(c);
      await new Promise<void>((resolve, reject) => {
        c.once('connect', () => resolve());
        c.once('connect_error', reject);
      });
      // The server joins the room on connection; a round trip makes sure that happened.
      await new Promise((r) => setTimeout(r, 50));
      return c;
    },
    async close() {
      for (const c of clients) c.disconnect();
      await new Promise<void>((r) => server.close(() => r()));
      pub.disconnect();
      sub.disconnect();
    },
  };
}

/** Real ingest of a demo fixture for `userId`; processing is not under test, so nothing is queued. */
export async function uploadDemo(
  orm: MikroORM,
  storage: ReplayStorage,
  userId: string,
  file: string,
): Promise<string> {
  const deps = { orm, storage, enqueue: { enqueueReplay: async () => undefined } };
  const batch = await createUploadBatch(orm.em.fork(), userId, 1);
  const src = path.join(DEMO_DIR, file);
  const r = await ingestReplayFile(deps, {
    userId,
    batchId: batch.id,
    fileName: file,
    tempPath: src,
    sizeBytes: (await stat(src)).size,
  });
  if (!r.replayId) throw new Error(`ingest refused ${file}: ${JSON.stringify(r.error)}`);
  return r.replayId;
}

/**
 * One test file's pipeline harness: its own database and temp dir, and `lane()` for a fresh queue
 * prefix, storage dir and Socket.IO key per test. Worker processes and producers close after each
 * test; Redis keys, the database and the temp dir go after the file.
 */
export function pipelineHarness(label: string) {
  let db: TestDatabase | undefined;
  let tmp: Awaited<ReturnType<typeof tempDir>> | undefined;
  const prefixes: string[] = [];
  const workers: WorkerProcess[] = [];
  const producers: ReplayProducer[] = [];
  beforeAll(async () => {
    db = await createTestDatabase(label);
    tmp = await tempDir(label);
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await Promise.all(producers.splice(0).map((p) => p.close()));
  });
  afterAll(async () => {
    for (const p of prefixes) await deleteKeys(`${p}:*`);
    await db?.drop();
    await tmp?.cleanup();
  });
  const ready = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('pipelineHarness used outside a test');
    return v;
  };

  async function lane(name: string) {
    const database = ready(db);
    const dir = ready(tmp).dir;
    const prefix = unique(name);
    prefixes.push(prefix);
    const socketKey = `${prefix}.io`;
    const storage = new ReplayStorage(`${dir}/${prefix}`);
    const producer = new ReplayProducer({ redisUrl: REDIS_URL, prefix });
    producers.push(producer);
    await producer.ready();
    const deps: IngestDeps = {
      orm: database.orm,
      storage,
      enqueue: producer,
      log: { warn: (m, f) => console.warn(m, f) },
    };
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      BULLMQ_PREFIX: prefix,
      SOCKET_IO_KEY: socketKey,
      STORAGE_DIR: storage.root,
      OUTBOX_SWEEP_MS: '600000',
      // A free port each: many workers run side by side in the suite.
      WORKER_HTTP_PORT: '0',
    };
    const start = async (extra: Record<string, string> = {}, hooks?: StageHookSpec) => {
      const w = await startWorker({ ...env, ...extra }, hooks);
      workers.push(w);
      return w;
    };
    const upload = async (userId: string, fileName: string, bytes: Uint8Array) => {
      const batch = await createUploadBatch(database.orm.em.fork(), userId, 1);
      const tempPath = await writeTemp(dir, `${unique('up')}.replay`, bytes);
      return ingestReplayFile(deps, {
        userId,
        batchId: batch.id,
        fileName,
        tempPath,
        sizeBytes: bytes.length,
      });
    };
    return { prefix, socketKey, storage, producer, start, upload };
  }

  return {
    get db(): TestDatabase {
      return ready(db);
    },
    get tmpDir(): string {
      return ready(tmp).dir;
    },
    lane,
  };
}
