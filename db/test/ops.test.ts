/**
 * db's operator layer against the real services: roles read and set (and the `admin` CLI), Redis
 * INFO figures, realtime node announcements, the ops collector over real BullMQ queues (counts,
 * rates from BullMQ's own metrics, worker names, failures with reasons), readiness probes that fail
 * on a closed port, and who may read /metrics.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricsTime, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { User, UserKind, createOrm } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';
import { roleOf, rolesOf, setRole } from '../src/repositories/ops-repository.js';
import { redisFigures } from '../src/ops/redis-info.js';
import { announceNode, listNodes, withdrawNode } from '../src/ops/node-presence.js';
import { createOpsCollector } from '../src/ops/snapshot.js';
import { postgresProbe, redisProbe, runProbes } from '../src/observability/probes.js';
import { metricsAllowed } from '../src/observability/metrics-access.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);

let db: TestDatabase;
let redis: Redis;
const prefix = `opstest-${randomUUID().slice(0, 8)}`;

async function user(name: string, email: string | null = null): Promise<string> {
  const em = db.orm.em.fork();
  const u = em.create(User, { displayName: name, kind: UserKind.Member, email } as User);
  await em.flush();
  return u.id;
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

beforeAll(async () => {
  db = await createTestDatabase('ops');
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await db.drop();
});

describe('roles', () => {
  it('a new user is a player; setRole by id or email changes it, and reads see it at once', async () => {
    const a = await user('Ann', 'ann@example.com');
    const b = await user('Ben');
    expect(await roleOf(db.orm.em.fork(), a)).toBe('player');
    expect(await setRole(db.orm.em.fork(), 'ANN@example.com', 'admin')).toMatchObject({ id: a });
    expect(await roleOf(db.orm.em.fork(), a)).toBe('admin');
    expect(await rolesOf(db.orm.em.fork(), [a, b, 'not-a-uuid'])).toEqual(
      new Map([
        [a, 'admin'],
        [b, 'player'],
      ]),
    );
    expect(await setRole(db.orm.em.fork(), randomUUID(), 'admin')).toBeNull();
    expect(await roleOf(db.orm.em.fork(), 'nonsense')).toBeNull();
  });

  it('`admin grant` sets the role from the command line (one process start: they are slow)', async () => {
    const c = await user('Cat', 'cat@example.com');
    const env = { ...process.env, DATABASE_URL: db.url };
    const granted = await run(process.execPath, ['dist/cli/admin.js', 'grant', 'cat@example.com'], {
      cwd: DB_DIR,
      env,
    });
    expect(granted.stdout).toContain('is now an admin');
    expect(await roleOf(db.orm.em.fork(), c)).toBe('admin');
  });
});

describe('Redis figures and node presence', () => {
  it('reads memory, policy, evictions and clients from INFO, and warns unless noeviction', async () => {
    const live = redisFigures(await redis.info());
    expect(live.usedMemoryBytes).toBeGreaterThan(0);
    expect(live.connectedClients).toBeGreaterThan(0);
    expect(live.maxMemoryPolicy).toBe(
      await redis.config('GET', 'maxmemory-policy').then((r) => (r as string[])[1]),
    );
    const lru = redisFigures(
      '# Memory\r\nused_memory:1048576\r\nmaxmemory:2097152\r\nmaxmemory_policy:allkeys-lru\r\n# Stats\r\nevicted_keys:7\r\n# Clients\r\nconnected_clients:3\r\n',
    );
    expect(lru).toEqual({
      usedMemoryBytes: 1048576,
      maxMemoryBytes: 2097152,
      maxMemoryPolicy: 'allkeys-lru',
      evictedKeys: 7,
      connectedClients: 3,
      evictionRisk: true,
    });
    expect(redisFigures('maxmemory_policy:noeviction').evictionRisk).toBe(false);
  });

  it('lists announced nodes until they withdraw or expire', async () => {
    await announceNode(redis, prefix, { nodeId: 'b', sockets: 2, at: 1 }, 10_000);
    await announceNode(redis, prefix, { nodeId: 'a', sockets: 5, at: 1 }, 10_000);
    await announceNode(redis, prefix, { nodeId: 'gone', sockets: 1, at: 1 }, 50);
    await new Promise((r) => setTimeout(r, 120));
    expect((await listNodes(redis, prefix)).map((n) => [n.nodeId, n.sockets])).toEqual([
      ['a', 5],
      ['b', 2],
    ]);
    await withdrawNode(redis, prefix, 'a');
    expect((await listNodes(redis, prefix)).map((n) => n.nodeId)).toEqual(['b']);
  });
});

describe('the ops collector over real queues', () => {
  it('counts jobs, names workers, keeps failure reasons and computes rates between samples', async () => {
    const queue = new Queue('replays', { connection: redis, prefix });
    const worker = new Worker(
      'replays',
      async (job) => {
        if (job.data.fail) throw new Error('the replay is corrupt at byte 42');
      },
      {
        connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
        prefix,
        name: 'testhost:1234',
        metrics: { maxDataPoints: MetricsTime.ONE_HOUR },
      },
    );
    const collector = createOpsCollector({ redis, bullmqPrefix: prefix, em: () => db.orm.em.fork() });
    try {
      await worker.waitUntilReady();
      const first = await collector.sample();
      const replays = first.queues.find((q) => q.name === 'replays')!;
      expect(replays.completedPerMinute).toBeNull(); // no previous sample yet
      expect(first.workerProcesses).toContain('testhost:1234');
      expect(first.postgres.connections).toBeGreaterThan(0);
      expect(first.postgres.maxConnections).toBeGreaterThan(0);
      expect(first.coach).toEqual({ enabled: false });

      for (let i = 0; i < 4; i++) await queue.add('replay.process', { i });
      const bad = await queue.add('replay.process', { fail: true }, { attempts: 1 });
      await expect.poll(() => queue.getJobState(bad.id!), { timeout: 10_000 }).toBe('failed');
      await expect.poll(() => queue.getCompletedCount(), { timeout: 10_000 }).toBe(4);

      const second = await collector.sample();
      const after = second.queues.find((q) => q.name === 'replays')!;
      expect(after.counts.completed).toBe(4);
      expect(after.counts.failed).toBe(1);
      expect(after.completedPerMinute).toBeGreaterThan(0);
      expect(after.failedPerMinute).toBeGreaterThan(0);
      expect(after.recentFailures).toEqual([
        expect.objectContaining({ id: bad.id, reason: 'the replay is corrupt at byte 42', attemptsMade: 1 }),
      ]);
    } finally {
      await worker.close();
      await collector.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});

describe('readiness probes', () => {
  it('pass with the services up and fail, naming the dependency, on a closed port', async () => {
    const ok = await runProbes({ postgres: postgresProbe(() => db.orm.em.fork()), redis: redisProbe(redis) });
    expect(ok.status).toBe('healthy');

    const port = await closedPort();
    const deadRedis = new Redis(`redis://127.0.0.1:${port}`, {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      lazyConnect: true,
    });
    deadRedis.on('error', () => {});
    const deadUrl = new URL(db.url);
    deadUrl.port = String(port);
    const deadOrm = await createOrm({ databaseUrl: deadUrl.toString(), overrides: { connect: false } });
    try {
      const down = await runProbes(
        { postgres: postgresProbe(() => deadOrm.em.fork()), redis: redisProbe(deadRedis) },
        1500,
      );
      expect(down.status).toBe('degraded');
      expect(down.checks.postgres?.ok).toBe(false);
      expect(down.checks.redis?.ok).toBe(false);
      expect(down.checks.postgres?.error).toBeTruthy();
    } finally {
      deadRedis.disconnect();
      await deadOrm.close(true).catch(() => {});
    }
  });
});

describe('who may read /metrics', () => {
  const direct = { authorization: undefined, remoteAddress: '127.0.0.1', forwardedFor: undefined };
  it('without a token: loopback peers that no proxy forwarded', () => {
    expect(metricsAllowed(undefined, direct)).toBe(true);
    expect(metricsAllowed(undefined, { ...direct, remoteAddress: '::ffff:127.0.0.1' })).toBe(true);
    expect(metricsAllowed(undefined, { ...direct, remoteAddress: '10.0.0.8' })).toBe(false);
    expect(metricsAllowed(undefined, { ...direct, forwardedFor: '203.0.113.1' })).toBe(false);
  });
  it('with a token: exactly that bearer token, from anywhere', () => {
    const token = 'a-metrics-token-of-32-characters!';
    expect(metricsAllowed(token, direct)).toBe(false);
    expect(
      metricsAllowed(token, { ...direct, remoteAddress: '10.0.0.8', authorization: `Bearer ${token}` }),
    ).toBe(true);
    expect(metricsAllowed(token, { ...direct, authorization: `Bearer ${token}x` })).toBe(false);
  });
});
