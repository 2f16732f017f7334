// Upload-time ingest against real Postgres (fresh database) and real Redis (unique BullMQ prefix).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { JobOutbox, Replay, ReplayStatus, UploadItem, UploadOutcome } from '@rlcoach/db';
import { relayOutbox } from '@rlcoach/db/queues/outbox';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';
import {
  createUploadBatch,
  ingestReplayFile,
  recordRefusedUpload,
  type IngestDeps,
} from '@rlcoach/db/ingest/ingest';
import { ReplayProducer } from '@rlcoach/db/queues/producer';
import { ReplayStorage } from '@rlcoach/db/storage/replay-storage';
import { sweepQueuedReplays } from '../src/sweep.js';
import {
  REDIS_URL,
  createUser,
  deleteKeys,
  demoBytes,
  DEMO_FILES,
  tempDir,
  unique,
  writeTemp,
} from './support.js';

let db: TestDatabase;
let producer: ReplayProducer;
let deps: IngestDeps;
let tmp: Awaited<ReturnType<typeof tempDir>>;
const prefix = unique('ingest');

beforeAll(async () => {
  db = await createTestDatabase('ingest');
  tmp = await tempDir('ingest');
  producer = new ReplayProducer({ redisUrl: REDIS_URL, prefix });
  await producer.ready();
  deps = { orm: db.orm, storage: new ReplayStorage(`${tmp.dir}/store`), enqueue: producer };
});
afterAll(async () => {
  await producer?.close();
  await deleteKeys(`${prefix}:*`);
  await db?.drop();
  await tmp?.cleanup();
});

async function upload(userId: string, fileName: string, bytes: Uint8Array, d: IngestDeps = deps) {
  const batch = await createUploadBatch(db.orm.em.fork(), userId, 1);
  const tempPath = await writeTemp(tmp.dir, `${unique('f')}.replay`, bytes);
  return ingestReplayFile(d, { userId, batchId: batch.id, fileName, tempPath, sizeBytes: bytes.length });
}

/** Earlier tests stored these bytes already: remove that replay so the upload is new again. */
const forget = (bytes: Uint8Array) =>
  db.orm.em.fork().nativeDelete(Replay, { fileSha256: createHash('sha256').update(bytes).digest('hex') });

const ownersOf = (replayId: string) => db.orm.em.fork().getRepository(Replay).ownerIds(replayId);

