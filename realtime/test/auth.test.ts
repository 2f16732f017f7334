/**
 * Authentication at both doors (socket handshake and POST /api/uploads) and
 * room isolation, against a real node: real Redis adapter, real socket.io-client,
 * and events published by the real @socket.io/redis-emitter the worker uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { Emitter } from '@socket.io/redis-emitter';
import { signSessionToken } from '@rlcoach/db/contracts/session-token';
import { rooms, type ReplayProgress, type ServerToClientEvents } from '@rlcoach/db/contracts/socket-events';
import {
  REDIS_URL,
  TEST_SECRET,
  client,
  connectError,
  connected,
  fixedDepth,
  startNode,
  uniqueKey,
  unreachable,
  type TestNode,
} from './support/node.js';

type ErrorBody = { error: { code: string; message: string } };

const ALICE = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';

let node: TestNode;
let emitterRedis: Redis;
let emitter: Emitter<ServerToClientEvents>;

beforeAll(async () => {
  const key = uniqueKey('auth');
  node = await startNode({ ...unreachable, queue: fixedDepth(0) }, { socketIoKey: key });
  emitterRedis = new Redis(REDIS_URL);
  emitter = new Emitter<ServerToClientEvents>(emitterRedis, { key });
});
afterAll(async () => {
  await node?.close();
  emitterRedis?.disconnect();
});

describe('socket handshake', () => {
  it('refuses a connection without a token', async () => {
    const err = await connectError(client(node.url));
    expect(err.data?.code).toBe('UNAUTHENTICATED');
    expect(err.message).toMatch(/sign in/i);
  });

  it('refuses a tampered token', async () => {
    const token = signSessionToken(TEST_SECRET, ALICE);
    const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect((await connectError(client(node.url, tampered))).data?.code).toBe('TOKEN_INVALID');
  });

  it('refuses a token signed with another secret', async () => {
    const token = signSessionToken('some-other-secret-0123456789abcdef', ALICE);
    expect((await connectError(client(node.url, token))).data?.code).toBe('TOKEN_INVALID');
  });

  it('refuses an expired token', async () => {
    const token = signSessionToken(TEST_SECRET, ALICE, {
      now: Math.floor(Date.now() / 1000) - 3600,
      ttlSeconds: 60,
    });
    const err = await connectError(client(node.url, token));
    expect(err.data?.code).toBe('TOKEN_EXPIRED');
    expect(err.message).toMatch(/expired/i);
  });

  it('accepts a valid token and joins only the caller’s user room', async () => {
    const socket = await connected(client(node.url, signSessionToken(TEST_SECRET, ALICE)));
    try {
      const [server] = await node.realtime.io.in(rooms.user(ALICE)).fetchSockets();
      expect(server?.data.userId).toBe(ALICE);
      expect([...(server?.rooms ?? [])].sort()).toEqual([server!.id, rooms.user(ALICE)].sort());
    } finally {
      socket.disconnect();
    }
  });
});

describe('room isolation', () => {
  it('delivers a user’s events to that user only, including every tab of theirs', async () => {
    const alice1 = await connected(client(node.url, signSessionToken(TEST_SECRET, ALICE)));
    const alice2 = await connected(client(node.url, signSessionToken(TEST_SECRET, ALICE)));
    const bob = await connected(client(node.url, signSessionToken(TEST_SECRET, BOB)));
    try {
      const bobGot: unknown[] = [];
      bob.onAny((event, ...args) => bobGot.push([event, ...args]));
      const received = (s: typeof alice1) =>
        new Promise<ReplayProgress>((resolve) => s.once('replay:progress', resolve));
      const p1 = received(alice1);
      const p2 = received(alice2);
      const progress: ReplayProgress = {
        replayId: '33333333-3333-4333-8333-333333333333',
        stage: 'parsing',
        percent: 40,
      };
      emitter.to(rooms.user(ALICE)).emit('replay:progress', progress);
      expect(await p1).toEqual(progress);
      expect(await p2).toEqual(progress);

      // A marker event sent to Bob afterwards: once it arrives, Alice's event would have too.
      const marker = new Promise((resolve) => bob.once('replay:failed', resolve));
      emitter.to(rooms.user(BOB)).emit('replay:failed', { replayId: 'marker', reason: 'marker' });
      await marker;
      expect(bobGot).toEqual([['replay:failed', { replayId: 'marker', reason: 'marker' }]]);
    } finally {
      alice1.disconnect();
      alice2.disconnect();
      bob.disconnect();
    }
  });
});

describe('POST /api/uploads authentication', () => {
  const post = (headers: Record<string, string>) =>
    fetch(`${node.url}/api/uploads`, { method: 'POST', headers, body: new FormData() });

  it('answers 401 UNAUTHENTICATED without a token', async () => {
    const res = await post({});
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).error.code).toBe('UNAUTHENTICATED');
  });

  it('answers 401 TOKEN_INVALID for a tampered token and a malformed header', async () => {
    const token = signSessionToken(TEST_SECRET, ALICE);
    const [payload, sig] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...claims, sub: BOB })).toString('base64url')}.${sig}`;
    for (const authorization of [`Bearer ${forged}`, `Basic ${token}`, 'Bearer']) {
      const res = await post({ authorization });
      expect(res.status, authorization).toBe(401);
      expect(((await res.json()) as ErrorBody).error.code).toBe('TOKEN_INVALID');
    }
  });

  it('answers 401 TOKEN_EXPIRED for an expired token', async () => {
    const token = signSessionToken(TEST_SECRET, ALICE, {
      now: Math.floor(Date.now() / 1000) - 3600,
      ttlSeconds: 60,
    });
    const res = await post({ authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).error.code).toBe('TOKEN_EXPIRED');
  });

  it('answers 403 FORBIDDEN to a guest identity (the policy: uploads need an account)', async () => {
    const token = signSessionToken(TEST_SECRET, ALICE, { kind: 'guest' });
    const res = await post({ authorization: `Bearer ${token}` });
    expect(res.status).toBe(403);
    expect(((await res.json()) as ErrorBody).error.code).toBe('FORBIDDEN');
  });

  it('allows the web origin with credentials, and not others', async () => {
    const pre = await fetch(`${node.url}/api/uploads`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    const evil = await fetch(`${node.url}/api/uploads`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example' },
    });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});
