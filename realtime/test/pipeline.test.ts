/**
 * Multi-node pipeline: two realtime nodes and two worker processes on one Redis.
 * Alice's client is connected to node A; she uploads through node B; a worker
 * processes the job and emits through the Redis emitter; Alice receives the
 * progress stages and `replay:done` on node A, and Bob (also on node A) receives nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSessionToken } from '@rlcoach/db/contracts/session-token';
import type { ReplayDone, ReplayFailed, ReplayProgress } from '@rlcoach/db/contracts/socket-events';
import type { UploadResponse } from '../src/uploads/route.js';
import { corpusMessage, goodReplays } from './support/corpus.js';
import {
  REDIS_URL,
  TEST_SECRET,
  client,
  connected,
  startNode,
  uniqueKey,
  type TestClient,
  type TestNode,
} from './support/node.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The compiled worker: its sandboxed processor is loaded by file path and must be JavaScript.
const workerMain = path.join(repoRoot, 'worker/dist/main.js');
const replays = goodReplays();
const missing = !existsSync(workerMain)
  ? `${workerMain} is not built (run \`npx tsc -b worker\`, or \`npm test\` which builds first)`
  : replays.length < 2
    ? corpusMessage
    : null;
if (missing) console.warn(`pipeline.test.ts skipped: ${missing}`);

interface WorkerProcess {
  child: ChildProcess;
  output: string[];
}

/** A worker process with this test's database, BullMQ prefix, Socket.IO key and storage. */
function startWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [workerMain], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  return { child, output };
}

async function stopWorker(w: WorkerProcess): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => w.child.once('exit', () => resolve()));
  w.child.kill('SIGTERM');
  const timer = setTimeout(() => w.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

type Received =
  ['replay:progress', ReplayProgress] | ['replay:done', ReplayDone] | ['replay:failed', ReplayFailed];

function record(socket: TestClient): Received[] {
  const got: Received[] = [];
  socket.onAny((event: string, payload: unknown) => got.push([event, payload] as Received));
  return got;
}

async function waitFor(
  predicate: () => boolean,
  ms: number,
  what: () => string,
  workers: WorkerProcess[],
): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    const dead = workers.find((w) => w.child.exitCode !== null || w.child.signalCode !== null);
    if (dead)
      throw new Error(
        `a worker process exited (${dead.child.exitCode ?? dead.child.signalCode}) while waiting for ${what()}`,
      );
    if (Date.now() > until) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(missing !== null)('two realtime nodes, two workers, one Redis', () => {
  let platform: TestPlatform;
  let nodeA: TestNode;
  let nodeB: TestNode;
  const workers: WorkerProcess[] = [];
  const key = uniqueKey('pipeline');

  beforeAll(async () => {
    platform = await createTestPlatform('pipeline');
    [nodeA, nodeB] = await Promise.all([
      startNode(platform.deps, { socketIoKey: key }),
      startNode(platform.deps, { socketIoKey: key }),
    ]);
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: platform.db.url,
      REDIS_URL,
      BULLMQ_PREFIX: platform.prefix,
      SOCKET_IO_KEY: key,
      STORAGE_DIR: platform.storage.root,
      WORKER_CONCURRENCY: '1',
    };
    workers.push(startWorker(env), startWorker(env));
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([...workers.map(stopWorker), nodeA?.close(), nodeB?.close()]);
    await platform?.close();
  }, 60_000);

  it('delivers progress and done for jobs run by a worker to the uploader on the other node, and nothing to another user', async () => {
    const alice = await platform.createUser('Alice');
    const bob = await platform.createUser('Bob');
    const aliceSocket = await connected(client(nodeA.url, signSessionToken(TEST_SECRET, alice)));
    const bobSocket = await connected(client(nodeA.url, signSessionToken(TEST_SECRET, bob)));
    try {
      const aliceGot = record(aliceSocket);
      const bobGot = record(bobSocket);

      const form = new FormData();
      const files = replays.slice(0, 2);
      for (const f of files) form.append('files', new Blob([await readFile(f)]), path.basename(f));
      const res = await fetch(`${nodeB.url}/api/uploads`, {
        method: 'POST',
        headers: { authorization: `Bearer ${signSessionToken(TEST_SECRET, alice)}` },
        body: form,
      });
      const body = (await res.json()) as UploadResponse;
      expect(res.status).toBe(200);
      const ids = body.files.map((f) => f.replayId!);
      expect(body.files.map((f) => f.outcome)).toEqual(['accepted', 'accepted']);

      const terminal = (id: string) =>
        aliceGot.some(([e, p]) => (e === 'replay:done' || e === 'replay:failed') && p.replayId === id);
      await waitFor(
        () => ids.every(terminal),
        90_000,
        () =>
          `replay:done for ${ids.join(', ')}; alice got ${JSON.stringify(aliceGot.map(([e, p]) => [e, p.replayId]))}; worker output:\n${workers.map((w) => w.output.join('')).join('\n---\n')}`,
        workers,
      );

      for (const id of ids) {
        const events = aliceGot.filter(([, p]) => p.replayId === id);
        const stages = events
          .filter(([e]) => e === 'replay:progress')
          .map(([, p]) => (p as ReplayProgress).stage);
        expect(stages, `stages for ${id}`).toContain('parsing');
        for (const [e, p] of events) if (e === 'replay:progress') expect(p.percent).toBeGreaterThanOrEqual(0);
        const done = events.find(([e]) => e === 'replay:done');
        expect(
          done,
          `replay:done for ${id}: ${JSON.stringify(events.filter(([e]) => e === 'replay:failed'))}`,
        ).toBeDefined();
        const payload = done![1] as ReplayDone;
        expect(['analysed', 'partial']).toContain(payload.status);
        expect(payload.scoreboard.replayId).toBe(id);
        expect(
          payload.scoreboard.teams.blue.players.length + payload.scoreboard.teams.orange.players.length,
        ).toBeGreaterThan(0);
        // `done` is the last word for a replay.
        expect(events.at(-1)![0]).toBe('replay:done');
      }

      // A marker for Bob from node B after everything: any event leaked to him would be in by now.
      const marker = new Promise((resolve) => bobSocket.once('replay:failed', resolve));
      nodeB.realtime.io.to(`user:${bob}`).emit('replay:failed', { replayId: 'marker', reason: 'marker' });
      await marker;
      expect(bobGot).toEqual([['replay:failed', { replayId: 'marker', reason: 'marker' }]]);
      expect(platform.errors).toEqual([]);
    } finally {
      aliceSocket.disconnect();
      bobSocket.disconnect();
    }
  }, 120_000);
});
