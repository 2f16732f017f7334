/** Start a realtime node on an ephemeral port with the test's deps; always closed by the caller. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { createRealtime, type Realtime, type RealtimeDeps, type RealtimeOptions } from '../../src/app.js';
import type { ClientToServerEvents, ServerToClientEvents } from '@rlcoach/db/contracts/socket-events';
import type { QueueGauge, ReplayStatusReader, UploadIngestor } from '../../src/ports.js';

export const TEST_SECRET = 'test-secret-for-realtime-0123456789abcdef';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestNode {
  url: string;
  realtime: Realtime;
  redis: Redis;
  options: RealtimeOptions;
  close(): Promise<void>;
}

/** Deps for tests whose requests must never reach ingest or the database: any call fails the test. */
export const unreachable = {
  ingestor: {
    createBatch: () => Promise.reject(new Error('ingest must not be reached in this test')),
    ingestFile: () => Promise.reject(new Error('ingest must not be reached in this test')),
  } satisfies UploadIngestor,
  replays: {
    statusFor: () => Promise.reject(new Error('replay status must not be reached in this test')),
  } satisfies ReplayStatusReader,
};

export function fixedDepth(depth: number): QueueGauge {
  return { depth: async () => depth };
}

/** A Socket.IO key no other test (or engineer) shares. */
export function uniqueKey(label: string): string {
  return `rlcoach-test-${label}-${randomUUID().slice(0, 8)}`;
}

export async function startNode(
  deps: Omit<RealtimeDeps, 'redis'>,
  overrides: Partial<RealtimeOptions> & { socketIoKey: string },
): Promise<TestNode> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: false });
  const server = createServer();
  const options: RealtimeOptions = {
    sessionSecret: TEST_SECRET,
    requireSession: false,
    rateLimitPrefix: uniqueKey('rl'),
    webOrigins: ['http://localhost:3000'],
    uploadTmpDir: path.join(os.tmpdir(), `rlcoach-realtime-test-${randomUUID().slice(0, 8)}`),
    uploadMaxFiles: 50,
    uploadMaxBytes: 10 * 1024 * 1024,
    queueMaxDepth: 1000,
    ...overrides,
  };
  const realtime = createRealtime(server, { ...deps, redis }, options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await realtime.ready();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    realtime,
    redis,
    options,
    async close() {
      await realtime.close();
      // quit, not disconnect: commands still in flight (a room command racing the stop) get their
      // replies first instead of rejecting with "Connection is closed" after the test moved on.
      await redis.quit().catch(() => redis.disconnect());
      await rm(options.uploadTmpDir, { recursive: true, force: true });
    },
  };
}

export type TestClient = ClientSocket<ServerToClientEvents, ClientToServerEvents>;

export function client(url: string, token?: string): TestClient {
  return connectClient(url, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
}

/** Connect and resolve once connected; reject with the connect_error. */
export function connected(socket: TestClient): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export function connectError(socket: TestClient): Promise<Error & { data?: { code?: string } }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected, but the handshake should have been refused')));
    socket.once('connect_error', (err) => resolve(err as Error & { data?: { code?: string } }));
  });
}