describe('ingestReplayFile', () => {
  it('accepts a replay: stores it, writes the rows, enqueues one job, returns a header preview', async () => {
    const user = await createUser(db.orm, 'alice');
    const r = await upload(user, 'match.replay', await demoBytes(DEMO_FILES[0]));
    expect(r.outcome).toBe(UploadOutcome.Accepted);
    expect(r.preview?.matchGuid).toBe('74F7F8D011F09A56208CB2BC736BCBEC');
    expect(r.preview?.mapCode).toBe('UtopiaStadium_P');
    const replay = await db.orm.em.fork().findOneOrFail(Replay, r.replayId!);
    expect(replay.status).toBe(ReplayStatus.Queued);
    expect(replay.storageKey).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}\.replay$/);
    expect(
      replay.storageKey.startsWith(`${replay.fileSha256.slice(0, 2)}/${replay.fileSha256.slice(2, 4)}/`),
    ).toBe(true);
    expect(existsSync(deps.storage.pathOf(replay.storageKey))).toBe(true);
    expect(replay.playedAt?.toISOString()).toBe(r.preview?.playedAt);
    expect(await ownersOf(replay.id)).toEqual([user]);
    const item = await db.orm.em.fork().findOneOrFail(UploadItem, r.uploadItemId);
    expect(item.outcome).toBe(UploadOutcome.Accepted);
    expect(item.replay?.id).toBe(replay.id);
    expect(await producer.hasJob(replay.id)).toBe(true);
  });

  it('deduplicates by file hash: a second uploader is linked to the same replay, nothing re-enqueued', async () => {
    const [a, b] = [await createUser(db.orm, 'a'), await createUser(db.orm, 'b')];
    const bytes = await demoBytes(DEMO_FILES[1]);
    const first = await upload(a, 'x.replay', bytes);
    const depthBefore = await producer.queueDepth();
    const second = await upload(b, 'y.replay', bytes);
    const again = await upload(a, 'x-again.replay', bytes);
    expect(first.outcome).toBe(UploadOutcome.Accepted);
    expect(second).toMatchObject({ outcome: UploadOutcome.Duplicate, replayId: first.replayId });
    expect(again).toMatchObject({ outcome: UploadOutcome.Duplicate, replayId: first.replayId });
    expect((await ownersOf(first.replayId!)).sort()).toEqual([a, b].sort());
    expect(await producer.queueDepth()).toBe(depthBefore);
  });

  it('does not deduplicate by match GUID: different bytes with a known GUID are their own replay until decoded', async () => {
    const [a, b] = [await createUser(db.orm, 'a'), await createUser(db.orm, 'b')];
    const bytes = await demoBytes(DEMO_FILES[2]);
    const variant = new Uint8Array(bytes.length + 1);
    variant.set(bytes); // one trailing byte: another hash, same header
    const first = await upload(a, 'one.replay', bytes);
    const second = await upload(b, 'two.replay', variant);
    expect(second.outcome).toBe(UploadOutcome.Accepted);
    expect(second.replayId).not.toBe(first.replayId);
    expect(await ownersOf(first.replayId!)).toEqual([a]);
    expect(await ownersOf(second.replayId!)).toEqual([b]);
    expect(await producer.hasJob(second.replayId!)).toBe(true);
    expect(await db.orm.em.fork().count(Replay, { matchGuid: first.preview!.matchGuid })).toBe(2);
  });

  it('keeps one replay when two users upload the same new match at the same moment', async () => {
    const [a, b] = [await createUser(db.orm, 'a'), await createUser(db.orm, 'b')];
    const bytes = await demoBytes(DEMO_FILES[0]);
    const fresh = new Uint8Array(bytes.length + 7);
    fresh.set(bytes);
    // Use a new GUID-less identity: change the hash only, then delete the original so neither exists yet.
    await db.orm.em.fork().nativeDelete(Replay, { matchGuid: '74F7F8D011F09A56208CB2BC736BCBEC' });
    const [r1, r2] = await Promise.all([upload(a, 'a.replay', fresh), upload(b, 'b.replay', fresh)]);
    expect(r1.replayId).toBe(r2.replayId);
    expect([r1.outcome, r2.outcome].sort()).toEqual([UploadOutcome.Accepted, UploadOutcome.Duplicate]);
    expect((await ownersOf(r1.replayId!)).sort()).toEqual([a, b].sort());
  });

  it.each([
    [
      'a text file',
      new TextEncoder().encode('hello, this is not a replay at all\n'.repeat(10)),
      'NOT_A_REPLAY',
    ],
    ['an empty file', new Uint8Array(0), 'EMPTY_FILE'],
  ])('rejects %s with a clear code and stores nothing', async (_label, bytes, code) => {
    const user = await createUser(db.orm, 'c');
    const before = await db.orm.em.fork().count(Replay);
    const r = await upload(user, 'bad.replay', bytes);
    expect(r.outcome).toBe(UploadOutcome.Rejected);
    expect(r.error?.code).toBe(code);
    expect(r.error?.message.length).toBeGreaterThan(10);
    expect(await db.orm.em.fork().count(Replay)).toBe(before);
    const item = await db.orm.em.fork().findOneOrFail(UploadItem, r.uploadItemId);
    expect(item).toMatchObject({ outcome: UploadOutcome.Rejected, errorCode: code });
  });

  it('rejects a replay whose header is cut short as CORRUPT_HEADER', async () => {
    const user = await createUser(db.orm, 'c');
    const bytes = (await demoBytes(DEMO_FILES[1])).slice(0, 400);
    const r = await upload(user, 'cut.replay', bytes);
    expect(r).toMatchObject({ outcome: UploadOutcome.Rejected, error: { code: 'CORRUPT_HEADER' } });
  });

  it('records refusals made by the upload endpoint itself', async () => {
    const user = await createUser(db.orm, 'd');
    const batch = await createUploadBatch(db.orm.em.fork(), user, 1);
    const item = await recordRefusedUpload(db.orm.em.fork(), {
      batchId: batch.id,
      fileName: 'huge.replay',
      sizeBytes: 99,
      error: { code: 'FILE_TOO_LARGE', message: 'too big' },
    });
    expect(item.outcome).toBe(UploadOutcome.Rejected);
  });

  it('keeps the replay queued when enqueue fails after the commit; the outbox sweep enqueues it', async () => {
    const user = await createUser(db.orm, 'e');
    const bytes = await demoBytes(DEMO_FILES[1]);
    await db.orm.em.fork().nativeDelete(Replay, { matchGuid: 'F207566811F09001396D058468244BC6' });
    const warnings: string[] = [];
    const down: IngestDeps = {
      ...deps,
      enqueue: { enqueueReplay: () => Promise.reject(new Error('Redis is down')) },
      log: { warn: (m) => warnings.push(m) },
    };
    const r = await upload(user, 'late.replay', bytes, down);
    expect(r.outcome).toBe(UploadOutcome.Accepted);
    expect(warnings).toHaveLength(1);
    expect(await producer.hasJob(r.replayId!)).toBe(false);
    expect((await db.orm.em.fork().findOneOrFail(Replay, r.replayId!)).status).toBe(ReplayStatus.Queued);
    const swept = await sweepQueuedReplays(db.orm, producer, 0);
    expect(swept.enqueued).toContain(r.replayId);
    expect(await producer.hasJob(r.replayId!)).toBe(true);
    // A second sweep finds the job and does nothing.
    expect((await sweepQueuedReplays(db.orm, producer, 0)).enqueued).not.toContain(r.replayId);
  });

  it('commits an outbox row with the replay and delivers it right after the commit (no row left)', async () => {
    const user = await createUser(db.orm, 'o1');
    const bytes = await demoBytes(DEMO_FILES[0]);
    await forget(bytes);
    const r = await upload(user, 'outbox.replay', bytes);
    expect(r.outcome).toBe(UploadOutcome.Accepted);
    expect(await producer.hasJob(r.replayId!)).toBe(true);
    const left = await db.orm.em.fork().find(JobOutbox, {});
    expect(left.filter((row) => row.data.replayId === r.replayId)).toEqual([]);
  });

  it('keeps the outbox row when the enqueue fails; the relay enqueues it within one pass, with backoff on failure', async () => {
    const user = await createUser(db.orm, 'o2');
    const bytes = await demoBytes(DEMO_FILES[1]);
    await forget(bytes);
    await db.orm.em.fork().nativeDelete(JobOutbox, {}); // rows left by earlier tests would be relayed first
    const down: IngestDeps = {
      ...deps,
      enqueue: {
        enqueueReplay: () =>
          Promise.reject(Object.assign(new Error('Redis is down'), { code: 'QUEUE_UNAVAILABLE' })),
      },
      log: { warn: () => {} },
    };
    const r = await upload(user, 'outbox-late.replay', bytes, down);
    expect(r.outcome).toBe(UploadOutcome.Accepted);
    const rows = await db.orm.em.fork().find(JobOutbox, {});
    expect(rows.map((row) => row.data.replayId)).toContain(r.replayId);
    expect(rows.find((row) => row.data.replayId === r.replayId)!.jobId).toBe(`replay-process-${r.replayId}`);

    // Redis still down: the row stays, pushed back with the reason.
    const failed = await relayOutbox(db.orm, down.enqueue, { minAgeMs: 0 });
    expect(failed).toEqual({ enqueued: 0, failed: 1 });
    const pushed = await db.orm.em.fork().findOneOrFail(JobOutbox, { jobId: `replay-process-${r.replayId}` });
    expect(pushed.attempts).toBe(1);
    expect(pushed.lastError).toContain('Redis is down');
    expect(pushed.availableAt.getTime()).toBeGreaterThan(Date.now());

    // Back up: once due, one pass enqueues it and empties the outbox.
    await db.orm.em
      .fork()
      .nativeUpdate(JobOutbox, { id: pushed.id }, { availableAt: new Date(Date.now() - 1) });
    expect(await relayOutbox(db.orm, producer, { minAgeMs: 0 })).toEqual({ enqueued: 1, failed: 0 });
    expect(await producer.hasJob(r.replayId!)).toBe(true);
    expect(await db.orm.em.fork().count(JobOutbox, { id: pushed.id })).toBe(0);
  });

  it('lets two relays run at once without enqueueing a row twice (SKIP LOCKED)', async () => {
    const em = db.orm.em.fork();
    const ids = Array.from(
      { length: 20 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    for (const id of ids)
      em.create(JobOutbox, {
        jobName: 'replay.process',
        jobId: `replay-process-${id}`,
        data: { replayId: id },
        createdAt: new Date(Date.now() - 5000),
        availableAt: new Date(Date.now() - 5000),
      } as unknown as JobOutbox);
    await em.flush();
    const seen: string[] = [];
    const slow = {
      enqueueReplay: async (id: string) => {
        seen.push(id);
        await new Promise((r) => setTimeout(r, 5));
      },
    };
    const [a, b] = await Promise.all([relayOutbox(db.orm, slow), relayOutbox(db.orm, slow)]);
    expect(a.enqueued + b.enqueued).toBe(20);
    expect(seen.sort()).toEqual([...ids].sort());
    expect(
      await db.orm.em.fork().count(JobOutbox, { jobId: { $in: ids.map((id) => `replay-process-${id}`) } }),
    ).toBe(0);
  });

  it('does not re-enqueue a duplicate of a failed replay', async () => {
    const [a, b] = [await createUser(db.orm, 'f'), await createUser(db.orm, 'g')];
    const bytes = await demoBytes(DEMO_FILES[2]);
    await db.orm.em.fork().nativeDelete(Replay, { matchGuid: 'E3015E6011F11CB1F0559C8BD16595B0' });
    const first = await upload(a, 'f.replay', bytes);
    await producer.queue.remove(
      (await producer.queue.getJobs(['waiting'])).find((j) => j.data.replayId === first.replayId)!.id!,
    );
    await db.orm.em.fork().nativeUpdate(Replay, first.replayId!, {
      status: ReplayStatus.Failed,
      stage: 'failed',
      error: 'corrupt',
    });
    const second = await upload(b, 'g.replay', bytes);
    expect(second).toMatchObject({ outcome: UploadOutcome.Duplicate, replayId: first.replayId });
    expect(await producer.hasJob(first.replayId!)).toBe(false);
    expect((await db.orm.em.fork().findOneOrFail(Replay, first.replayId!)).status).toBe(ReplayStatus.Failed);
  });
});

describe('ReplayProducer', () => {
  it('uses derived job ids: enqueueing the same replay twice leaves one job', async () => {
    const id = '11111111-1111-4111-8111-111111111111';
    const prodPrefix = unique('prod');
    const p = new ReplayProducer({ redisUrl: REDIS_URL, prefix: prodPrefix });
    try {
      await p.ready();
      expect(await p.enqueueReplay(id)).toBe(`replay-process-${id}`);
      await p.enqueueReplay(id);
      expect(await p.queueDepth()).toBe(1);
    } finally {
      await p.close();
      await deleteKeys(`${prodPrefix}:*`);
    }
  });

  it('fails fast when Redis is unreachable instead of hanging', async () => {
    const p = new ReplayProducer({ redisUrl: 'redis://127.0.0.1:1', prefix: unique('down') });
    const started = Date.now();
    await expect(p.enqueueReplay('22222222-2222-4222-8222-222222222222')).rejects.toMatchObject({
      code: 'QUEUE_UNAVAILABLE',
    });
    await expect(p.queueDepth()).rejects.toMatchObject({ code: 'QUEUE_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(5_000);
    await p.close();
  });
});
