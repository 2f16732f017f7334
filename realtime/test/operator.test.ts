/**
 * The operator area on a real realtime node (real Postgres, Redis, BullMQ, Socket.IO clients):
 * bull-board at /admin/queues refuses the signed-out (401) and players (403), serves admins with
 * working retry and clean actions, and follows a demotion at once; the `ops` room admits only
 * admins and streams live snapshots; /readyz and /metrics answer as documented.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createSessionFor } from '@rlcoach/db/auth/sessions';
import { signSessionToken } from '@rlcoach/db/contracts/session-token';
import type { Ack } from '@rlcoach/db/contracts/socket-events';
import type { OpsSnapshot } from '@rlcoach/db/contracts/ops';
import { createOpsCollector } from '@rlcoach/db/ops/snapshot';
import { setRole } from '@rlcoach/db/repositories/ops-repository';
import { createTestPlatform, type TestPlatform } from './support/platform.js';
import {
  REDIS_URL,
  TEST_SECRET,
  client,
  connected,
  startNode,
  uniqueKey,
  type TestNode,
} from './support/node.js';

let platform: TestPlatform;
let node: TestNode;
let collectorRedis: Redis;
let admin: { id: string; token: string };
let player: { id: string; token: string };

async function userWithToken(name: string, role: 'player' | 'admin') {
  const id = await platform.createUser(name);
  await setRole(platform.db.orm.em.fork(), id, role);
  const session = await createSessionFor(platform.db.orm.em.fork(), id);
  return { id, token: signSessionToken(TEST_SECRET, id, { sessionId: session.id }) };
}

beforeAll(async () => {
  platform = await createTestPlatform('operator');
  collectorRedis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const opsCollector = createOpsCollector({
    redis: collectorRedis,
    bullmqPrefix: platform.prefix,
    em: () => platform.db.orm.em.fork(),
  });
  node = await startNode(
    { ...platform.deps, opsCollector },
    {
      socketIoKey: uniqueKey('operator'),
      requireSession: true,
      bullmqPrefix: platform.prefix,
      opsSampleMs: 250,
      presenceMs: 250,
    },
  );
  admin = await userWithToken('Ada Admin', 'admin');
  player = await userWithToken('Pat Player', 'player');
});
afterAll(async () => {
  await node?.close();
  collectorRedis?.disconnect();
  await platform?.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('bull-board at /admin/queues', () => {
  it('refuses a request without a session (401) and a player (403)', async () => {
    const anonymous = await fetch(`${node.url}/admin/queues`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    const asPlayer = await fetch(`${node.url}/admin/queues`, { headers: bearer(player.token) });
    expect(asPlayer.status).toBe(403);
    // The API behind the UI is behind the same door.
    const api = await fetch(`${node.url}/admin/queues/api/queues`, { headers: bearer(player.token) });
    expect(api.status).toBe(403);
    const forged = await fetch(`${node.url}/admin/queues`, { headers: bearer(`${admin.token}x`) });
    expect(forged.status).toBe(401);
  });

  it('serves an admin the board and the queues of our contract', async () => {
    const page = await fetch(`${node.url}/admin/queues`, { headers: bearer(admin.token) });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('rlcoach queues');
    const api = await fetch(`${node.url}/admin/queues/api/queues`, { headers: bearer(admin.token) });
    const body = (await api.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(['background', 'coach', 'replays']);
  });

  it('hands an admin a strict cookie through POST /admin/session, and nobody else', async () => {
    const refused = await fetch(`${node.url}/admin/session`, {
      method: 'POST',
      body: new URLSearchParams({ token: player.token }),
      redirect: 'manual',
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('set-cookie')).toBeNull();
    const res = await fetch(`${node.url}/admin/session`, {
      method: 'POST',
      body: new URLSearchParams({ token: admin.token }),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/queues');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^rlcoach_ops=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/admin/);
    const page = await fetch(`${node.url}/admin/queues`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
  });

  it('retries and cleans failed jobs for an admin; a player cannot', async () => {
    const queue = new Queue('replays', { connection: collectorRedis, prefix: platform.prefix });
    const worker = new Worker(
      'replays',
      async () => {
        throw new Error('synthetic failure for the board');
      },
      { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix: platform.prefix },
    );
    try {
      const job = await queue.add('replay.process', { replayId: randomUUID() }, { attempts: 1 });
      await expect.poll(() => queue.getJobState(job.id!), { timeout: 10_000 }).toBe('failed');
      await worker.close();

      const url = `${node.url}/admin/queues/api/queues/replays/${job.id}/retry`;
      expect((await fetch(url, { method: 'PUT', headers: bearer(player.token) })).status).toBe(403);
      expect(await queue.getJobState(job.id!)).toBe('failed');
      const retried = await fetch(url, { method: 'PUT', headers: bearer(admin.token) });
      expect(retried.status).toBeLessThan(300);
      expect(await queue.getJobState(job.id!)).toBe('waiting');

      // Fail it again, then clean every failed job.
      await queue.obliterate({ force: true });
      const again = await queue.add('replay.process', { replayId: randomUUID() }, { attempts: 1 });
      const w2 = new Worker(
        'replays',
        async () => {
          throw new Error('second synthetic failure');
        },
        { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix: platform.prefix },
      );
      await expect.poll(() => queue.getJobState(again.id!), { timeout: 10_000 }).toBe('failed');
      await w2.close();
      const cleanUrl = `${node.url}/admin/queues/api/queues/replays/${again.id}/clean`;
      expect((await fetch(cleanUrl, { method: 'PUT', headers: bearer(player.token) })).status).toBe(403);
      expect(await queue.getJobState(again.id!)).toBe('failed');
      const cleaned = await fetch(cleanUrl, { method: 'PUT', headers: bearer(admin.token) });
      expect(cleaned.status).toBeLessThan(300);
      expect(await queue.getJobState(again.id!)).toBe('unknown');
      // Clean-all (older than bull-board's grace time) is behind the same door.
      const cleanAll = `${node.url}/admin/queues/api/queues/replays/clean/failed`;
      expect((await fetch(cleanAll, { method: 'PUT', headers: bearer(player.token) })).status).toBe(403);
      expect((await fetch(cleanAll, { method: 'PUT', headers: bearer(admin.token) })).status).toBeLessThan(
        300,
      );
    } finally {
      await worker.close();
      await queue.close();
    }
  });

  it('follows a demotion at once: the same token is refused on the next request', async () => {
    const temp = await userWithToken('Temporary Admin', 'admin');
    expect((await fetch(`${node.url}/admin/queues`, { headers: bearer(temp.token) })).status).toBe(200);
    await setRole(platform.db.orm.em.fork(), temp.id, 'player');
    expect((await fetch(`${node.url}/admin/queues`, { headers: bearer(temp.token) })).status).toBe(403);
  });
});

function watch(socket: ReturnType<typeof client>): Promise<Ack<OpsSnapshot>> {
  return new Promise((resolve) => socket.emit('ops:watch', {}, resolve));
}

describe('the ops room', () => {
  it('refuses a player and a malformed payload', async () => {
    const socket = await connected(client(node.url, player.token));
    try {
      const r = await watch(socket);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('FORBIDDEN');
      const bad = await new Promise<Ack<OpsSnapshot>>((resolve) =>
        socket.emit('ops:watch', { sneaky: true } as never, resolve),
      );
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.error.code).toBe('BAD_REQUEST');
      // A player never receives snapshots meant for admins.
      let leaked = 0;
      socket.on('ops:snapshot', () => leaked++);
      await new Promise((r) => setTimeout(r, 800));
      expect(leaked).toBe(0);
    } finally {
      socket.disconnect();
    }
  });

  it('streams real figures to an admin and stops when the admin is demoted', async () => {
    const temp = await userWithToken('Watching Admin', 'admin');
    const socket = await connected(client(node.url, temp.token));
    try {
      const first = await watch(socket);
      expect(first.ok).toBe(true);
      if (!first.ok) return;
      const snap = first.data;
      expect(snap.queues.map((q) => q.name).sort()).toEqual(['background', 'coach', 'replays']);
      expect(typeof snap.redis.maxMemoryPolicy).toBe('string');
      expect(snap.redis.evictionRisk).toBe(snap.redis.maxMemoryPolicy !== 'noeviction');
      expect(snap.redis.connectedClients).toBeGreaterThan(0);
      expect(snap.redis.usedMemoryBytes).toBeGreaterThan(0);
      expect(snap.postgres.connections).toBeGreaterThan(0);
      expect(snap.coach).toEqual({ enabled: false });

      await new Promise((r) => setTimeout(r, 300)); // past the node's next announcement
      const next = await new Promise<OpsSnapshot>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no ops:snapshot within 5 s')), 5000);
        socket.once('ops:snapshot', (s) => {
          clearTimeout(timer);
          resolve(s);
        });
      });
      // This node announced itself, counting this very socket.
      expect(next.nodes.reduce((n, x) => n + x.sockets, 0)).toBeGreaterThanOrEqual(1);
      expect(Date.parse(next.sampledAt)).toBeGreaterThan(Date.parse(snap.sampledAt));
      // The second sample has rates (a first one cannot).
      expect(next.queues.every((q) => q.completedPerMinute !== null)).toBe(true);

      await setRole(platform.db.orm.em.fork(), temp.id, 'player');
      await new Promise((r) => setTimeout(r, 600)); // one tick re-reads roles
      let after = 0;
      socket.on('ops:snapshot', () => after++);
      await new Promise((r) => setTimeout(r, 800));
      expect(after).toBe(0);
    } finally {
      socket.disconnect();
    }
  });
});

describe('/readyz and /metrics', () => {
  it('/readyz is 200 with Postgres and Redis reachable', async () => {
    const res = await fetch(`${node.url}/readyz`);
    const body = (await res.json()) as { status: string; checks: Record<string, { ok: boolean }> };
    expect(res.status).toBe(200);
    expect(body.checks.postgres?.ok).toBe(true);
    expect(body.checks.redis?.ok).toBe(true);
  });

  it('/metrics serves our counters and BullMQ gauges to a loopback peer, never through a proxy', async () => {
    const res = await fetch(`${node.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/rlcoach_http_requests_total\{[^}]*route="\/readyz"/);
    expect(text).toContain('rlcoach_socket_events_total');
    expect(text).toContain('rlcoach_coach_tokens_total');
    expect(text).toMatch(/bullmq_job_count\{queue="replays"/);
    const proxied = await fetch(`${node.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.status).toBe(403);
  });
});
