/**
 * `npm start`'s supervisor (scripts/run-all.mjs) on the real built stack: kill -9 the worker and it
 * comes back as a new process that BullMQ sees consuming again, while web and realtime keep
 * answering /healthz without a single failure; then SIGTERM stops every process and exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';
import { REPO_ROOT, freePort, isAlive, removeRedisKeys, waitFor } from './support';

const ENTRIES = ['realtime/dist/main.js', 'worker/dist/main.js', 'web/build/index.js'];
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('run-all.mjs supervisor', () => {
  const id = `sup-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const bullmqPrefix = `rlcoach-test-${id}`;
  const socketIoKey = `rlcoach-test-io-${id}`;
  let db: TestDatabase;
  let storageDir: string;
  let supervisor: ChildProcess;
  let supervisorExit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  let webUrl: string;
  let realtimeUrl: string;
  let redis: Redis;
  let queue: Queue;
  const output: string[] = [];
  const logs = () => output.slice(-200).join('\n');
  /** Every pid the supervisor reported per service, in start order. */
  const pids = new Map<string, number[]>();

  beforeAll(async () => {
    const missing = ENTRIES.filter((e) => !existsSync(path.join(REPO_ROOT, e)));
    if (missing.length > 0) throw new Error(`build first (npm run build): missing ${missing.join(', ')}`);
    db = await createTestDatabase('supervisor');
    storageDir = await mkdtemp(path.join(os.tmpdir(), 'rlcoach-supervisor-'));
    const [webPort, realtimePort] = [await freePort(), await freePort()];
    webUrl = `http://127.0.0.1:${webPort}`;
    realtimeUrl = `http://127.0.0.1:${realtimePort}`;
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    queue = new Queue('replays', { connection: redis, prefix: bullmqPrefix });

    supervisor = spawn(process.execPath, ['scripts/run-all.mjs'], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        REDIS_URL,
        BULLMQ_PREFIX: bullmqPrefix,
        SOCKET_IO_KEY: socketIoKey,
        SESSION_SECRET: randomBytes(32).toString('hex'),
        STORAGE_DIR: path.join(storageDir, 'replays'),
        UPLOAD_TMP_DIR: path.join(storageDir, 'tmp'),
        HOST: '127.0.0.1',
        WEB_PORT: String(webPort),
        REALTIME_PORT: String(realtimePort),
        ORIGIN: webUrl,
        WEB_ORIGIN: webUrl,
        PUBLIC_REALTIME_URL: realtimeUrl,
        REALTIME_REQUIRE_SESSION: '1',
        RESTART_BACKOFF_BASE_MS: '500',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    supervisorExit = new Promise((resolve) =>
      supervisor.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        output.push(line);
        const started = /supervisor\S* (\w+) started \(pid (\d+)\)/.exec(line);
        if (started) pids.set(started[1], [...(pids.get(started[1]) ?? []), Number(started[2])]);
      }
    };
    supervisor.stdout?.on('data', onData);
    supervisor.stderr?.on('data', onData);

    for (const url of [`${realtimeUrl}/healthz`, `${webUrl}/healthz`]) {
      await waitFor(`${url}`, async () => ((await fetch(url)).ok ? true : undefined), 90_000, logs);
    }
    await waitFor('the worker consuming the replays queue', async () =>
      (await queue.getWorkersCount()) > 0 ? true : undefined,
    );
  });

  afterAll(async () => {
    if (supervisor && supervisor.exitCode === null && supervisor.signalCode === null) {
      supervisor.kill('SIGTERM');
      await Promise.race([supervisorExit, new Promise((r) => setTimeout(r, 20_000))]);
    }
    // Whatever a failed test left running.
    for (const list of pids.values()) for (const pid of list) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    await queue?.close();
    redis?.disconnect();
    await db?.drop().catch(() => undefined);
    await removeRedisKeys(REDIS_URL, [`${bullmqPrefix}*`, `${socketIoKey}*`]).catch(() => undefined);
    if (storageDir) await rm(storageDir, { recursive: true, force: true });
  });

  it('restarts a worker killed with SIGKILL while web and realtime keep answering', async () => {
    const [webPid] = pids.get('web') ?? [];
    const [realtimePid] = pids.get('realtime') ?? [];
    const [oldWorkerPid] = pids.get('worker') ?? [];
    expect(webPid && realtimePid && oldWorkerPid, logs()).toBeTruthy();
    const oldWorkerClients = new Set((await queue.getWorkers()).map((w) => w.id));

    // Health probes of the two other services for as long as the worker is down and back.
    const failures: string[] = [];
    let probes = 0;
    let probing = true;
    const prober = (async () => {
      while (probing) {
        for (const url of [`${webUrl}/healthz`, `${realtimeUrl}/healthz`]) {
          try {
            const res = await fetch(url);
            if (!res.ok) failures.push(`${url}: HTTP ${res.status}`);
          } catch (e) {
            failures.push(`${url}: ${(e as Error).message}`);
          }
          probes++;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    process.kill(oldWorkerPid, 'SIGKILL');
    const newWorkerPid = await waitFor(
      'a new worker process',
      () => {
        const list = pids.get('worker') ?? [];
        return list.length > 1 ? list[list.length - 1] : undefined;
      },
      30_000,
      logs,
    );
    expect(newWorkerPid).not.toBe(oldWorkerPid);
    expect(isAlive(oldWorkerPid)).toBe(false);
    // Healthy: the new process holds its own BullMQ worker connection on the replays queue.
    await waitFor(
      'the restarted worker consuming the replays queue',
      async () => {
        const clients = await queue.getWorkers();
        return clients.some((c) => !oldWorkerClients.has(c.id)) ? true : undefined;
      },
      60_000,
      logs,
    );
    expect(isAlive(newWorkerPid)).toBe(true);
    probing = false;
    await prober;

    expect(failures, logs()).toEqual([]);
    expect(probes).toBeGreaterThan(4);
    // The others were never restarted.
    expect(pids.get('web')).toEqual([webPid]);
    expect(pids.get('realtime')).toEqual([realtimePid]);
    expect(
      output.some((l) => /worker exited \(SIGKILL\).*restarting in/.test(l)),
      logs(),
    ).toBe(true);
  });

  it('stops every service on SIGTERM and exits 0', async () => {
    const children = [...pids.values()].map((list) => list[list.length - 1]);
    expect(children.every(isAlive), logs()).toBe(true);
    supervisor.kill('SIGTERM');
    const { code } = await supervisorExit;
    expect(code, logs()).toBe(0);
    for (const pid of children) expect(isAlive(pid), `pid ${pid} still running\n${logs()}`).toBe(false);
    await expect(fetch(`${webUrl}/healthz`)).rejects.toThrow();
    await expect(fetch(`${realtimeUrl}/healthz`)).rejects.toThrow();
  });
});
