/**
 * Whose budget a request spends: uploads and socket handshakes key on the user, with a per-address
 * guard on top whose address comes from the one rule in @rlcoach/db (TRUSTED_PROXY_HOPS). Real
 * Redis, real HTTP and socket.io-client; ingest is never reached (a JSON body stops at 415).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { RateLimiter, RateRules } from '@rlcoach/db';
import { signSessionToken } from '@rlcoach/db/contracts/session-token';
import { TEST_SECRET, fixedDepth, startNode, uniqueKey, unreachable, type TestNode } from './support/node.js';

const deps = { ...unreachable, queue: fixedDepth(0) };
const token = (userId: string) => signSessionToken(TEST_SECRET, userId);

function upload(node: TestNode, userId: string, forwardedFor?: string) {
  return fetch(`${node.url}/api/uploads`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token(userId)}`,
      'content-type': 'application/json',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    body: '{}',
  }).then((r) => r.status);
}

/** 'connected' or the refusal code; the socket is kept open when `keep` is given. */
function handshake(node: TestNode, userId: string, forwardedFor?: string, keep?: { close(): void }[]) {
  return new Promise<string>((resolve) => {
    const socket = io(node.url, {
      auth: { token: token(userId) },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(forwardedFor ? { extraHeaders: { 'x-forwarded-for': forwardedFor } } : {}),
    });
    socket.once('connect', () => {
      if (keep) keep.push({ close: () => socket.disconnect() });
      else socket.disconnect();
      resolve('connected');
    });
    socket.once('connect_error', (err) => {
      socket.disconnect();
      resolve((err as Error & { data?: { code?: string } }).data?.code ?? err.message);
    });
  });
}

describe('behind one proxy hop (TRUSTED_PROXY_HOPS=1)', () => {
  let node: TestNode;
  let limiter: RateLimiter;
  beforeAll(async () => {
    node = await startNode(deps, { socketIoKey: uniqueKey('hops1'), trustedProxyHops: 1 });
    limiter = new RateLimiter(node.redis, { prefix: node.options.rateLimitPrefix! });
  });
  afterAll(() => node?.close());

  it('spends the per-address upload guard of the forwarded client, not of the proxy', async () => {
    const [limit] = RateRules.uploadRequestsPerAddress.windows.map((w) => w.limit).sort((a, b) => a - b);
    expect((await limiter.consume(RateRules.uploadRequestsPerAddress, '198.51.100.7', limit)).allowed).toBe(
      true,
    );
    expect(await upload(node, randomUUID(), '198.51.100.7')).toBe(429);
    // Another client behind the same proxy, and a client-written entry left of ours, are not that address.
    expect(await upload(node, randomUUID(), '198.51.100.8')).toBe(415);
    expect(await upload(node, randomUUID(), '198.51.100.7, 198.51.100.9')).toBe(415);
  });

  it('spends the per-address handshake guard of the forwarded client', async () => {
    const limit = RateRules.socketConnectsPerAddress.windows[0]!.limit;
    expect((await limiter.consume(RateRules.socketConnectsPerAddress, '203.0.113.5', limit)).allowed).toBe(
      true,
    );
    expect(await handshake(node, randomUUID(), '203.0.113.5')).toBe('RATE_LIMITED');
    expect(await handshake(node, randomUUID(), '203.0.113.6')).toBe('connected');
  });
});

describe('reached directly (TRUSTED_PROXY_HOPS=0, the default)', () => {
  let node: TestNode;
  let limiter: RateLimiter;
  beforeAll(async () => {
    node = await startNode(deps, { socketIoKey: uniqueKey('hops0') });
    limiter = new RateLimiter(node.redis, { prefix: node.options.rateLimitPrefix! });
  });
  afterAll(() => node?.close());

  it('ignores X-Forwarded-For: a spoofed address neither escapes nor frames another', async () => {
    const limit = RateRules.socketConnectsPerAddress.windows[0]!.limit;
    expect((await limiter.consume(RateRules.socketConnectsPerAddress, '203.0.113.5', limit)).allowed).toBe(
      true,
    );
    // Claiming the exhausted address does not refuse us: the header is not read at all.
    expect(await handshake(node, randomUUID(), '203.0.113.5')).toBe('connected');
    expect(await upload(node, randomUUID(), '203.0.113.5')).toBe(415);
  });

  it('keeps each user on their own upload budget even from one address', async () => {
    const [alice, bob] = [randomUUID(), randomUUID()];
    const burst = RateRules.uploadRequestsPerUser.windows[1]!.limit;
    for (let i = 0; i < burst; i++) expect(await upload(node, alice)).toBe(415);
    expect(await upload(node, alice)).toBe(429);
    expect(await upload(node, bob)).toBe(415);
  });

  it("a restart's returning sockets (20 users x 8 tabs) all connect again from one address", async () => {
    const users = Array.from({ length: 20 }, () => randomUUID());
    const connectAll = async (target: TestNode) => {
      const open: { close(): void }[] = [];
      const outcomes = await Promise.all(
        users.flatMap((u) => Array.from({ length: 8 }, () => handshake(target, u, undefined, open))),
      );
      for (const s of open) s.close();
      return outcomes.filter((o) => o !== 'connected');
    };
    expect(await connectAll(node)).toEqual([]);
    // The restarted server shares the limiter's Redis counters with the one before it.
    const restarted = await startNode(deps, {
      socketIoKey: uniqueKey('hops0-restarted'),
      rateLimitPrefix: node.options.rateLimitPrefix!,
    });
    try {
      expect(await connectAll(restarted)).toEqual([]);
    } finally {
      await restarted.close();
    }
  });
});
