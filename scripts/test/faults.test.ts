/**
 * Fault tests on one machine, with real processes: the built realtime server and worker, a
 * redis-server of our own on a free port (never the shared one), and Postgres reached through a
 * TCP proxy we can cut. In order:
 *  1. kill -9 a worker in the middle of a parse: a new worker takes the job over and the replay
 *     completes exactly once (one result row, one `replay:done`);
 *  2. restart Redis while uploads run: every answer is a success or a clear, retryable error;
 *     live progress resumes; every file ends analysed, none lost, none twice;
 *  3. take Postgres away: uploads fail clearly (503 + Retry-After, SERVICE_UNAVAILABLE) and
 *     /healthz says the database is down; once it is back, uploads succeed and finish again.
 * (Stopping one of two realtime nodes behind nginx is nginx-scale.test.ts.)
 * On an idle machine the three take about a minute; the generous waits are for a shared, loaded one.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobOutbox, Replay, ReplayResult, UploadItem, User, UserKind } from '@rlcoach/db';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';
import {
  SESSION_SECRET,
  WORKER_MAIN,
  WORKER_WITH_HOOKS,
  REALTIME_MAIN,
  builtOrSkip,
  connectPlayer,
  distinctReplays,
  onceConnected,
  startCuttableProxy,
  startPrivateRedis,
  startService,
  throughPort,
  uploadFiles,
  uploadWithRetries,
  waitHealthy,
  type CuttableProxy,
  type Player,
  type PrivateRedis,
  type Service,
} from './fault-stack';
import { freePort, waitFor } from './support';

const replays = distinctReplays();
const skip = builtOrSkip() ?? (replays.length < 6 ? 'needs 6 distinct replays (RLCOACH_CORPUS)' : null);
if (skip) console.warn(`faults.test.ts skipped: ${skip}`);

describe.skipIf(skip !== null)('faults: worker crash, Redis restart, Postgres outage', () => {
  const id = `faults-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  let db: TestDatabase;
  let redis: PrivateRedis;
  let pg: CuttableProxy;
  let dir: string;
  let realtime: Service;
  let realtimeUrl: string;
  let worker: Service;
  let queue: Queue;
  let queueRedis: Redis;
  const services: Service[] = [];
  const players: Player[] = [];
  let workerEnv: Record<string, string>;
  const logs = () => services.map((s) => `--- ${s.name}\n${s.output.join('').slice(-3000)}`).join('\n');

  const createUser = async (name: string) => {
    const em = db.orm.em.fork();
    const user = em.create(User, { displayName: name, kind: UserKind.Member } as User);
    await em.flush();
    return user.id;
  };
  /** `slowParse`: the worker whose parse is held 1.5 s (the one killed mid-parse). */
  const startWorker = (name: string, slowParse = false) => {
    const w = slowParse
      ? startService(name, WORKER_WITH_HOOKS, {
          ...workerEnv,
          RLCOACH_TEST_STAGE_HOOKS: JSON.stringify({ parse: { delayMs: 1500 } }),
        })
      : startService(name, WORKER_MAIN, workerEnv);
    services.push(w);
    return w;
  };
  const resultsOf = (replayId: string) => db.orm.em.fork().count(ReplayResult, { replay: replayId });

  beforeAll(async () => {
    db = await createTestDatabase('faults');
    [redis, pg] = await Promise.all([
      startPrivateRedis(),
      startCuttableProxy(Number(new URL(db.url).port || 5432)),
    ]);
    dir = await mkdtemp(path.join(os.tmpdir(), 'rlcoach-faults-'));
    const port = await freePort();
    realtimeUrl = `http://127.0.0.1:${port}`;
    const common = {
      DATABASE_URL: throughPort(db.url, pg.port),
      REDIS_URL: redis.url,
      BULLMQ_PREFIX: `rlcoach-${id}`,
      SOCKET_IO_KEY: `rlcoach-${id}.io`,
      SESSION_SECRET,
      STORAGE_DIR: path.join(dir, 'replays'),
      DB_POOL_MAX: '4',
    };
    workerEnv = {
      ...common,
      WORKER_LOCK_MS: '2000',
      OUTBOX_RELAY_MS: '250',
      OUTBOX_SWEEP_MS: '3000',
    };
    realtime = startService('realtime', REALTIME_MAIN, {
      ...common,
      REALTIME_PORT: String(port),
      REALTIME_HOST: '127.0.0.1',
      REALTIME_REQUIRE_SESSION: '0',
      WEB_ORIGIN: 'http://localhost:3000',
      UPLOAD_TMP_DIR: path.join(dir, 'tmp'),
    });
    services.push(realtime);
    worker = startWorker('worker-1', true);
    await waitHealthy(realtimeUrl, realtime);
    queueRedis = new Redis(redis.url, { maxRetriesPerRequest: null });
    queueRedis.on('error', () => {});
    queue = new Queue('replays', { connection: queueRedis, prefix: common.BULLMQ_PREFIX });
    queue.on('error', () => {}); // while our Redis is restarted on purpose
    await waitFor(
      'a worker on the queue',
      async () => ((await queue.getWorkersCount()) > 0 ? true : undefined),
      30_000,
      logs,
    );
  });

  afterAll(async () => {
    for (const p of players) p.socket.disconnect();
    await Promise.allSettled(services.map((s) => s.kill('SIGKILL')));
    await queue?.close().catch(() => {});
    queueRedis?.disconnect();
    await Promise.allSettled([redis?.close(), pg?.close()]);
    await db?.drop().catch(() => {});
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('kill -9 of a worker mid-parse: another worker completes the job exactly once', async () => {
    const alice = connectPlayer(realtimeUrl, await createUser('Alice'));
    players.push(alice);
    await onceConnected(alice);
    const answer = await uploadFiles(realtimeUrl, alice.token, [replays[0]!]);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const replayId = answer.body.files![0]!.replayId!;

    await waitFor(
      'the parse to start',
      () =>
        alice.events.some(
          (e) =>
            e.event === 'replay:progress' && e.payload.replayId === replayId && e.payload.stage === 'parsing',
        )
          ? true
          : undefined,
      60_000,
      logs,
    );
    await worker.kill('SIGKILL');
    expect(alice.finished().has(replayId)).toBe(false);
    worker = startWorker('worker-2');

    await waitFor('replay:done after the takeover', () => alice.finished().get(replayId), 120_000, logs);
    expect(alice.finished().get(replayId)!.event).toBe('replay:done');
    // Give a duplicate the time to show up, then count: one result, one done, one completed job.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await resultsOf(replayId)).toBe(1);
    expect(
      alice.events.filter((e) => e.event === 'replay:done' && e.payload.replayId === replayId),
    ).toHaveLength(1);
    const job = await queue.getJob(`replay-process-${replayId}`);
    expect(await job?.getState()).toBe('completed');
    const replay = await db.orm.em.fork().findOneOrFail(Replay, replayId);
    expect(['analysed', 'partial']).toContain(replay.status);
  }, 240_000);

  it('Redis restart during uploads: clear answers, progress resumes, nothing lost or doubled', async () => {
    const bob = connectPlayer(realtimeUrl, await createUser('Bob'));
    const carol = connectPlayer(realtimeUrl, await createUser('Carol'));
    players.push(bob, carol);
    await Promise.all([onceConnected(bob), onceConnected(carol)]);

    const uploads = [
      uploadWithRetries(realtimeUrl, bob.token, [replays[1]!, replays[2]!]),
      uploadWithRetries(realtimeUrl, carol.token, [replays[3]!]),
    ];
    // Redis goes away while those requests are in flight, and comes back 1.5 s later.
    await new Promise((r) => setTimeout(r, 150));
    await redis.stop();
    const downAt = Date.now();
    const during = await uploadFiles(realtimeUrl, carol.token, [replays[4]!]);
    await new Promise((r) => setTimeout(r, 1500));
    await redis.start();
    const upAt = Date.now();
    // The upload refused during the outage is sent again, as the web client does by itself.
    const retried = uploadWithRetries(realtimeUrl, carol.token, [replays[4]!]);
    const results = [...(await Promise.all(uploads)), await retried];

    // Every answer was a success or a clear error with a code and a message.
    for (const a of [during, ...results.flatMap((r) => r.answers)]) {
      if (a.status === 200) continue;
      expect([0, 503], JSON.stringify(a.body)).toContain(a.status);
      expect(a.body.error?.code ?? a.body.files?.[0]?.error?.code, JSON.stringify(a.body)).toMatch(
        /SERVICE_UNAVAILABLE|QUEUE_BUSY|NETWORK/,
      );
    }
    expect(during.status, 'an upload while Redis is down is refused, not hung').toBe(503);
    const accepted = new Map(results.flatMap((r) => [...r.accepted]));
    expect(results.flatMap((r) => [...r.refused])).toEqual([]);
    expect(accepted.size).toBe(4);

    // Nothing lost: every replay finishes (live events resumed after the restart), once.
    const owner = (replayId: string) => ([...bob.finished().keys()].includes(replayId) ? bob : carol);
    await waitFor(
      'every replay finished',
      async () => {
        const rows = await db.orm.em.fork().find(Replay, { id: { $in: [...accepted.values()] } });
        return rows.every((r) => r.status === 'analysed' || r.status === 'partial') ? true : undefined;
      },
      180_000,
      logs,
    );
    for (const replayId of accepted.values()) expect(await resultsOf(replayId)).toBe(1);
    await waitFor(
      'replay:done delivered for every replay',
      () =>
        [...accepted.values()].every((rid) => owner(rid).finished().get(rid)?.event === 'replay:done')
          ? true
          : undefined,
      60_000,
      () =>
        JSON.stringify(
          [...bob.events, ...carol.events].map((e) => [e.event, e.payload.replayId, e.at - upAt]),
        ),
    );
    const after = [...bob.events, ...carol.events].filter(
      (e) => e.event === 'replay:progress' && e.at > upAt,
    );
    expect(after.length, 'progress events after Redis came back').toBeGreaterThan(0);
    expect(downAt).toBeLessThan(upAt);
    // The outbox is drained: no job is waiting to be enqueued.
    expect(await db.orm.em.fork().count(JobOutbox, {})).toBe(0);
  }, 300_000);

  it('Postgres outage: uploads fail clearly and /healthz says so, then everything recovers', async () => {
    const dave = connectPlayer(realtimeUrl, await createUser('Dave'));
    players.push(dave);
    await onceConnected(dave);

    await pg.cut();
    const started = Date.now();
    const refused = await uploadFiles(realtimeUrl, dave.token, [replays[5]!]);
    expect(Date.now() - started, 'fails fast, not after a long hang').toBeLessThan(12_000);
    expect(refused.status, JSON.stringify(refused.body)).toBe(503);
    expect(refused.body.error?.code).toBe('SERVICE_UNAVAILABLE');
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    const health = await fetch(`${realtimeUrl}/healthz`);
    expect(health.status).toBe(503);
    expect(JSON.stringify(await health.json())).toMatch(/database/);

    await pg.restore();
    const back = await uploadWithRetries(realtimeUrl, dave.token, [replays[5]!]);
    expect([...back.refused]).toEqual([]);
    const replayId = [...back.accepted.values()][0]!;
    await waitFor('replay:done after Postgres came back', () => dave.finished().get(replayId), 120_000, logs);
    expect(dave.finished().get(replayId)!.event).toBe('replay:done');
    expect(await resultsOf(replayId)).toBe(1);
    // The refused attempt left no half-written rows: one item per accepted file of this user.
    const items = await db.orm.em.fork().find(UploadItem, { replay: replayId });
    expect(items).toHaveLength(1);
    await waitHealthy(realtimeUrl, realtime, 30_000);
  }, 240_000);
});
