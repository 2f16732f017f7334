/**
 * The whole platform for one test file, isolated from everything else on the
 * machine: a fresh Postgres database, a unique BullMQ prefix and Socket.IO key,
 * a temp storage directory, and the real built processes (realtime, worker, web)
 * on free ports. Independent of $lib: it only spawns and waits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';
import { REPO_ROOT } from './fixtures';

export interface Stack {
  webUrl: string;
  realtimeUrl: string;
  db: TestDatabase;
  /** The secret every process signs and verifies session tokens with. */
  sessionSecret: string;
  /** Everything the processes printed so far (for failure messages). */
  logs(): string;
  /** One more web process on this stack with extra environment (e.g. NODE_ENV=production); stopped with the stack. */
  startWeb(env: NodeJS.ProcessEnv): Promise<string>;
  /** Send a signal to a web process started with `startWeb`; resolves with its exit code. */
  signalWeb(url: string, signal: NodeJS.Signals): Promise<number | null>;
  /** Start the worker now (for stacks created with `worker: false`). */
  startWorker(): void;
  /** Run the demo seed (worker/dist/cli/seed-demo.js) against this stack; resolves when it exits 0. */
  seedDemo(): Promise<void>;
  stop(): Promise<void>;
}

export const ENTRY = {
  realtime: path.join(REPO_ROOT, 'realtime/dist/main.js'),
  worker: path.join(REPO_ROOT, 'worker/dist/main.js'),
  // RLCOACH_WEB_ENTRY: a privately built web app (see svelte.config.js RLCOACH_WEB_OUT).
  web: process.env.RLCOACH_WEB_ENTRY ?? path.join(REPO_ROOT, 'web/build/index.js'),
} as const;
type ProcName = keyof typeof ENTRY;

/** Missing build outputs, so the test can fail with one clear sentence instead of a spawn error. */
export function missingBuilds(): string[] {
  return Object.values(ENTRY).filter((p) => !existsSync(p));
}

const SEED_ENTRY = path.join(REPO_ROOT, 'worker/dist/cli/seed-demo.js');
/** The worker's test-only entry that installs stage hooks (worker/test/fixtures/stage-hooks.mjs). */
const HOOKED_WORKER_ENTRY = path.join(REPO_ROOT, 'worker/test/fixtures/worker-with-hooks.mjs');

/** Per worker stage: heap held through it, CPU spent and time waited before it. */
export type WorkerStageHooks = Partial<
  Record<'parse' | 'analyse' | 'track' | 'save', { ballastMb?: number; busyMs?: number; delayMs?: number }>
>;

interface Proc {
  name: ProcName | 'seed';
  child: ChildProcess;
  exited: Promise<number | null>;
}

export interface StackOptions {
  /** Extra environment for the worker. */
  workerEnv?: NodeJS.ProcessEnv;
  /** Start the worker through its test entry with these stage hooks (e.g. a slow analysis). */
  workerHooks?: WorkerStageHooks;
  /** Extra environment for realtime (e.g. QUEUE_MAX_DEPTH). */
  realtimeEnv?: NodeJS.ProcessEnv;
  /** Extra environment for the web process (e.g. ANTHROPIC_API_KEY). */
  webEnv?: NodeJS.ProcessEnv;
  /** Start the worker with the stack (default); false leaves it to `startWorker()`. */
  worker?: boolean;
  /** Ports reserved (and allowed by realtime's CORS) for extra web processes started with `startWeb`. */
  spareWebs?: number;
}

