/**
 * One token scheme, enforced at both doors: a token must be correctly signed AND
 * name a database session that still exists and belongs to its subject. Signing
 * out (deleting the session) revokes its tokens for new sockets, reconnects,
 * commands on already-open sockets, and uploads. Rate limits fail closed.
 * Real Postgres (own database), real Redis, real socket.io-client.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { MikroORM } from '@rlcoach/db';
import { createSessionFor } from '@rlcoach/db/auth/sessions';
import { signSessionToken } from '@rlcoach/db/contracts/session-token';
import type { Ack, ReplayStatusSnapshot } from '@rlcoach/db/contracts/socket-events';
import { RateLimiter, RateRules, type RateRule } from '@rlcoach/db';
import { createTestPlatform, type TestPlatform } from './support/platform.js';
import {
  TEST_SECRET,
  client,
  connectError,
  connected,
  startNode,
  uniqueKey,
  type TestClient,
  type TestNode,
} from './support/node.js';

type ErrorBody = { error: { code: string; message: string } };

let platform: TestPlatform;
let orm: MikroORM;
let node: TestNode;
let alice: string;
let bob: string;
const rateLimitPrefix = uniqueKey('rl-session');

beforeAll(async () => {
  platform = await createTestPlatform('session_auth');
  orm = platform.db.orm;
  node = await startNode(platform.deps, {
    socketIoKey: uniqueKey('session'),
    requireSession: true,
    rateLimitPrefix,
  });
  alice = await platform.createUser('Alice');
  bob = await platform.createUser('Bob');
});
afterAll(async () => {
  await node?.close();
  await platform?.close();
});

async function sessionOf(userId: string, maxAgeSeconds?: number) {
  return createSessionFor(orm.em.fork(), userId, maxAgeSeconds);
}
function tokenFor(userId: string, sessionId?: string, extra: { now?: number; ttlSeconds?: number } = {}) {
  return signSessionToken(TEST_SECRET, userId, { ...(sessionId ? { sessionId } : {}), ...extra });
}
/** POST with a JSON body: past authentication the route answers 415 NOT_MULTIPART, so the code tells which door refused. */
async function upload(
  token: string | undefined,
): Promise<{ status: number; body: ErrorBody; headers: Headers }> {
  const res = await fetch(`${node.url}/api/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: '{}',
  });
  return { status: res.status, body: (await res.json()) as ErrorBody, headers: res.headers };
}
function status(socket: TestClient): Promise<Ack<ReplayStatusSnapshot[]>> {
  return socket.timeout(5000).emitWithAck('replay:status', { replayIds: [] });
}
async function deleteSession(id: string) {
  await orm.em.getConnection().execute('delete from sessions where id = ?', [id]);
}

describe('tokens for a live database session', () => {
  it('are accepted by the socket handshake, socket commands and the upload API', async () => {
    const s = await sessionOf(alice);
    const socket = await connected(client(node.url, tokenFor(alice, s.id)));
    try {
      expect(await status(socket)).toEqual({ ok: true, data: [] });
      const [server] = await node.realtime.io.fetchSockets();
      expect(server?.data).toMatchObject({ userId: alice, sessionId: s.id });
    } finally {
      socket.disconnect();
    }
    const res = await upload(tokenFor(alice, s.id));
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('NOT_MULTIPART');
  });
});

describe('refused tokens (socket and HTTP give the same code)', () => {
  const cases: { name: string; code: string; token: () => Promise<string | undefined> }[] = [
    { name: 'no token', code: 'UNAUTHENTICATED', token: async () => undefined },
    {
      name: 'tampered payload (sub swapped to another user)',
      code: 'TOKEN_INVALID',
      token: async () => {
        const s = await sessionOf(alice);
        const [payload, sig] = tokenFor(alice, s.id).split('.') as [string, string];
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
        claims.sub = bob;
        return `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`;
      },
    },
    {
      name: 'expired token for a live session',
      code: 'TOKEN_EXPIRED',
      token: async () => {
        const s = await sessionOf(alice);
        return tokenFor(alice, s.id, { now: Math.floor(Date.now() / 1000) - 3600, ttlSeconds: 60 });
      },
    },
    { name: 'token naming no session', code: 'SESSION_REQUIRED', token: async () => tokenFor(alice) },
    {
      name: 'session that does not exist',
      code: 'SESSION_REVOKED',
      token: async () => tokenFor(alice, randomUUID()),
    },
    {
      name: "another user's session id",
      code: 'SESSION_REVOKED',
      token: async () => tokenFor(alice, (await sessionOf(bob)).id),
    },
    {
      name: 'session past its expiry',
      code: 'SESSION_EXPIRED',
      token: async () => {
        const s = await sessionOf(alice);
        await orm.em
          .getConnection()
          .execute("update sessions set expires = now() - interval '1 minute' where id = ?", [s.id]);
        return tokenFor(alice, s.id);
      },
    },
  ];

  for (const c of cases) {
    it(`${c.name} → ${c.code}`, async () => {
      const token = await c.token();
      const err = await connectError(client(node.url, token));
      expect(err.data?.code).toBe(c.code);
      const res = await upload(token);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe(c.code);
    });
  }
});

describe('signing out (the session row is deleted)', () => {
  it('revokes tokens already handed out: reconnect, open sockets and uploads are refused', async () => {
    const s = await sessionOf(alice);
    const other = await sessionOf(alice); // the same user signed in elsewhere stays signed in
    const token = tokenFor(alice, s.id);
    const otherToken = tokenFor(alice, other.id);
    const open = await connected(client(node.url, token));
    const elsewhere = await connected(client(node.url, otherToken));
    try {
      expect((await status(open)).ok).toBe(true);
      await deleteSession(s.id);

      const disconnected = new Promise<string>((resolve) => open.once('disconnect', resolve));
      const answer = await status(open);
      expect(answer).toMatchObject({ ok: false, error: { code: 'SESSION_REVOKED' } });
      expect(await disconnected).toBe('io server disconnect');

      // The very same (still validly signed, unexpired) token is replayed: refused everywhere.
      expect((await connectError(client(node.url, token))).data?.code).toBe('SESSION_REVOKED');
      const res = await upload(token);
      expect([res.status, res.body.error.code]).toEqual([401, 'SESSION_REVOKED']);

      expect(await status(elsewhere)).toEqual({ ok: true, data: [] });
      expect((await upload(otherToken)).status).toBe(415);
    } finally {
      open.disconnect();
      elsewhere.disconnect();
    }
  });
});

describe('rate limits', () => {
  it('answers 429 RATE_LIMITED with Retry-After once the user has no upload requests left', async () => {
    const s = await sessionOf(bob);
    const limiter = new RateLimiter(node.redis, { prefix: rateLimitPrefix });
    // Spend the per-minute request burst directly in the shared store.
    const burst = RateRules.uploadRequestsPerUser.windows[1]!.limit;
    expect((await limiter.consume(RateRules.uploadRequestsPerUser, bob, burst)).allowed).toBe(true);
    const res = await upload(tokenFor(bob, s.id));
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    // Alice is not affected by Bob's budget.
    expect((await upload(tokenFor(alice, (await sessionOf(alice)).id))).status).toBe(415);
  });

  it('fails CLOSED when the limiter store is down: handshakes and uploads 503, socket commands SERVICE_UNAVAILABLE', async () => {
    const dead = new Redis('redis://127.0.0.1:1', { lazyConnect: true, retryStrategy: () => null });
    dead.on('error', () => {});
    await dead.connect().catch(() => {});
    const deadLimiter = new RateLimiter(dead, { prefix: rateLimitPrefix, timeoutMs: 300 });
    const closedNode = await startNode(
      { ...platform.deps, limiter: deadLimiter },
      { socketIoKey: uniqueKey('closed'), requireSession: true },
    );
    const s0 = await sessionOf(alice);
    expect((await connectError(client(closedNode.url, tokenFor(alice, s0.id)))).data?.code).toBe(
      'SERVICE_UNAVAILABLE',
    );
    await closedNode.close();

    // A node whose limiter only lets handshakes through, to reach the per-command check.
    const live = new RateLimiter(node.redis, { prefix: rateLimitPrefix });
    const handshakesOnly = Object.assign(Object.create(deadLimiter) as RateLimiter, {
      consume: (rule: RateRule, subject: string, cost?: number) =>
        rule === RateRules.socketConnectsPerAddress || rule === RateRules.socketConnectsPerUser
          ? live.consume(rule, subject, cost)
          : deadLimiter.consume(rule, subject, cost),
    });
    const commandNode = await startNode(
      { ...platform.deps, limiter: handshakesOnly },
      { socketIoKey: uniqueKey('closed2'), requireSession: true },
    );
    const s = await sessionOf(alice);
    const token = tokenFor(alice, s.id);
    const socket = await connected(client(commandNode.url, token));
    try {
      const res = await fetch(`${commandNode.url}/api/uploads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{}',
      });
      expect(res.status).toBe(503);
      expect(((await res.json()) as ErrorBody).error.code).toBe('SERVICE_UNAVAILABLE');
      expect(await status(socket)).toMatchObject({ ok: false, error: { code: 'SERVICE_UNAVAILABLE' } });
    } finally {
      socket.disconnect();
      await commandNode.close();
      dead.disconnect();
    }
  });
});
