/**
 * SIGTERM on a real realtime process (realtime/dist/main.js, real Postgres, Redis and ingest) in the
 * middle of an upload: the upload being streamed completes and is ingested (replay row, upload
 * item, queued job), connected sockets are told `server:shutdown` and see a transport close (so
 * Socket.IO's client reconnects by itself), and the process exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Replay, UploadItem } from '@rlcoach/db';
import { createSessionFor } from '@rlcoach/db/auth/sessions';
import { signSessionToken } from '@rlcoach/db/contracts/session-token';
import { io as connectClient } from 'socket.io-client';
import { goodReplays } from './support/corpus.js';
import { REDIS_URL, uniqueKey } from './support/node.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/main.js');
const SECRET = 'shutdown-test-secret-0123456789abcdef';
const replays = goodReplays();

let platform: TestPlatform;
let child: ChildProcess;
let output = '';

function waitForLine(pred: (l: Record<string, unknown>) => boolean, timeoutMs = 60_000) {
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no such log line:\n${output}`)), timeoutMs);
    const scan = () => {
      for (const raw of output.split('\n')) {
        if (!raw.startsWith('{')) continue;
        try {
          const line = JSON.parse(raw) as Record<string, unknown>;
          if (pred(line)) {
            clearTimeout(timer);
            child.stderr!.off('data', scan);
            return resolve(line);
          }
        } catch {
          /* partial line */
        }
      }
    };
    child.stderr!.on('data', scan);
    scan();
  });
}

beforeAll(async () => {
  platform = await createTestPlatform('shutdown');
}, 60_000);
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await platform?.close();
});

describe.skipIf(replays.length < 1)('realtime SIGTERM', () => {
  it('finishes the upload in flight, hints sockets to reconnect, and exits 0', async () => {
    child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: platform.db.url,
        REDIS_URL,
        BULLMQ_PREFIX: platform.prefix,
        SOCKET_IO_KEY: uniqueKey('shutdown'),
        SESSION_SECRET: SECRET,
        STORAGE_DIR: platform.storage.root,
        UPLOAD_TMP_DIR: path.join(os.tmpdir(), `rlcoach-shutdown-${process.pid}`),
        REALTIME_PORT: '0',
        REALTIME_HOST: '127.0.0.1',
        RATE_LIMIT_PREFIX: uniqueKey('rl'),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const listening = await waitForLine((l) => l.msg === 'listening');
    const url = `http://127.0.0.1:${listening.port as number}`;

    const userId = await platform.createUser('Uploader');
    const session = await createSessionFor(platform.db.orm.em.fork(), userId);
    const token = signSessionToken(SECRET, userId, { sessionId: session.id });

    // A socket that must hear the hint and then see the transport close (it would reconnect).
    const socket = connectClient(url, { auth: { token }, transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const hint = new Promise<{ reconnectAfterMs: number }>((resolve) =>
      socket.once('server:shutdown', resolve),
    );
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    // Stream a multipart upload in two halves with the SIGTERM in between.
    const bytes = new Uint8Array(await readFile(replays[0]!));
    const boundary = '----rlcoachshutdown';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="mid-shutdown.replay"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const body = Buffer.concat([head, bytes, tail]);
    const half = Math.floor(body.length / 2);
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${url}/api/uploads`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': body.length,
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.subarray(0, half));
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => req.end(body.subarray(half)), 300);
      }, 300);
    });

    const answered = await response;
    expect(answered.status, answered.body).toBe(200);
    const files = (JSON.parse(answered.body) as { files: { outcome: string; replayId?: string }[] }).files;
    expect(files).toHaveLength(1);
    expect(files[0]!.outcome).toBe('accepted');
    expect((await hint).reconnectAfterMs).toBeGreaterThan(0);
    expect(await closed).toBe('transport close');
    expect(await exited).toBe(0);

    // Nothing lost: the row, its upload item and its queued job all exist.
    const em = platform.db.orm.em.fork();
    const replay = await em.findOneOrFail(Replay, files[0]!.replayId!);
    expect(replay.status).toBe('queued');
    expect(await em.count(UploadItem, { replay: replay.id })).toBe(1);
    const jobs = await platform.producer.queue.getJobs(['waiting', 'prioritized', 'delayed']);
    expect(jobs.map((j) => (j.data as { replayId: string }).replayId)).toContain(replay.id);
    socket.close();
  }, 120_000);
});