export async function startStack(label = 'e2e', options: StackOptions = {}): Promise<Stack> {
  const missing = missingBuilds();
  if (missing.length > 0) throw new Error(`build first (npm run build): missing ${missing.join(', ')}`);

  const id = `${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const bullmqPrefix = `rlcoach-test-${id}`;
  const socketIoKey = `rlcoach-test-io-${id}`;
  const sessionSecret = randomBytes(32).toString('hex');
  const storageDir = await mkdtemp(path.join(os.tmpdir(), `rlcoach-${label}-`));
  const db = await createTestDatabase(label);
  const [realtimePort, webPort] = [await freePort(), await freePort()];
  const sparePorts: number[] = [];
  for (let i = 0; i < (options.spareWebs ?? 0); i++) sparePorts.push(await freePort());
  const realtimeUrl = `http://127.0.0.1:${realtimePort}`;
  const webUrl = `http://127.0.0.1:${webPort}`;

  const log: string[] = [];
  const procs: Proc[] = [];
  const common: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    // The e2e suites sign in through the development sign-in, an explicit opt-in.
    RLCOACH_DEV: '1',
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    BULLMQ_PREFIX: bullmqPrefix,
    SOCKET_IO_KEY: socketIoKey,
    SESSION_SECRET: sessionSecret,
    STORAGE_DIR: path.join(storageDir, 'replays'),
    UPLOAD_TMP_DIR: path.join(storageDir, 'tmp'),
    // The worker's ops listener on a free port: stacks run side by side.
    WORKER_HTTP_PORT: '0',
  };

  const spawnProc = (name: ProcName | 'seed', env: NodeJS.ProcessEnv): Proc => {
    const hooked = name === 'worker' && options.workerHooks !== undefined;
    const entry = name === 'seed' ? SEED_ENTRY : hooked ? HOOKED_WORKER_ENTRY : ENTRY[name];
    const child = spawn(process.execPath, [entry], {
      cwd: REPO_ROOT,
      env: { ...common, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const sink = (chunk: Buffer) =>
      log.push(
        ...chunk
          .toString('utf8')
          .trimEnd()
          .split('\n')
          .map((l) => `[${name}] ${l}`),
      );
    child.stdout?.on('data', sink);
    child.stderr?.on('data', sink);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const proc = { name, child, exited };
    procs.push(proc);
    return proc;
  };

  const hookEnv = options.workerHooks
    ? { RLCOACH_TEST_STAGE_HOOKS: JSON.stringify(options.workerHooks) }
    : {};
  const startWorker = () =>
    void spawnProc('worker', { WORKER_CONCURRENCY: '1', ...options.workerEnv, ...hookEnv });

  const stop = async () => {
    // Web first (no new work), then realtime, then the worker finishes or abandons its job.
    for (const p of [...procs].reverse()) await terminate(p);
    await db.drop().catch(() => undefined);
    await removeRedisKeys(redisUrl, [`${bullmqPrefix}*`, `${socketIoKey}*`]).catch(() => undefined);
    await rm(storageDir, { recursive: true, force: true });
  };

  try {
    const origins = [webUrl, ...sparePorts.map((p) => `http://127.0.0.1:${p}`)];
    const realtime = spawnProc('realtime', {
      REALTIME_PORT: String(realtimePort),
      WEB_ORIGIN: origins.join(','),
      // One token scheme end to end: every realtime token must name a live database session.
      REALTIME_REQUIRE_SESSION: '1',
      ...options.realtimeEnv,
    });
    await waitForHttp(`${realtimeUrl}/healthz`, realtime, () => log.join('\n'));
    if (options.worker !== false) startWorker();
    const web = spawnProc('web', {
      PORT: String(webPort),
      HOST: '127.0.0.1',
      ORIGIN: webUrl,
      PUBLIC_REALTIME_URL: realtimeUrl,
      ...options.webEnv,
    });
    await waitForHttp(`${webUrl}/healthz`, web, () => log.join('\n'));
  } catch (err) {
    await stop();
    throw err;
  }

  const seedDemo = async () => {
    const seed = spawnProc('seed', {});
    const code = await seed.exited;
    procs.splice(procs.indexOf(seed), 1);
    if (code !== 0) throw new Error(`demo seed exited with ${code}:\n${log.join('\n')}`);
  };

  const extraWebs = new Map<string, Proc>();
  const startWeb = async (env: NodeJS.ProcessEnv) => {
    const port = sparePorts.shift() ?? (await freePort()); // a non-reserved port works, but not cross-origin with realtime
    const url = `http://127.0.0.1:${port}`;
    const web = spawnProc('web', {
      PORT: String(port),
      HOST: '127.0.0.1',
      ORIGIN: url,
      PUBLIC_REALTIME_URL: realtimeUrl,
      ...env,
    });
    await waitForHttp(`${url}/healthz`, web, () => log.join('\n'));
    extraWebs.set(url, web);
    return url;
  };
  const signalWeb = (url: string, signal: NodeJS.Signals) => {
    const web = extraWebs.get(url);
    if (!web) throw new Error(`no web process of this stack at ${url}`);
    web.child.kill(signal);
    return web.exited;
  };

  return {
    webUrl,
    realtimeUrl,
    db,
    sessionSecret,
    logs: () => log.join('\n'),
    seedDemo,
    startWeb,
    signalWeb,
    startWorker,
    stop,
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

// Generous: a cold start on a machine shared by many test runs can take tens of seconds.
async function waitForHttp(url: string, proc: Proc, logs: () => string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void proc.exited.then((c) => (exitCode = c));
  let last = '';
  while (Date.now() < deadline) {
    if (exitCode !== undefined)
      throw new Error(`${proc.name} exited with code ${exitCode} before it was healthy:\n${logs()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${proc.name} not healthy at ${url} after ${timeoutMs} ms (${last}):\n${logs()}`);
}

async function terminate(p: Proc): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
  await p.exited;
  clearTimeout(timer);
}

/** Only our own keys, found by prefix: never FLUSHDB on a shared server. */
async function removeRedisKeys(url: string, patterns: string[]): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    for (const match of patterns) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}
