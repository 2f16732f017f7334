/**
 * The browser's socket always comes back: a real Socket.IO server refuses handshakes the way
 * realtime does (connect_error with `data.code`), and the client from $lib/realtime/socket retries
 * every refusal with growing, jittered delays, refreshing its token only for token refusals.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import { connectRealtime, type RealtimeConnection } from '$lib/realtime/socket';
import { backoffDelay } from '$lib/realtime/reconnect';

let http: HttpServer | undefined;
let server: Server | undefined;
let client: RealtimeConnection | undefined;

afterEach(async () => {
  client?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  http = server = client = undefined;
});

/** A server whose handshake middleware refuses with the codes given, in order, then accepts. */
async function refusingServer(
  codes: string[],
): Promise<{ url: string; handshakes: number[]; tokens: unknown[] }> {
  http = createServer();
  server = new Server(http);
  const handshakes: number[] = [];
  const tokens: unknown[] = [];
  server.use((socket, next) => {
    handshakes.push(Date.now());
    tokens.push((socket.handshake.auth as { token?: unknown }).token);
    const code = codes.shift();
    if (!code) return next();
    const err = new Error(`refused: ${code}`) as Error & { data: { code: string } };
    err.data = { code };
    next(err);
  });
  await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, handshakes, tokens };
}

function connectedWithin({ socket }: RealtimeConnection, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not connected within ${ms} ms`)), ms);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('connectRealtime retries every refused handshake', () => {
  it('comes back after RATE_LIMITED and SERVICE_UNAVAILABLE refusals, waiting longer each time', async () => {
    const srv = await refusingServer(['RATE_LIMITED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE']);
    let refreshed = 0;
    client = connectRealtime(
      srv.url,
      () => 'token-1',
      async () => {
        refreshed++;
      },
      { baseMs: 100, maxMs: 2000, random: () => 0 },
    );
    client.socket.connect();
    await connectedWithin(client, 10_000);
    expect(srv.handshakes).toHaveLength(4);
    const gaps = srv.handshakes.slice(1).map((t, i) => t - srv.handshakes[i]!);
    // Equal jitter with random()=0: 50, 100, 200 ms at least.
    expect(gaps[0]).toBeGreaterThanOrEqual(45);
    expect(gaps[1]).toBeGreaterThanOrEqual(95);
    expect(gaps[2]).toBeGreaterThanOrEqual(195);
    // Not a token problem: no token refresh was asked for.
    expect(refreshed).toBe(0);
  });

  it('fetches a fresh token before retrying a token refusal', async () => {
    const srv = await refusingServer(['TOKEN_EXPIRED']);
    let token = 'stale';
    client = connectRealtime(
      srv.url,
      () => token,
      async () => {
        token = 'fresh';
      },
      { baseMs: 50, maxMs: 500 },
    );
    client.socket.connect();
    await connectedWithin(client, 10_000);
    expect(srv.tokens).toEqual(['stale', 'fresh']);
  });

  it('stays down once the page closes it, even with a retry pending', async () => {
    const srv = await refusingServer(['RATE_LIMITED']);
    client = connectRealtime(
      srv.url,
      () => 't',
      async () => {},
      { baseMs: 50, maxMs: 50 },
    );
    client.socket.connect();
    await new Promise((r) => client!.socket.once('connect_error', r));
    client.close();
    await new Promise((r) => setTimeout(r, 300));
    expect(srv.handshakes).toHaveLength(1);
  });
});

describe('backoffDelay', () => {
  it('doubles its ceiling up to the maximum and jitters within the upper half', () => {
    const b = { baseMs: 1000, maxMs: 30_000 };
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, { ...b, random: () => 0 }))).toEqual([
      500, 1000, 2000, 4000, 8000, 15_000, 15_000,
    ]);
    expect(backoffDelay(3, { ...b, random: () => 0.999999 })).toBe(8000);
    expect(backoffDelay(1000, { ...b, random: () => 0.5 })).toBe(22_500);
  });
});
